// The export files' columns (keys, headers, default order): zod-free, for the browser's first page
// (facts.ts); export.ts builds the export queries from them and re-exports them.
import type { CicdImage, RegistryImage } from './hss';

export interface ExportColumn<K extends string = string> {
  /** The response field name (`columns=` takes these). */
  key: K;
  /** The header row's readable name. */
  header: string;
}

/**
 * Every field of a repository image, in the default column order: what people filter and sort
 * by first, identifiers and registry details after. Times are ISO 8601 UTC, sizes in bytes.
 */
export const REGISTRY_EXPORT_COLUMNS = [
  { key: 'namespace', header: 'Namespace' },
  { key: 'image_name', header: 'Image name' },
  { key: 'image_version', header: 'Image version (tag)' },
  { key: 'image_type', header: 'Image type' },
  { key: 'scan_status', header: 'Scan status' },
  { key: 'severity_level', header: 'Severity' },
  { key: 'vul_num', header: 'Vulnerabilities' },
  { key: 'malicious_file_num', header: 'Malicious files' },
  { key: 'unsafe_setting_num', header: 'Baseline risks' },
  // A multi-architecture parent (manifest list) is never scanned itself: its members' risk
  // rolled up (worst severity, summed counts); empty on every other row.
  { key: 'multi_arch', header: 'Multi-architecture family' },
  { key: 'rollup_severity_level', header: 'Roll-up severity (multi-arch)' },
  { key: 'rollup_vul_num', header: 'Roll-up vulnerabilities (multi-arch)' },
  { key: 'rollup_malicious_file_num', header: 'Roll-up malicious files (multi-arch)' },
  { key: 'rollup_unsafe_setting_num', header: 'Roll-up baseline risks (multi-arch)' },
  { key: 'image_size', header: 'Image size (bytes)' },
  { key: 'latest_scan_time', header: 'Last scan (UTC)' },
  { key: 'latest_update_time', header: 'Last update (UTC)' },
  { key: 'latest_sync_time', header: 'Last sync (UTC)' },
  { key: 'latest_version', header: 'Latest version' },
  { key: 'registry_name', header: 'Registry name' },
  { key: 'registry_type', header: 'Registry type' },
  { key: 'registry_id', header: 'Registry ID' },
  { key: 'instance_name', header: 'Instance name' },
  { key: 'instance_id', header: 'Instance ID' },
  { key: 'instance_url', header: 'Instance URL' },
  { key: 'domain_name', header: 'Domain name' },
  { key: 'shared_status', header: 'Shared status' },
  { key: 'scannable', header: 'Scannable' },
  { key: 'is_multiple_arch', header: 'Multi-architecture' },
  { key: 'scan_failed_code', header: 'Scan failure code' },
  { key: 'scan_failed_desc', header: 'Scan failure reason' },
  { key: 'id', header: 'Record ID' },
  { key: 'image_id', header: 'Image ID' },
  { key: 'image_digest', header: 'Image digest' },
  { key: 'association_images', header: 'Associated images' },
] as const satisfies readonly ExportColumn<keyof RegistryImage | MultiArchExportKey>[];

/** Export columns computed from a multi-architecture family rather than stored on the row. */
export const MULTI_ARCH_EXPORT_KEYS = [
  'multi_arch',
  'rollup_severity_level',
  'rollup_vul_num',
  'rollup_malicious_file_num',
  'rollup_unsafe_setting_num',
] as const;
export type MultiArchExportKey = (typeof MULTI_ARCH_EXPORT_KEYS)[number];

/** Every field of a CI/CD image, in the default column order. */
export const CICD_EXPORT_COLUMNS = [
  { key: 'namespace', header: 'Namespace' },
  { key: 'image_name', header: 'Image name' },
  { key: 'image_version', header: 'Image version (tag)' },
  { key: 'cicd_name', header: 'CI/CD name' },
  { key: 'pipeline_type', header: 'Pipeline type' },
  { key: 'scan_status', header: 'Scan status' },
  { key: 'severity_level', header: 'Severity' },
  { key: 'vul_num', header: 'Vulnerabilities' },
  { key: 'malicious_file_num', header: 'Malicious files' },
  { key: 'unsafe_setting_num', header: 'Baseline risks' },
  { key: 'image_size', header: 'Image size (bytes)' },
  { key: 'latest_scan_time', header: 'Last scan (UTC)' },
  { key: 'latest_update_time', header: 'Last update (UTC)' },
  { key: 'latest_version', header: 'Latest version' },
  { key: 'registry_name', header: 'Registry name' },
  { key: 'registry_type', header: 'Registry type' },
  { key: 'image_type', header: 'Image type' },
  { key: 'scan_failed_code', header: 'Scan failure code' },
  { key: 'scan_failed_desc', header: 'Scan failure reason' },
  { key: 'image_id', header: 'Image ID' },
  { key: 'image_digest', header: 'Image digest' },
] as const satisfies readonly ExportColumn<keyof CicdImage>[];

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
