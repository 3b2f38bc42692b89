import { describe, expect, it } from 'vitest';
import { CicdImageRowSchema, RegistryImageSchema } from '../../shared/contracts';
import { basicImageRequest, detailImageKey, swrRepositoryOf } from './detail-image';

const registry = RegistryImageSchema.parse({
  id: '9223372036854775807',
  namespace: 'payments',
  image_name: 'api',
  image_version: '1.4.2',
  image_id: 'img-1',
  image_digest: 'sha256:aa',
  image_type: 'private_image',
  registry_type: 'SwrPrivate',
});
const cicd = CicdImageRowSchema.parse({
  image_id: 'cicd-7',
  image_name: 'build',
  image_type: 'cicd',
  record_key: 'Q2ljZC03LWtleQ',
});

describe('detail image', () => {
  it('keys repository images by record id and CI/CD images by record key', () => {
    expect(detailImageKey({ kind: 'registry', image: registry })).toBe('9223372036854775807');
    expect(detailImageKey({ kind: 'cicd', image: cicd })).toBe('Q2ljZC03LWtleQ');
  });

  it('asks for the basic image as the vendor page says, per kind of image', () => {
    expect(basicImageRequest({ kind: 'registry', image: registry })).toEqual({
      available: true,
      imageId: 'img-1',
      params: {
        image_type: 'private_image',
        namespace: 'payments',
        image_name: 'api',
        image_version: '1.4.2',
      },
    });
    expect(basicImageRequest({ kind: 'cicd', image: cicd })).toEqual({
      available: true,
      imageId: 'cicd-7',
      params: { image_type: 'cicd' },
    });
    // ListImageBasicImage takes no jfrog images.
    const jfrog = { ...registry, image_type: 'jfrog' };
    expect(basicImageRequest({ kind: 'registry', image: jfrog })).toEqual({
      available: false,
      reason: 'no-lookup',
      imageType: 'jfrog',
    });
    // Seed 000: namespace, image_name and image_version are optional; the image id is not.
    const untagged = { ...registry, image_version: '' };
    expect(basicImageRequest({ kind: 'registry', image: untagged })).toEqual({
      available: true,
      imageId: 'img-1',
      params: { image_type: 'private_image', namespace: 'payments', image_name: 'api' },
    });
    const noId = { ...registry, image_id: '' };
    expect(basicImageRequest({ kind: 'registry', image: noId })).toEqual({
      available: false,
      reason: 'no-image-id',
      imageType: 'private_image',
    });
  });

  it('finds the SWR repository of SWR images only', () => {
    expect(swrRepositoryOf({ kind: 'registry', image: registry })).toEqual({
      edition: 'basic',
      namespace: 'payments',
      repository: 'api',
    });
    const harbor = { ...registry, registry_type: 'Harbor' };
    expect(swrRepositoryOf({ kind: 'registry', image: harbor })).toBeUndefined();
    // SWR Enterprise Edition: not ShowRepository's (seed 002 is the basic edition's API).
    const enterprise = { ...registry, registry_type: 'SwrEnterprise', instance_name: 'ent-prod' };
    expect(swrRepositoryOf({ kind: 'registry', image: enterprise })).toEqual({
      edition: 'enterprise',
      instanceName: 'ent-prod',
    });
  });
});
