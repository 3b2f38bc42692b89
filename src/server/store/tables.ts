// Row shapes of the inventory tables, as Kysely sees them. Times are epoch ms (INTEGER),
// booleans 0/1, 64-bit ids decimal TEXT, nested lists JSON TEXT. Image times are Longs (up to
// 2^63-1): written as decimal strings (the INTEGER/bigint column stores them exactly) and read
// back as text (see IMAGE_TIME_COLUMNS), never through a JS number.
import type { Generated } from 'kysely';

/** What names an image and its registry, in both image tables. */
interface ImageNameColumns {
  account: string;
  namespace: string;
  image_name: string;
  image_id: string;
  image_digest: string;
  image_version: string;
  image_type: string;
  registry_name: string;
  registry_type: string;
}

/** The scan outcome and crawl bookkeeping, in both image tables. */
interface ImageScanColumns {
  latest_version: number;
  scan_status: string;
  scan_failed_desc: string;
  scan_failed_code: string;
  image_size: number;
  latest_update_time: string | null;
  latest_scan_time: string | null;
  vul_num: number;
  unsafe_setting_num: number;
  malicious_file_num: number;
  severity_level: string;
  /** Epoch ms of the crawl that last saw this row; rows older than a finished crawl are swept. */
  seen_at: number;
}

export interface RegistryImagesTable extends ImageNameColumns, ImageScanColumns {
  id: string;
  registry_id: string;
  latest_sync_time: string | null;
  domain_name: string;
  shared_status: string;
  scannable: number;
  is_multiple_arch: number;
  instance_name: string;
  instance_id: string;
  instance_url: string;
  association_images: string;
}

/** Image time columns: selected as `cast(... as text)` so that no digit passes through a double. */
export const IMAGE_TIME_COLUMNS: ReadonlySet<string> = new Set([
  'latest_update_time',
  'latest_scan_time',
  'latest_sync_time',
]);

/** The columns both image tables have (the compiler checks the list against the interfaces). */
const SHARED_IMAGE_COLUMNS = [
  'account',
  'namespace',
  'image_name',
  'image_id',
  'image_digest',
  'image_version',
  'image_type',
  'registry_name',
  'registry_type',
  'latest_version',
  'scan_status',
  'scan_failed_desc',
  'scan_failed_code',
  'image_size',
  'latest_update_time',
  'latest_scan_time',
  'vul_num',
  'unsafe_setting_num',
  'malicious_file_num',
  'severity_level',
  'seen_at',
] as const satisfies readonly (keyof (ImageNameColumns & ImageScanColumns))[];

/** Every column of registry_images, in one list. */
export const REGISTRY_IMAGE_COLUMNS = [
  ...SHARED_IMAGE_COLUMNS,
  'id',
  'registry_id',
  'latest_sync_time',
  'domain_name',
  'shared_status',
  'scannable',
  'is_multiple_arch',
  'instance_name',
  'instance_id',
  'instance_url',
  'association_images',
] as const satisfies readonly (keyof RegistryImagesTable)[];

export interface CicdImagesTable extends ImageNameColumns, ImageScanColumns {
  /** The row's key with account (cicd-record-key.ts): image_id may be empty or shared. */
  record_key: string;
  cicd_name: string;
  pipeline_type: string;
}

export const CICD_IMAGE_COLUMNS = [
  ...SHARED_IMAGE_COLUMNS,
  'record_key',
  'cicd_name',
  'pipeline_type',
] as const satisfies readonly (keyof CicdImagesTable)[];

// Both lists name every column: a column added to an interface but not to its list fails here.
type Unlisted =
  | Exclude<keyof RegistryImagesTable, (typeof REGISTRY_IMAGE_COLUMNS)[number]>
  | Exclude<keyof CicdImagesTable, (typeof CICD_IMAGE_COLUMNS)[number]>;
export const EVERY_IMAGE_COLUMN_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export interface SyncStateTable {
  account: string;
  list: string;
  state: string;
  /** JSON object: watermark name -> epoch ms (for the incremental engine). */
  watermarks: string;
  last_full_sync: number | null;
  last_incremental_sync: number | null;
  /** Upstream total_num seen by the current or last crawl. */
  total: number;
  rows_done: number;
  /** Next offset of an unfinished crawl (null when no crawl is in progress): resumes after a restart. */
  crawl_offset: number | null;
  /** When the unfinished crawl began: rows with an older seen_at are swept when it completes. */
  crawl_started_at: number | null;
  calls: number;
  throttled: number;
  /** JSON SyncError or null. */
  last_error: string | null;
  consecutive_failures: number;
  next_run: number | null;
  updated_at: number;
  /** JSON CrawlWindows of a crawl split by time windows, null otherwise. */
  crawl_windows: string | null;
  /** JSON CrawlCheck of the running crawl (0016), null when none runs. */
  crawl_check: string | null;
  /** When the last complete crawl began (0016): a sweep removes rows unseen since then. */
  sweep_started_at: number | null;
  /** JSON SyncWarnings: records and association members skipped on their own (0016). */
  warnings: string | null;
}

export interface BasicImageCacheTable {
  account: string;
  image_digest: string;
  image_type: string;
  query_key: string;
  /** JSON of the normalised ListImageBasicImage response. */
  response: string;
  fetched_at: number;
}

