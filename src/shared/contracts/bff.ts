// The BFF's own HTTP API (README, "The BFF's API"): routes, the list queries it
// accepts (the upstream parameters plus documented extensions), and its response bodies.
import { z } from 'zod';
import { ListRepoTagResponseSchema, ListRepositoryResponseSchema } from './acr';
import { BaseImagesEnrichmentSchema } from './base-images';
import {
  CICD_SORT_KEYS,
  IMAGE_LISTS,
  LIST_SEARCH_LENGTH,
  NAMESPACES_MAX,
  PROVIDERS,
  REGISTRY_SORT_KEYS,
  SEVERITY_FILTERS,
  SYNC_REFRESH_KINDS,
  SYNC_STATES,
  CIRCUIT_STATES,
  type ListPage,
} from './bff-facts';
import { SCAN_STATUSES, REGISTRY_IMAGE_TYPES, SORT_DIRS } from './enums';
import {
  cicdImagesQueryShape,
  CICD_TIME_RANGES,
  IMAGE_SIZE_MAX,
  registryImagesQueryShape,
  REGISTRY_TIME_RANGES,
  CicdImageSchema,
  RegistryImageSchema,
} from './hss';
import {
  boolParam,
  checkTimeRanges,
  enumListParam,
  enumParam,
  intParam,
  textListParam,
  textParam,
} from './params';
// Its facts without zod moved to bff-facts.ts; importers of this module still find them here.
export * from './bff-facts';

// ---------------------------------------------------------------------------------------------
// Errors

export const UpstreamErrorInfoSchema = z.object({
  status: z.number().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
});
export type UpstreamErrorInfo = z.infer<typeof UpstreamErrorInfoSchema>;

/** Where an error came from: the request it answered and the upstream's own error, when known. */
const errorOriginShape = {
  request_id: z.string().optional(),
  upstream: UpstreamErrorInfoSchema.optional(),
};

/**
 * An error's machine-readable detail, beside `field`: why, how many candidates (search's 400),
 * which rules follow a view that cannot be deleted (409 `view_in_use`).
 */
