// The tolerant vendor record schemas, pinned: which fields they output, in which order and with
// which values, for a record with every field absent and for one whose fields come in the other
// types the vendors send. The snapshot was taken before the schemas shared their field groups, so
// any change in what they output fails here.
import { describe, expect, it } from 'vitest';
import { AcrRepositorySchema, AcrTagSchema } from './acr';
import { AssociateImageSchema, CicdImageSchema, RegistryImageSchema } from './hss';
import { SwrRepositorySchema } from './swr';

/** Every field a schema reads, given a value of the type the vendor documents least. */
const STRAY_VALUES: Record<string, unknown> = {
  id: '42',
  ns_id: 7,
  image_id: 1234,
  image_name: 'web',
  namespace: 'payments',
  image_digest: 'sha256:abc',
  image_version: 17,
  image_type: 'private_image',
  registry_id: 99,
  registry_name: null,
  registry_type: 'SwrPrivate',
  cicd_name: 'build',
  pipeline_type: 'jenkins',
  latest_version: 'true',
  scan_status: 'success',
  scan_failed_desc: '',
  scan_failed_code: undefined,
  image_size: '1,000 (bytes)',
  latest_update_time: '1700000000000',
  latest_scan_time: 1700000000001,
  latest_sync_time: '9223372036854775807',
  vul_num: 3.9,
  unsafe_setting_num: '2',
  malicious_file_num: -1,
  domain_name: 'example.com',
  shared_status: 'effective',
  scannable: 1,
  is_multiple_arch: false,
  instance_name: 'ee',
  instance_id: 'ins-1',
  instance_url: 'https://ee.example.com',
  severity_level: 'High',
  association_images: { id: 5, image_name: 'web-arm64' },
  RepoId: 'crr-1',
  RepoName: 'web',
  RepoNamespaceName: 'payments',
  RepoType: 'PRIVATE',
  RepoStatus: 'NORMAL',
  RepoBuildType: 'MANUAL',
  Summary: 1,
  InstanceId: 'cri-1',
  CreateTime: '1700000000000',
  ModifiedTime: 0,
  Tag: 'v1',
  Digest: 'sha256:def',
  ImageId: 'img',
  Status: 'NORMAL',
  ImageSize: '2048',
  ImageCreate: 1700000000000,
  ImageUpdate: '',
  name: 'web',
  category: 'linux',
  description: null,
  creator_id: 12,
  creator_name: 'ops',
  size: '10',
  is_public: 'true',
  num_images: 4,
  num_download: '5',
  url: 'swr.example.com/payments/web',
  path: 'swr.example.com/payments/web',
  internal_path: 'swr.internal/payments/web',
  created: '2024-01-01T00:00:00Z',
  updated: 1,
  domain_id: 'd1',
  priority: '3',
};

const SCHEMAS = {
  RegistryImageSchema,
  CicdImageSchema,
  AssociateImageSchema,
  AcrRepositorySchema,
  AcrTagSchema,
  SwrRepositorySchema,
};

describe('vendor record schemas', () => {
  it('output the same fields, in the same order, with the same values', async () => {
    const outputs = Object.fromEntries(
      Object.entries(SCHEMAS).map(([name, schema]) => [
        name,
        {
          absent: schema.safeParse({ id: 1 }),
          stray: schema.safeParse(STRAY_VALUES),
        },
      ]),
    );
    await expect(`${JSON.stringify(outputs, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/vendor-records.json',
    );
  });
});