/**
 * The events per change table, account, severity, namespace and type (migration 0063, kept by
 * triggers): the feed's counts per type, with or without a severity or namespace filter, and the
 * namespaces its events name. NULL as in the events.
 */
export interface ChangeEventGroupsTable {
  change_table: string;
  account: string | null;
  severity_level: string | null;
  namespace: string | null;
  event_type: string;
  events: number;
}

/** ListImageBasicImage's answers by digest (migration 0027, base-images/enrichment.ts). */
export interface BasicImagesTable {
  account: string;
  image_digest: string;
  /** 0: the first basic image of the answer (the image's primary base). */
  position: number;
  /** `base`: a basic image; `none`: HSS found none (the os and digest fields are ''). */
  kind: 'base' | 'none';
  os_name: string;
  os_version: string;
  layer_digest: string;
  /** The OS version's end of life (YYYY-MM-DD) from end-of-life.ts; '' when unknown. */
  eol_date: string;
  answered_at: number;
}

/** Daily risk snapshots (risk-history.ts). */
export interface RiskHistoryTable {
  account: string;
  kind: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  recorded_at: number;
  /** 1 when reconstructed from image times (demo back-fill), 0 when recorded after a sync. */
  reconstructed: number;
  /** JSON RiskSnapshotCounts. */
  counts: string;
}

/** The sync leader's lease (scale-out, PostgreSQL): one row per lease name. */
export interface SyncLeaseTable {
  name: string;
  /** The replica holding the lease (random per process). */
  holder: string;
  acquired_at: number;
  /** Epoch ms (database clock) after which another replica may take the lease. */
  expires_at: number;
}

/** A shared call budget's state, one row per `credentialId:api` (locked to grant). */
export interface CallBudgetTable {
  budget_key: string;
  paused_until: number;
  slow_until: number;
  consecutive_throttles: number;
}

/** Grants of the shared call budgets within their sliding windows. */
export interface CallBudgetLogTable {
  grant_id: string;
  budget_key: string;
  granted_at: number;
  settled_at: number | null;
}

/** One counter per list, moved by triggers on every write to the list's table (0013). */
export interface InventoryVersionTable {
  list: string;
  version: number;
}

/** A dashboard session (0019): the cookie holds the id, the table only its HMAC. */
export interface SessionsTable {
  id_hash: string;
  created_at: number;
  /** Epoch ms of the last request, written at most once a minute (the idle timeout's clock). */
  last_seen_at: number;
  /** Epoch ms: the session's absolute end. */
  expires_at: number;
  /** JSON of the signed-in Principal (0038); null: the dashboard token's holder. */
  principal: string | null;
}

export interface InventoryTables {
  registry_images: RegistryImagesTable;
  cicd_images: CicdImagesTable;
  sync_state: SyncStateTable;
  basic_image_cache: BasicImageCacheTable;
  basic_images: BasicImagesTable;
  change_event_groups: ChangeEventGroupsTable;
  risk_history: RiskHistoryTable;
  sync_lease: SyncLeaseTable;
  call_budget: CallBudgetTable;
  call_budget_log: CallBudgetLogTable;
  inventory_version: InventoryVersionTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  acr_repositories: AcrRepositoriesTable;
  acr_tags: AcrTagsTable;
  acr_sync_state: AcrSyncStateTable;
}

/** An ACR repository of a configured instance (migration 0032). */
export interface AcrRepositoriesTable {
  account: string;
  instance_id: string;
  repo_id: string;
  region_id: string;
  namespace: string;
  repo_name: string;
  repo_type: string;
  repo_status: string;
  repo_build_type: string;
  summary: string;
  create_time: number | null;
  modified_time: number | null;
  /** The repository's ModifiedTime when its tags were last listed in full (null: never). */
  tags_modified_time: number | null;
  seen_at: number;
}

/** An ACR tag with its repository's fields, named like the HSS lists' searchable columns. */
export interface AcrTagsTable {
  account: string;
  /** `${instance_id}/${repo_id}:${tag}`: a tag is unique within its repository. */
  tag_key: string;
  instance_id: string;
  region_id: string;
  repo_id: string;
  namespace: string;
  /** The repository's name. */
  image_name: string;
  /** The tag. */
  image_version: string;
  /** `sha256:` and the hex, as the HSS lists write digests ('' when ACR gave none). */
  image_digest: string;
  image_id: string;
  tag_status: string;
  image_size: number;
  image_create: number | null;
  image_update: number | null;
  repo_type: string;
  repo_status: string;
  repo_modified_time: number | null;
  seen_at: number;
}

/** The ACR sync's state of one account's instance (migration 0033). */
export interface AcrSyncStateTable {
  account: string;
  instance_id: string;
  state: string;
  /** The repository listing in progress began then (null: none in progress). */
  listing_started_at: number | null;
  /** Its next page (PageNo) to read. */
  listing_page: number;
  listing_seen: number;
  /** TotalCount its first page gave. */
  listing_total: number | null;
  /** The start of the last complete listing: repositories unseen since are swept. */
  last_complete_listing_at: number | null;
  last_full_sync: number | null;
  last_incremental_sync: number | null;
  calls: number;
  /** ListRepoTag calls among `calls`. */
  tag_calls: number;
  throttled: number;
  /** JSON SyncError or null. */
  last_error: string | null;
  consecutive_failures: number;
}

/** One audit entry (migration 0040); `detail` is JSON. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: string;
  address: string;
  request_id: string;
}