export const ErrorDetailSchema = z.object({
  reason: z.string().optional(),
  candidates: z.number().optional(),
  rules: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  /**
   * How many more rules follow the view outside the caller's scope: counted, never named, so a
   * scoped user learns why the view stays without learning others' rules (issue 24).
   */
  hidden_rules: z.number().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    ...ErrorDetailSchema.shape,
    ...errorOriginShape,
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------------------------------------------------------------------------------------------
// Accounts and sync state

export const AccountSchema = z.object({
  id: z.string(),
  provider: z.enum(PROVIDERS),
  region: z.string(),
  name: z.string(),
  mode: z.enum(['demo', 'live']),
});
export type Account = z.infer<typeof AccountSchema>;

export const AccountsResponseSchema = z.object({ accounts: z.array(AccountSchema) });

export const BudgetStatusSchema = z.object({
  /** Calls allowed per window. */
  limit: z.number(),
  window_ms: z.number(),
  /** Calls that could be made right now. */
  available: z.number(),
  /** Calls made through this budget since start. */
  used: z.number(),
  /** Callers waiting for a token. */
  waiting: z.number(),
  /** ms until the next token, 0 when one is available. */
  next_token_in_ms: z.number(),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;

export const CircuitStatusSchema = z.object({
  state: z.enum(CIRCUIT_STATES),
  consecutive_failures: z.number(),
  /** When the circuit last opened (ms since epoch), null if never. */
  opened_at: z.number().nullable(),
  /** While open: when a trial call is let through again (ms since epoch); null otherwise. */
  retry_at: z.number().nullable(),
  /** ms until a trial call is allowed; 0 unless open. */
  retry_in_ms: z.number(),
  /** Calls refused without reaching the upstream since start. */
  rejected: z.number(),
});
export type CircuitStatus = z.infer<typeof CircuitStatusSchema>;

export const SyncErrorSchema = z.object({
  at: z.number(),
  message: z.string(),
  code: z.string().optional(),
  ...errorOriginShape,
  /** The crawl offset of the page that failed or made the crawl incomplete. */
  offset: z.number().optional(),
});
export type SyncError = z.infer<typeof SyncErrorSchema>;

/** Records the sync skipped on their own (the rest of their page was kept), counted per list. */
export const SyncWarningsSchema = z.object({
  /** List records that did not parse (e.g. a repository image without an id). */
  skipped_records: z.number(),
  /** Association members (multi-architecture) dropped from a record that was kept. */
  skipped_members: z.number(),
  /** The last one: when, and the upstream request id of its page. */
  last_at: z.number(),
  request_id: z.string().optional(),
});
export type SyncWarnings = z.infer<typeof SyncWarningsSchema>;

export const SyncRefreshRequestSchema = z.object({
  kind: z.enum(SYNC_REFRESH_KINDS),
  state: z.enum(['queued', 'running']),
  /** When it was asked for (ms since epoch). */
  requested_at: z.number(),
});
export type SyncRefreshRequest = z.infer<typeof SyncRefreshRequestSchema>;

export const ListSyncStatusSchema = z.object({
  list: z.enum(IMAGE_LISTS),
  state: z.enum(SYNC_STATES),
  /** Rows in the inventory. */
  rows: z.number(),
  /**
   * A crawl in progress: rows fetched so far, upstream total (about: it is the last total_num
   * read) and the time left at the pace the budget leaves after incremental cycles; `first`
   * for the first mirror (absent from servers that predate it), false for a sweep.
   */
  crawl: z
    .object({
      rows_done: z.number(),
      total: z.number(),
      eta_ms: z.number(),
      first: z.boolean().optional(),
    })
    .nullable(),
  last_full_sync: z.number().nullable(),
  last_incremental_sync: z.number().nullable(),
  next_run: z.number().nullable(),
  watermarks: z.record(z.string(), z.number().nullable()),
  calls: z.number(),
  throttled: z.number(),
  last_error: SyncErrorSchema.nullable(),
  /** Records skipped on their own so far (absent from servers that predate it). */
  warnings: SyncWarningsSchema.nullable().optional(),
  /** A crawl or an incremental cycle of this list is running right now. */
  running: z.boolean(),
  /**
   * A manual refresh asked of any replica and not yet done: queued until the syncing replica
   * (the lease holder) starts it, then running. Absent from servers that predate it.
   */
  refresh: SyncRefreshRequestSchema.nullable().optional(),
  /**
   * How fresh the list can be on its budget (absent from servers that predate it): a change
   * (a rescan, a new image) shows within about two cycle intervals, a removal within
   * `removal_bound_ms` (sync/plan.ts).
   */
  freshness: z
    .object({
      cycle_interval_ms: z.number(),
      /** One sweep generation (a full crawl) at the pace the budget leaves after cycles. */
      sweep_ms: z.number(),
      /** Between two sweep starts: SYNC_SWEEP_INTERVAL_MS, or back to back when longer. */
      sweep_period_ms: z.number(),
      removal_bound_ms: z.number(),
    })
    .optional(),
});
export type ListSyncStatus = z.infer<typeof ListSyncStatusSchema>;

/** ACR mirrored: the sync of one instance of an Alibaba account (sync/acr-sync.ts). */
export const AcrInstanceSyncStatusSchema = z.object({
  instance_id: z.string(),
  state: z.enum(SYNC_STATES),
  /** Repositories and tags in the inventory. */
  repositories: z.number(),
  tags: z.number(),
  last_full_sync: z.number().nullable(),
  last_incremental_sync: z.number().nullable(),
  /** Calls made (ListRepository and ListRepoTag), of which ListRepoTag. */
  calls: z.number(),
  tag_calls: z.number(),
  throttled: z.number(),
  last_error: SyncErrorSchema.nullable(),
  /** A reload of the ACR routes (`reload=true`) not yet run by this instance's sync. */
  refresh: SyncRefreshRequestSchema.nullable().optional(),
});
export type AcrInstanceSyncStatus = z.infer<typeof AcrInstanceSyncStatusSchema>;

export const AccountSyncStatusSchema = z.object({
  account: z.string(),
  lists: z.array(ListSyncStatusSchema),
  budgets: z.record(z.string(), BudgetStatusSchema),
  /** Circuit breaker per upstream API that this account's credential has called. */
  breakers: z.record(z.string(), CircuitStatusSchema),
  /** The background basic-image look-up (Huawei accounts; absent elsewhere and from older servers). */
  enrichment: BaseImagesEnrichmentSchema.optional(),
});

/** ACR mirrored: one Alibaba account's ACR budgets and breakers, and the sync of each instance. */
export const AcrAccountSyncStatusSchema = z.object({
  account: z.string(),
  budgets: z.record(z.string(), BudgetStatusSchema),
  breakers: z.record(z.string(), CircuitStatusSchema),
  instances: z.array(AcrInstanceSyncStatusSchema),
});
export type AcrAccountSyncStatus = z.infer<typeof AcrAccountSyncStatusSchema>;
/** A count or a size in bytes or ms: a non-negative integer. */
const count = z.number().int().nonnegative();

/** This replica's cache of inventory answers (server/serving/query-cache.ts). */
export const QueryCacheStatsSchema = z.object({
  enabled: z.boolean(),
  hits: count,
  misses: count,
  /** Requests that shared an identical computation already in flight. */
  coalesced: count,
  evictions: count,
  entries: count,
  /** Estimated size of the cached answers. */
  bytes: count,
  max_bytes: count,
});
export type QueryCacheStats = z.infer<typeof QueryCacheStatsSchema>;

/** This replica's admission control of computations (cache misses; serving/admission.ts). */
export const QueryAdmissionStatsSchema = z.object({
  /** QUERY_QUEUE_LIMIT: computations running or waiting at most. */
  max_queued: count,
  /** QUERY_QUEUE_MAX_WAIT_MS: a longer estimated wait is answered 429 server_busy. */
  max_wait_ms: count,
  /** Computations that run at once. */
  concurrency: z.number().int().positive(),
  running: count,
  /** Waiting for a slot (the queue depth). */
  queued: count,
  /** Computations started since start. */
  admitted: count,
  /** Requests answered 429 server_busy instead of queued. */
  shed: count,
  /** Requests whose client left while they waited: never computed. */
  cancelled: count,
  /** Moving average of recent computation times. */
  mean_compute_ms: z.number().nonnegative(),
  /** What a computation asked for now would wait. */
  estimated_wait_ms: z.number().nonnegative(),
});
export type QueryAdmissionStats = z.infer<typeof QueryAdmissionStatsSchema>;

export const SyncResponseSchema = z.object({
  now: z.number(),
  accounts: z.array(AccountSyncStatusSchema),
  /** Absent when the server runs without a query cache. */
  query_cache: QueryCacheStatsSchema.optional(),
  /** Absent when the server runs without admission control of computations. */
  query_admission: QueryAdmissionStatsSchema.optional(),
  /** ACR mirrored, per Alibaba account (absent without one, and from older servers). */
  acr: z.array(AcrAccountSyncStatusSchema).optional(),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

/**
 * POST /api/sync/refresh (202). `queued_on`: `this_replica` when the replica that answered runs
 * the sync and starts the refresh itself; `leader` when it was recorded for the replica holding
 * the sync lease (scale-out), which picks it up within about a second; /api/sync shows it.
 */
export const SyncRefreshResponseSchema = z.object({
  accepted: z.literal(true),
  account: z.string(),
  lists: z.array(z.enum(IMAGE_LISTS)),
  kind: z.enum(SYNC_REFRESH_KINDS),
  queued_on: z.enum(['this_replica', 'leader']),
  requested_at: z.number(),
});
export type SyncRefreshResponse = z.infer<typeof SyncRefreshResponseSchema>;

// ---------------------------------------------------------------------------------------------
// List queries answered from the inventory. Same names, ranges and meaning as upstream, plus
// documented extensions:
//   q               search: a word, or an image reference (namespace/name:tag, name:tag,
//                   namespace/name, host/namespace/name:tag, ...@sha256:...), see filters.ts
//   namespaces      exact namespaces, several comma-separated (any of them); `namespace` stays
//                   the upstream's substring
//   image_type, scan_status, severity_level   several values, comma-separated (any of them)
//   severity_level  also accepts `unrated` (images without a severity level)
//   scan_status     also accepts the two failure states the API returns (download_failed, image_oversized)
//   sort_key        any sortable column, not only latest_scan_time
//   max_image_size  upper bound on image_size (image_size itself is the lower bound)
//   never_scanned   true: images with no scan time (never scanned); false: images scanned at least once
//   account         which configured account
//   basic_image_os, basic_image_os_version, basic_image_digest   images whose basic image (the
//                   background ListImageBasicImage look-up) has exactly this OS, OS version or
//                   layer digest; basic_image_eol=true: whose basic image's OS version is past end
//                   of life (false: every other image)

const listExtensions = {
  q: textParam(LIST_SEARCH_LENGTH.min, LIST_SEARCH_LENGTH.max).optional(),
  /** Exact namespaces, any of them (`namespace` is the upstream's case-insensitive substring). */
  namespaces: textListParam(128, NAMESPACES_MAX).optional(),
  account: textParam(1, 64).optional(),
  scan_status: enumListParam(SCAN_STATUSES).optional(),
  /** `unrated` (extension) selects images without a severity level (not scanned, or failed). */
  severity_level: enumListParam(SEVERITY_FILTERS).optional(),
  sort_dir: enumParam(SORT_DIRS).optional(),
  max_image_size: intParam(0, IMAGE_SIZE_MAX).optional(),
  /** Extension: `true` selects images without latest_scan_time (the overview's "never scanned"). */
  never_scanned: boolParam().optional(),
  basic_image_os: textParam(1, 256).optional(),
  basic_image_os_version: textParam(1, 256).optional(),
  basic_image_digest: textParam(1, 256).optional(),
  basic_image_eol: boolParam().optional(),
};

export const RegistryImagesListQuerySchema = z
  .strictObject({
    ...registryImagesQueryShape,
    ...listExtensions,
    image_type: enumListParam(REGISTRY_IMAGE_TYPES).optional(),
    sort_key: enumParam(REGISTRY_SORT_KEYS).optional(),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, REGISTRY_TIME_RANGES));
export type RegistryImagesListQuery = z.infer<typeof RegistryImagesListQuerySchema>;

export const CicdImagesListQuerySchema = z
  .strictObject({
    ...cicdImagesQueryShape,
    ...listExtensions,
    sort_key: enumParam(CICD_SORT_KEYS).optional(),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, CICD_TIME_RANGES));
export type CicdImagesListQuery = z.infer<typeof CicdImagesListQuerySchema>;

export type RegistryImagesPage = ListPage<RegistryImageRow>;

/**
 * The image's basic image, as the background look-up found it (extension of both lists):
 * `basic_image` reads "Debian 11" (OS and version), `basic_image_digest` its layer digest; both
 * null while unknown or when HSS found none (absent from rows built before the extension). An image on several basic images shows the first.
 */
const basicImageRowShape = {
  basic_image: z.string().nullish(),
  basic_image_digest: z.string().nullish(),
};
/**
 * A CI/CD image as the BFF serves it: the upstream record plus `record_key`, the row's key (the
 * upstream's image_id may be empty or shared; see lists/cicd-record-key.ts).
 */
export const CicdImageRowSchema = CicdImageSchema.extend({
  record_key: z.string(),
  ...basicImageRowShape,
});
export type CicdImageRow = z.infer<typeof CicdImageRowSchema>;
export type CicdImagesPage = ListPage<CicdImageRow>;

/** Schema of a `ListPage` for clients (the SPA). The item schemas are tolerant, hence idempotent on normalised rows. */
export function listPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    total_num: z.number(),
    data_list: z.array(item),
    synced_at: z.number().nullable(),
  });
}
/**
 * A multi-architecture image's place in its family (BFF extension; HSS links only parent → members
 * in `association_images`). A parent (the manifest list) is never scanned itself, so its `rollup`
 * carries its members' risk: the worst severity and the summed counts. A member names its parent.
 */
export const MultiArchRollupSchema = z.object({
  severity_level: z.string(),
  vul_num: z.number(),
  unsafe_setting_num: z.number(),
  malicious_file_num: z.number(),
  /** Members listed by the parent, and how many of them the inventory holds with a scan. */
  members: z.number(),
  members_scanned: z.number(),
});
export type MultiArchRollup = z.infer<typeof MultiArchRollupSchema>;

export const MultiArchSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('parent'), rollup: MultiArchRollupSchema }),
  z.object({
    role: z.literal('member'),
    parent_id: z.string(),
    parent_digest: z.string(),
  }),
]);
export type MultiArch = z.infer<typeof MultiArchSchema>;

