// CSV exports of the image lists (GET /api/hss/{registry,cicd}-images/export.csv): the columns a
// file can hold, their readable headers and default order, and the query each route accepts.
//
// The query is the list's own query (same filters, search and sort) plus `columns`. An export is
// the WHOLE filtered set, so `offset` and `limit` are rejected with a 400 rather than ignored: a
// script that passes them expects a page and would otherwise silently get every row.
import { z } from 'zod';
import { CicdImagesListQuerySchema, RegistryImagesListQuerySchema } from './bff';
import { CICD_TIME_RANGES, REGISTRY_TIME_RANGES, type CicdImage, type RegistryImage } from './hss';
import { checkTimeRanges } from './params';

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
] as const satisfies readonly ExportColumn<keyof RegistryImage>[];

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

/**
 * `columns=namespace,image_name,...`: keys from the list, each once, at least one; absent means
 * every column in the default order. Parsed to the keys in the order given.
 */
export function exportColumnsParam<const K extends string>(columns: readonly ExportColumn<K>[]) {
  const known = new Set<string>(columns.map((column) => column.key));
  return z.string().transform((value, ctx): K[] => {
    const keys = value.split(',');
    const seen = new Set<string>();
    for (const key of keys) {
      let message: string | undefined;
      if (key === '') message = 'must list one or more column keys, comma-separated';
      else if (!known.has(key))
        message = `has an unknown column "${key.slice(0, 64)}"; known: ${[...known].join(', ')}`;
      else if (seen.has(key)) message = `lists "${key}" twice`;
      if (message !== undefined) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      seen.add(key);
    }
    return keys as K[];
  });
}

const NOT_FOR_EXPORT = 'does not apply to an export, which always holds the whole filtered set';
/** Accepts only absence (a custom issue, so that the 400 says why rather than "is required"). */
const absentOnly = () =>
  z
    .string()
    .refine(() => false, { error: NOT_FOR_EXPORT })
    .optional();
const noPaging = { offset: absentOnly(), limit: absentOnly() };

export const RegistryImagesExportQuerySchema = z
  .strictObject({
    ...RegistryImagesListQuerySchema.shape,
    ...noPaging,
    columns: exportColumnsParam(REGISTRY_EXPORT_COLUMNS).optional(),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, REGISTRY_TIME_RANGES));
export type RegistryImagesExportQuery = z.infer<typeof RegistryImagesExportQuerySchema>;

export const CicdImagesExportQuerySchema = z
  .strictObject({
    ...CicdImagesListQuerySchema.shape,
    ...noPaging,
    columns: exportColumnsParam(CICD_EXPORT_COLUMNS).optional(),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, CICD_TIME_RANGES));
export type CicdImagesExportQuery = z.infer<typeof CicdImagesExportQuerySchema>;

/** Response headers of an export (besides Content-Type and Content-Disposition). */
export const EXPORT_HEADERS = {
  /** Data rows in the file, counted in the same snapshot before streaming. */
  totalCount: 'X-Total-Count',
  /** Epoch ms of the list's last sync, or `never`. */
  syncedAt: 'X-Data-Synced-At',
} as const;

/** `imagewatch-registry-images-<account>-<YYYY-MM-DD>.csv` (UTC date; account made file-safe). */
export function exportFileName(list: 'registry' | 'cicd', account: string, at: Date): string {
  const safeAccount = account.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'account';
  const day = at.toISOString().slice(0, 10);
  return `imagewatch-${list === 'registry' ? 'registry' : 'cicd'}-images-${safeAccount}-${day}.csv`;
}
