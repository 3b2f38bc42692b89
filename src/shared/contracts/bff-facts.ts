// The BFF API's facts that need no schema (routes, error codes, enumerations, sort keys, limits):
// zod-free, so that the browser's first page can use them without loading zod (facts.ts).
import { SEVERITY_LEVELS } from './enums';

export const API_ROUTES = {
  accounts: '/api/accounts',
  sync: '/api/sync',
  syncRefresh: '/api/sync/refresh',
  registryImages: '/api/hss/registry-images',
  cicdImages: '/api/hss/cicd-images',
  registryImagesExport: '/api/hss/registry-images/export.csv',
  cicdImagesExport: '/api/hss/cicd-images/export.csv',
  basicImage: '/api/hss/images/:image_id/basic-image',
  swrRepository: '/api/swr/namespaces/:namespace/repos/:repository',
  acrRepos: '/api/acr/repos',
  acrTags: '/api/acr/repos/:RepoId/tags',
  // The ACR tags of every repository, from the inventory (the HSS lists' features).
  acrTagList: '/api/acr/tags',
  acrTagListFacets: '/api/acr/tags/facets',
  acrTagListExport: '/api/acr/tags/export.csv',
  registryImagesFacets: '/api/hss/registry-images/facets',
  cicdImagesFacets: '/api/hss/cicd-images/facets',
  registryImage: '/api/hss/registry-images/:id',
  cicdImage: '/api/hss/cicd-images/:record_key',
  riskSummary: '/api/hss/risk-summary',
  riskHistory: '/api/hss/risk-history',
  changes: '/api/changes',
  changesExport: '/api/changes/export.csv',
  views: '/api/views',
  view: '/api/views/:id',
  rules: '/api/rules',
  rule: '/api/rules/:id',
  ruleTest: '/api/rules/:id/test',
  ruleDeliveries: '/api/rules/:id/deliveries',
  search: '/api/search',
  baseImages: '/api/base-images',
  baseImagesExport: '/api/base-images/export.csv',
  searchExport: '/api/search/export.csv',
  searchCrossCloud: '/api/search/cross-cloud',
  sessionLogout: '/api/session/logout',
  sessionRevokeAll: '/api/session/revoke-all',
  session: '/api/session',
  tokens: '/api/tokens',
  token: '/api/tokens/:id',
  // Single sign-on (OIDC_*): open to everyone, like the pages; 404 when single sign-on is off.
  authLogin: '/auth/login',
  authCallback: '/auth/callback',
  audit: '/api/audit',
  auditExport: '/api/audit/export.csv',
  healthz: '/healthz',
  readyz: '/readyz',
} as const;

/** Rows per page of the app's lists until the user picks another size (the BFF warms it). */
export const DEFAULT_PAGE_SIZE = 20;

export const APP_ROUTES = {
  overview: '/',
  registryImages: '/registry-images',
  cicdImages: '/cicd-images',
  acr: '/acr',
  changes: '/changes',
  views: '/views',
  rules: '/rules',
  rule: '/rules/:id',
  baseImages: '/base-images',
  search: '/search',
  tokens: '/tokens',
  audit: '/audit',
} as const;

export const ERROR_CODES = [
  'invalid_parameter',
  'unauthorized',
  // 403: a request that changes something, with the session cookie, from another origin; or a
  // route the signed-in role may not use (the message names the role it needs).
  'forbidden',
  'not_found',
  // 409: the request would break something that depends on the resource (a view a rule follows).
  'conflict',
  'throttled',
  'upstream_error',
  'upstream_timeout',
  // 503: a circuit breaker holds calls to an upstream that keeps failing.
  'upstream_unavailable',
  'not_ready',
  // 503: the shared inventory database (PostgreSQL) cannot be reached.
  'database_unavailable',
  // 429 with Retry-After: too many inventory computations (cache misses) queued; ask again later.
  'server_busy',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const PROVIDERS = ['huawei', 'alibaba'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const IMAGE_LISTS = ['registry', 'cicd'] as const;
export type ImageList = (typeof IMAGE_LISTS)[number];

export const SYNC_STATES = ['pending', 'crawling', 'idle', 'syncing', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** A circuit breaker per credential and API (server/upstream/circuit-breaker.ts). */
export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** What a manual refresh asks for: an incremental cycle, or a full mark-and-sweep crawl. */
export const SYNC_REFRESH_KINDS = ['incremental', 'full'] as const;
export type SyncRefreshKind = (typeof SYNC_REFRESH_KINDS)[number];

export const SEVERITY_FILTERS = [...SEVERITY_LEVELS, 'unrated'] as const;

/** The scan result columns both lists sort by, in the order their sort keys list them. */
const SCAN_RESULT_SORT_KEYS = [
  'scan_status',
  'severity_level',
  'image_size',
  'vul_num',
  'unsafe_setting_num',
  'malicious_file_num',
] as const;

export const REGISTRY_SORT_KEYS = [
  'latest_scan_time',
  'latest_update_time',
  'latest_sync_time',
  'image_name',
  'namespace',
  'image_version',
  'image_type',
  'registry_name',
  'registry_type',
  ...SCAN_RESULT_SORT_KEYS,
  'instance_name',
  'id',
] as const;

export const CICD_SORT_KEYS = [
  'latest_scan_time',
  'latest_update_time',
  'image_name',
  'namespace',
  'image_version',
  'cicd_name',
  'registry_name',
  ...SCAN_RESULT_SORT_KEYS,
  'image_id',
] as const;

/** At most this many exact namespaces in one `namespaces` filter. */
export const NAMESPACES_MAX = 50;
/** Length range of the image lists' free-text search (`q`, an extension). */
export const LIST_SEARCH_LENGTH = { min: 1, max: 256 } as const;

/** A list page from the inventory: the upstream shape plus when the data was last synced. */
export interface ListPage<T> {
  total_num: number;
  data_list: T[];
  /** Epoch ms of the last successful sync of this list, null before the first. */
  synced_at: number | null;
}
/** Fills `:name` placeholders of a route path, encoding each segment. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** The response header carrying `fetched_at` (epoch ms) on every cached detail answer. */