/** A repository image as the BFF answers it: the upstream row plus its multi-arch family. */
export const RegistryImageRowSchema = RegistryImageSchema.extend({
  multi_arch: MultiArchSchema.nullish().transform((value) => value ?? null),
  ...basicImageRowShape,
});
export type RegistryImageRow = z.infer<typeof RegistryImageRowSchema>;

export const RegistryImagesPageSchema = listPageSchema(RegistryImageRowSchema);
export const CicdImagesPageSchema = listPageSchema(CicdImageRowSchema);

// ---------------------------------------------------------------------------------------------
// Facets: for each filterable field, how many images each value has under all the OTHER active
// filters (so a control can show what choosing a value would give). Same query as the list.

export const FacetBucketSchema = z.object({ value: z.string(), count: z.number() });
export type FacetBucket = z.infer<typeof FacetBucketSchema>;

export const FacetsResponseSchema = z.object({
  total_num: z.number(),
  /** field name -> buckets, most frequent first; enum fields list every documented value (count 0 included). */
  facets: z.record(z.string(), z.array(FacetBucketSchema)),
  synced_at: z.number().nullable(),
});
export type FacetsResponse = z.infer<typeof FacetsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Detail calls that must wait for the call budget: instead of failing, the BFF answers 202 with
// this body and a Retry-After header while the call waits in its queue; the result is cached, so
// asking again after retry_after_ms returns it.

