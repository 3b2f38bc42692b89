// The image a detail panel shows: a repository image or a CI/CD image, and what the panel derives
// from it (its URL key, how to ask for its basic image, its SWR repository).
import { BASIC_IMAGE_TYPES, isOneOf } from '../../shared/contracts/facts';
import type { CicdImageRow, RegistryImage, RegistryImageRow } from '../../shared/contracts';

export type DetailImage =
  { kind: 'registry'; image: DetailRegistryImage } | { kind: 'cicd'; image: CicdImageRow };

/** A repository image, with its multi-architecture family when the BFF answered it. */
export type DetailRegistryImage = RegistryImage & Partial<Pick<RegistryImageRow, 'multi_arch'>>;

/** The value of `image` in the URL: record id for repository images, record key for CI/CD ones. */
export function detailImageKey(detail: DetailImage): string {
  return detail.kind === 'registry' ? detail.image.id : detail.image.record_key;
}

/** Why no basic image can be asked for (the panel says it in the user's language). */
export type BasicImageUnavailable = 'no-lookup' | 'no-image-id';

export type BasicImageRequest =
  | { available: true; imageId: string; params: Record<string, string> }
  | { available: false; reason: BasicImageUnavailable; imageType: string };

/**
 * ListImageBasicImage's identification (seed 000): a CI/CD image by image_type=cicd and its id;
 * any other image by its image id with image_type and whatever of namespace, image_name and
 * image_version it has (the seed marks those three optional). The BFF answers only for images
 * its inventory holds, by their HSS image id.
 */
export function basicImageRequest(detail: DetailImage): BasicImageRequest {
  if (detail.kind === 'cicd') {
    if (!detail.image.image_id) {
      return { available: false, reason: 'no-image-id', imageType: detail.image.image_type };
    }
    return { available: true, imageId: detail.image.image_id, params: { image_type: 'cicd' } };
  }
  const image = detail.image;
  if (!isOneOf(BASIC_IMAGE_TYPES, image.image_type) || image.image_type === 'cicd') {
    return { available: false, reason: 'no-lookup', imageType: image.image_type };
  }
  if (!image.image_id) {
    return { available: false, reason: 'no-image-id', imageType: image.image_type };
  }
  const params: Record<string, string> = { image_type: image.image_type };
  if (image.namespace) params.namespace = image.namespace;
  if (image.image_name) params.image_name = image.image_name;
  if (image.image_version) params.image_version = image.image_version;
  return { available: true, imageId: image.image_id, params };
}

/**
 * The SWR repository of an image, by edition. ShowRepository (seed 002) is SWR basic edition's API
 * (registry_type SwrPrivate, SwrShared); an SWR Enterprise Edition instance (SwrEnterprise) keeps
 * its repositories elsewhere, so the panel says so instead of asking.
 */
export type SwrRepositoryRef =
  | { edition: 'basic'; namespace: string; repository: string }
  | { edition: 'enterprise'; instanceName: string };

export function swrRepositoryOf(detail: DetailImage): SwrRepositoryRef | undefined {
  const image = detail.image;
  if (image.registry_type === 'SwrEnterprise') {
    const instanceName = 'instance_name' in image ? image.instance_name : '';
    return { edition: 'enterprise', instanceName: instanceName || image.registry_name };
  }
  if (
    (image.registry_type !== 'SwrPrivate' && image.registry_type !== 'SwrShared') ||
    !image.namespace ||
    !image.image_name
  ) {
    return undefined;
  }
  return { edition: 'basic', namespace: image.namespace, repository: image.image_name };
}
