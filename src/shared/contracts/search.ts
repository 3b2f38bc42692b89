// One search over the inventory (GET /api/search?q=, issue 23): artifacts joined by digest, each
// with every location it has and the HSS scan that travels with the digest. The key kinds a `q`
// can be are classified by server/search/search-key.ts; this file holds the parameters' bounds and
// the answer's shape.
import { z } from 'zod';
import { EXPORT_LANGUAGES, type ColumnTitles } from './export-headers';
import type { Provider } from './bff-facts';
import { textParam } from './params';

/** `q` longer than this is refused (400 naming `q`). */
export const SEARCH_QUERY_MAX = 300;
/** A digest prefix needs at least this many hex digits (fewer: text, or 400 after `sha256:`). */
export const DIGEST_PREFIX_MIN = 12;
/** Artifacts in one answer; more are counted (`total`) and flagged (`truncated`), never dropped silently. */
export const SEARCH_ARTIFACTS_MAX = 50;

/** Where a location lives: the HSS repository images, the HSS CI/CD images, and (later) ACR. */
export const SEARCH_SOURCES = ['hss_registry', 'hss_cicd', 'acr'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

/** The cloud of each source: an artifact in more than one is counted on the overview's card. */
export const SEARCH_SOURCE_CLOUDS = {
  hss_registry: 'huawei',
  hss_cicd: 'huawei',
  acr: 'alibaba',
} as const satisfies Record<SearchSource, Provider>;

export const SearchQuerySchema = z.strictObject({
  q: textParam(1, SEARCH_QUERY_MAX),
  account: textParam(1, 64).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchExportQuerySchema = SearchQuerySchema.extend({
  lang: z
    .enum(EXPORT_LANGUAGES, { error: `must be one of ${EXPORT_LANGUAGES.join(', ')}` })
    .optional(),
});
export type SearchExportQuery = z.infer<typeof SearchExportQuerySchema>;

/** One place an artifact lives: its source and the record's identifying fields (ids as strings). */
export const SearchLocationSchema = z
  .object({ source: z.enum(SEARCH_SOURCES), account: z.string() })
  .catchall(z.string());
export type SearchLocation = z.infer<typeof SearchLocationSchema>;

/** The HSS scan that travels with a digest, and the location where it was made. */
export const SearchScanSchema = z.object({
  source: z.enum(SEARCH_SOURCES),
  location: SearchLocationSchema,
  scan_status: z.string(),
  severity_level: z.string(),
  vul_num: z.number(),
  malicious_file_num: z.number(),
  unsafe_setting_num: z.number(),
  /** Epoch ms as a decimal string (64-bit safe), or null when the record has no scan time. */
  latest_scan_time: z.string().nullable(),
});
export type SearchScan = z.infer<typeof SearchScanSchema>;

export const SearchArtifactSchema = z.object({
  digest: z.string(),
  scan: SearchScanSchema.nullable(),
  locations: z.array(SearchLocationSchema),
});
export type SearchArtifact = z.infer<typeof SearchArtifactSchema>;

export const SEARCH_KEY_KINDS = [
  'digest',
  'digest_prefix',
  'name_tag',
  'reference',
  'text',
] as const;
export type SearchKeyKind = (typeof SEARCH_KEY_KINDS)[number];

export const SearchResponseSchema = z.object({
  /** How `q` was read. */
  kind: z.enum(SEARCH_KEY_KINDS),
  artifacts: z.array(SearchArtifactSchema),
  /** Artifacts matching `q`; more than `artifacts.length` only when `truncated`. */
  total: z.number(),
  truncated: z.boolean(),
  /**
   * False when counting stopped (free text in many records: the search reads no more than the
   * answer needs): `total` is then a lower bound, and more than `artifacts.length` match.
   */
  total_exact: z.boolean(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** Header titles of the search export's own columns (the image fields use IMAGE_EXPORT_HEADERS). */
export const SEARCH_EXPORT_HEADERS = {
  source: { en: 'Location', 'zh-CN': '位置' },
  account: { en: 'Account', 'zh-CN': '账号' },
  record_key: { en: 'Record key', 'zh-CN': '记录键' },
  scan_source: { en: 'Scan made at', 'zh-CN': '扫描所在位置' },
  tag_key: { en: 'ACR tag key', 'zh-CN': 'ACR 镜像版本键' },
  region_id: { en: 'Region', 'zh-CN': '地域' },
  repo_id: { en: 'ACR repository ID', 'zh-CN': 'ACR 仓库 ID' },
} as const satisfies Record<string, ColumnTitles>;
/** Artifacts in one export file; more are counted in X-Total-Count and flagged, never dropped silently. */
export const SEARCH_EXPORT_ARTIFACTS_MAX = 10_000;

/** GET /api/search/cross-cloud takes no parameter (400 naming any). */
export const CrossCloudQuerySchema = z.strictObject({});

/** GET /api/search/cross-cloud: the overview's cross-cloud card, over every account. */
export const CrossCloudSummarySchema = z.object({
  /** Digests with locations in more than one cloud. */
  multi_cloud_artifacts: z.number(),
  /** Per list whose records carry no HSS scan (ACR): its records, and those no HSS scan covers. */
  unscanned: z.array(
    z.object({ source: z.enum(SEARCH_SOURCES), locations: z.number(), not_covered: z.number() }),
  ),
});
export type CrossCloudSummary = z.infer<typeof CrossCloudSummarySchema>;