export const QueuedResponseSchema = z.object({
  status: z.literal('queued'),
  /** About how long until the call is made and its result is ready. */
  retry_after_ms: z.number(),
  /** Callers ahead in the queue of this credential and API. */
  position: z.number(),
});
export type QueuedResponse = z.infer<typeof QueuedResponseSchema>;

// ---------------------------------------------------------------------------------------------
// The ACR routes (ListRepository, ListRepoTag bodies) answer from the inventory once the
// instance's first ACR crawl has completed (`mirrored: true`, `synced_at`; `reload=true` queues an
// ACR sync cycle of the account). Before that the BFF asks ACR on demand and keeps each answer
// for a minute: `reload=true` then asks for a fresh answer, bypassing that cache, when the
// account's ACR call budget has a call to spare right now; otherwise the cached answer is
// served, marked so. Extensions to the upstream bodies say how fresh an answer is.

export const acrFreshnessShape = {
  /** When the BFF fetched this answer from ACR (ms since epoch); also the X-Data-Fetched-At header. */
  fetched_at: z.number().optional(),
  /** `reload=true` was asked but the budget had no call to spare: this is the cached answer. */
  reload_refused: z.boolean().optional(),
  /**
   * ACR mirrored: true when the answer is the inventory's (the instance's first crawl has
   * completed; no ACR call), false when it was asked of ACR because it has not yet.
   */
  mirrored: z.boolean().optional(),
  /** The instance's data age when mirrored (its last completed ACR sync cycle), else null. */
  synced_at: z.number().nullable().optional(),
  /** `reload=true` on a mirrored answer: an ACR sync cycle of the account was queued. */
  refresh_queued: z.boolean().optional(),
};
export const AcrRepositoriesPageSchema = ListRepositoryResponseSchema.extend(acrFreshnessShape);
export type AcrRepositoriesPage = z.infer<typeof AcrRepositoriesPageSchema>;
export const AcrTagsPageSchema = ListRepoTagResponseSchema.extend(acrFreshnessShape);
export type AcrTagsPage = z.infer<typeof AcrTagsPageSchema>;
export const DATA_FETCHED_AT_HEADER = 'X-Data-Fetched-At';
