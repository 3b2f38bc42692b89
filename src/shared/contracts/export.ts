// CSV exports of the image lists (GET /api/hss/{registry,cicd}-images/export.csv): the columns a
// file can hold, their readable headers and default order, and the query each route accepts.
//
// The query is the list's own query (same filters, search and sort) plus `columns`. An export is
// the WHOLE filtered set, so `offset` and `limit` are rejected with a 400 rather than ignored: a
// script that passes them expects a page and would otherwise silently get every row.
import { z } from 'zod';
import { AcrTagListQuerySchema } from './acr';
import { ACR_TAG_TIME_RANGES } from './acr-facts';
import { CicdImagesListQuerySchema, RegistryImagesListQuerySchema, type ImageList } from './bff';
import { CICD_TIME_RANGES, REGISTRY_TIME_RANGES } from './hss';
import { EXPORT_LANGUAGES } from './export-headers';
import {
  ACR_TAG_LIST_EXPORT_COLUMNS,
  CICD_EXPORT_COLUMNS,
  REGISTRY_EXPORT_COLUMNS,
  type CicdExportColumnKey,
  type ExportColumn,
  type RegistryExportColumnKey,
} from './export-facts';
import { checkTimeRanges } from './params';

// The columns live in export-facts.ts (zod-free); importers of this module still find them here.
export * from './export-facts';

/** `lang=en|zh-CN`: the header row's language (absent: English, the machine-friendly default). */
export const ExportLanguageSchema = z.enum(EXPORT_LANGUAGES);

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

/**
 * The columns that tell rows apart (two tags of one image share everything else): the app adds
 * them to its exports unless the user leaves them out.
 */
export const EXPORT_IDENTIFIER_KEYS = {
  registry: ['image_digest', 'image_id', 'id'],
  cicd: ['image_digest', 'image_id'],
} as const satisfies {
  registry: readonly RegistryExportColumnKey[];
  cicd: readonly CicdExportColumnKey[];
};

/**
 * `values=codes` (the default): the API's own codes (`High`, `failed`), for scripts;
 * `values=labels`: the words the dashboard shows (`High risk`, `Failed`; in Chinese with
 * `lang=zh-CN`, from the app's `enums` catalogue: src/server/export/value-labels.ts), for people.
 */
export const EXPORT_VALUE_STYLES = ['codes', 'labels'] as const;
export type ExportValueStyle = (typeof EXPORT_VALUE_STYLES)[number];

const NOT_FOR_EXPORT = 'does not apply to an export, which always holds the whole filtered set';
/** Accepts only absence (a custom issue, so that the 400 says why rather than "is required"). */
const absentOnly = () =>
  z
    .string()
    .refine(() => false, { error: NOT_FOR_EXPORT })
    .optional();
const noPaging = { offset: absentOnly(), limit: absentOnly() };

/**
 * An export's query: its list's query without paging, plus the file's columns, value style and
 * header language;
 * the time ranges checked as the list checks them.
 */
function exportQuerySchema<Shape extends z.ZodRawShape, const K extends string>(
  list: z.ZodObject<Shape>,
  columns: readonly ExportColumn<K>[],
  timeRanges: readonly string[],
) {
  const exportFields = {
    ...noPaging,
    columns: exportColumnsParam(columns).optional(),
    values: z.enum(EXPORT_VALUE_STYLES).optional(),
    lang: ExportLanguageSchema.optional(),
  };
  const shape = { ...list.shape, ...exportFields } as Omit<Shape, keyof typeof exportFields> &
    typeof exportFields;
  return z.strictObject(shape).superRefine((value, ctx) => checkTimeRanges(value, ctx, timeRanges));
}

export const RegistryImagesExportQuerySchema = exportQuerySchema(
  RegistryImagesListQuerySchema,
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_TIME_RANGES,
);
export type RegistryImagesExportQuery = z.infer<typeof RegistryImagesExportQuerySchema>;

export const CicdImagesExportQuerySchema = exportQuerySchema(
  CicdImagesListQuerySchema,
  CICD_EXPORT_COLUMNS,
  CICD_TIME_RANGES,
);
export type CicdImagesExportQuery = z.infer<typeof CicdImagesExportQuerySchema>;

export const AcrTagListExportQuerySchema = exportQuerySchema(
  AcrTagListQuerySchema,
  ACR_TAG_LIST_EXPORT_COLUMNS,
  ACR_TAG_TIME_RANGES,
);
export type AcrTagListExportQuery = z.infer<typeof AcrTagListExportQuerySchema>;

/** Response headers of an export (besides Content-Type and Content-Disposition). */
export const EXPORT_HEADERS = {
  /** Data rows in the file, counted in the same snapshot before streaming. */
  totalCount: 'X-Total-Count',
  /** Epoch ms of the list's last sync, or `never`. */
  syncedAt: 'X-Data-Synced-At',
} as const;

/** The filters a file name carries, in this order, when the export has them. */
const FILE_NAME_FILTERS = [
  'q',
  'namespace',
  'image_name',
  'image_version',
  'severity_level',
  'scan_status',
  'image_type',
  'registry_name',
  'cicd_name',
  'has_vul',
  'has_malicious_file',
  'has_unsafe_setting',
  'risky',
] as const;

/** Text made file-safe: letters, digits, `.`, `_` and `-`; runs of anything else become `_`. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * `imagewatch-registry-images-<account>[-<filters>]-<YYYY-MM-DD>.csv` (UTC date): the list, the
 * main filters (`severity_level-High_Medium`, a `true` flag by its name) and the day, so that
 * files of different views can be told apart; file-safe and at most about 200 characters.
 */
/** Each list's name in its files' names. */
const FILE_NAME_LISTS = {
  registry: 'registry-images',
  cicd: 'cicd-images',
  acr: 'acr-tags',
} as const satisfies Record<ImageList | 'acr', string>;

export function exportFileName(
  list: keyof typeof FILE_NAME_LISTS,
  account: string,
  at: Date,
  filters: Readonly<Record<string, unknown>> = {},
): string {
  const safeAccount = fileSafe(account).slice(0, 64) || 'account';
  const day = at.toISOString().slice(0, 10);
  const parts: string[] = [];
  for (const key of FILE_NAME_FILTERS) {
    const value = filters[key];
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (value === true || value === 'true') parts.push(key);
    else if (value === 'false') parts.push(`no_${key.replace(/^has_/, '')}`);
    else parts.push(`${key}-${fileSafe(Array.isArray(value) ? value.join('_') : String(value))}`);
  }
  const described = fileSafe(parts.join('-'))
    .slice(0, 100)
    .replace(/[-_]+$/, '');
  return `imagewatch-${FILE_NAME_LISTS[list]}-${safeAccount}${
    described ? `-${described}` : ''
  }-${day}.csv`;
}
