// The export files' columns (keys, titles per language, default order): zod-free, for the
// browser's first page (facts.ts); export.ts builds the export queries from them and re-exports them.
import type { CicdImage, RegistryImage } from './hss';
import {
  ACR_TAG_EXPORT_HEADERS,
  IMAGE_EXPORT_HEADERS,
  type ColumnTitles,
  type ExportLanguage,
  type ImageExportColumnKey,
} from './export-headers';

export interface ExportColumn<K extends string = string> {
  /** The response field name (`columns=` takes these). */
  key: K;
  /** The header row's readable name: the default (English) title. */
  header: string;
  /** The header row's title in each language (`lang=`). */
  titles: ColumnTitles;
}

/** A file's columns from their keys, titled from the one table of titles. */
function exportColumns<const K extends ImageExportColumnKey>(keys: readonly K[]) {
  return keys.map((key): ExportColumn<K> => ({
    key,
    header: IMAGE_EXPORT_HEADERS[key].en,
    titles: IMAGE_EXPORT_HEADERS[key],
  }));
}

/** The header title of a column in `language`. */
export function exportHeader(column: ExportColumn, language: ExportLanguage): string {
  return column.titles[language];
}

/** What a person names an image by, first in both lists. */
const IMAGE_NAME_KEYS = ['namespace', 'image_name', 'image_version'] as const;
/** The scan and what it found, in the same order in both lists and in the search's CSV. */
export const SCAN_RISK_KEYS = [
  'scan_status',
  'severity_level',
  'vul_num',
  'malicious_file_num',
  'unsafe_setting_num',
] as const;

/** Export columns computed from a multi-architecture family rather than stored on the row. */
export const MULTI_ARCH_EXPORT_KEYS = [
  'multi_arch',
  'rollup_severity_level',
  'rollup_vul_num',
  'rollup_malicious_file_num',
  'rollup_unsafe_setting_num',
] as const;
export type MultiArchExportKey = (typeof MULTI_ARCH_EXPORT_KEYS)[number];

/**
 * Export columns read from the enrichment's answer for the image's digest (its first basic image:
 * "Debian 11" and the layer digest), empty while unknown or when HSS found none. Last in the
 * default order, so files written before them keep their column positions.
 */
export const BASIC_IMAGE_EXPORT_KEYS = ['basic_image', 'basic_image_digest'] as const;
export type BasicImageExportKey = (typeof BASIC_IMAGE_EXPORT_KEYS)[number];

/**
 * Every field of a repository image, in the default column order: what people filter and sort
 * by first, identifiers and registry details after. Times are ISO 8601 UTC, sizes in bytes.
 * A multi-architecture parent (manifest list) is never scanned itself: the multi-arch columns
 * hold its members' risk rolled up (worst severity, summed counts), empty on every other row.
 */
export const REGISTRY_EXPORT_COLUMNS = exportColumns([
  ...IMAGE_NAME_KEYS,
  'image_type',
  ...SCAN_RISK_KEYS,
  ...MULTI_ARCH_EXPORT_KEYS,
  'image_size',
  'latest_scan_time',
  'latest_update_time',
  'latest_sync_time',
  'latest_version',
  'registry_name',
  'registry_type',
  'registry_id',
  'instance_name',
  'instance_id',
  'instance_url',
  'domain_name',
  'shared_status',
  'scannable',
  'is_multiple_arch',
  'scan_failed_code',
  'scan_failed_desc',
  'id',
  'image_id',
  'image_digest',
  'association_images',
  ...BASIC_IMAGE_EXPORT_KEYS,
] as const satisfies readonly (keyof RegistryImage | MultiArchExportKey | BasicImageExportKey)[]);

/** Every field of a CI/CD image, in the default column order. */
export const CICD_EXPORT_COLUMNS = exportColumns([
  ...IMAGE_NAME_KEYS,
  'cicd_name',
  'pipeline_type',
  ...SCAN_RISK_KEYS,
  'image_size',
  'latest_scan_time',
  'latest_update_time',
  'latest_version',
  'registry_name',
  'registry_type',
  'image_type',
  'scan_failed_code',
  'scan_failed_desc',
  'image_id',
  'image_digest',
  ...BASIC_IMAGE_EXPORT_KEYS,
] as const satisfies readonly (keyof CicdImage | BasicImageExportKey)[]);

export type RegistryExportColumnKey = (typeof REGISTRY_EXPORT_COLUMNS)[number]['key'];
export type CicdExportColumnKey = (typeof CICD_EXPORT_COLUMNS)[number]['key'];

// Compile-time proof that the lists cover every response field (a new field must be placed).
type Missing<All, Listed> = Exclude<All, Listed>;
const registryCoversEveryField: Missing<keyof RegistryImage, RegistryExportColumnKey> extends never
  ? true
  : false = true;
const cicdCoversEveryField: Missing<keyof CicdImage, CicdExportColumnKey> extends never
  ? true
  : false = true;
void registryCoversEveryField;
void cicdCoversEveryField;

export const DEFAULT_REGISTRY_EXPORT_COLUMN_KEYS: readonly RegistryExportColumnKey[] =
  REGISTRY_EXPORT_COLUMNS.map((column) => column.key);
export const DEFAULT_CICD_EXPORT_COLUMN_KEYS: readonly CicdExportColumnKey[] =
  CICD_EXPORT_COLUMNS.map((column) => column.key);

/**
 * The ACR tag list's file (GET /api/acr/tags/export.csv): its stored columns, titled as the
 * page's repository export titles the same fields.
 */
const ACR_TAG_LIST_TITLES = {
  namespace: ACR_TAG_EXPORT_HEADERS.namespace,
  image_name: ACR_TAG_EXPORT_HEADERS.repository,
  image_version: ACR_TAG_EXPORT_HEADERS.tag,
  image_digest: ACR_TAG_EXPORT_HEADERS.digest,
  image_id: ACR_TAG_EXPORT_HEADERS.image_id,
  tag_status: ACR_TAG_EXPORT_HEADERS.status,
  image_size: ACR_TAG_EXPORT_HEADERS.size,
  image_create: ACR_TAG_EXPORT_HEADERS.created,
  image_update: ACR_TAG_EXPORT_HEADERS.updated,
  repo_type: { en: 'Repository type', 'zh-CN': '仓库类型' },
  repo_id: ACR_TAG_EXPORT_HEADERS.repo_id,
  instance_id: ACR_TAG_EXPORT_HEADERS.instance_id,
  region_id: { en: 'Region', 'zh-CN': '地域' },
} as const satisfies Record<string, ColumnTitles>;
export type AcrTagListExportColumnKey = keyof typeof ACR_TAG_LIST_TITLES;

export const ACR_TAG_LIST_EXPORT_COLUMNS = (
  Object.keys(ACR_TAG_LIST_TITLES) as AcrTagListExportColumnKey[]
).map((key): ExportColumn<AcrTagListExportColumnKey> => ({
  key,
  header: ACR_TAG_LIST_TITLES[key].en,
  titles: ACR_TAG_LIST_TITLES[key],
}));
