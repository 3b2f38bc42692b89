import { describe, expect, it } from 'vitest';
import {
  CICD_SORT_KEYS,
  CicdImageSchema,
  MULTI_ARCH_EXPORT_KEYS,
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_SORT_KEYS,
  RegistryImageSchema,
  type CicdImage,
  type RegistryImage,
} from '../../shared/contracts';
import { createImageColumns, type ImageColumnOptions } from './image-columns';

function columnsOf<Row extends CicdImage | RegistryImage>(options?: ImageColumnOptions) {
  const shared = createImageColumns<Row>(options);
  return [...shared.identity, ...shared.scan, shared.digest, shared.latestVersion];
}

describe('createImageColumns', () => {
  it('keeps the ids that saved column choices and URLs use', () => {
    expect(columnsOf<CicdImage>().map((column) => column.id)).toEqual([
      'image',
      'namespace',
      'image_version',
      'scan_status',
      'scan_failed_desc',
      'severity_level',
      'vul_num',
      'malicious_file_num',
      'unsafe_setting_num',
      'image_size',
      'latest_scan_time',
      'latest_update_time',
      'image_digest',
      'latest_version',
    ]);
  });

  it('sorts only by keys both lists accept and exports only fields both rows have', () => {
    const sortKeys: readonly string[] = CICD_SORT_KEYS.filter((key) =>
      (REGISTRY_SORT_KEYS as readonly string[]).includes(key),
    );
    const cicdFields = Object.keys(CicdImageSchema.shape);
    const registryFields = Object.keys(RegistryImageSchema.shape);
    for (const column of columnsOf<RegistryImage>()) {
      if (column.meta?.sortKey) expect(sortKeys).toContain(column.meta.sortKey);
      for (const key of column.meta?.exportKeys ?? []) {
        expect(cicdFields).toContain(key);
        expect(registryFields).toContain(key);
      }
    }
  });

  it('exports the multi-arch family and roll-up beside image, severity and counts when asked', () => {
    const keysOf = (options?: ImageColumnOptions) =>
      columnsOf<RegistryImage>(options).flatMap((column) => column.meta?.exportKeys ?? []);
    const registryExport: readonly string[] = REGISTRY_EXPORT_COLUMNS.map((column) => column.key);
    const added = keysOf({ multiArchExport: true }).filter((key) => !keysOf().includes(key));
    expect(added).toEqual([...MULTI_ARCH_EXPORT_KEYS]);
    for (const key of added) expect(registryExport).toContain(key);
  });

  it('hides Size on narrow screens only when the table asks', () => {
    const size = (options?: ImageColumnOptions) =>
      columnsOf<CicdImage>(options).find((column) => column.id === 'image_size')?.meta;
    expect(size()).not.toHaveProperty('optional');
    expect(size({ optionalSize: true })).toMatchObject({ optional: true });
  });
});
