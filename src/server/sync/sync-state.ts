// Persistent sync state per account and list: survives restarts so that a crawl resumes where
// it stopped and /readyz knows a first full sync was done earlier.
import type { ImageList, SyncError, SyncState, SyncWarnings } from '../../shared/contracts';
import { IMAGE_LISTS, SyncErrorSchema, SyncWarningsSchema } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import type { SyncStateTable } from '../store/tables';

/** An inclusive range of `latest_update_time` (epoch ms) that one crawl window covers. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** A crawl split by time windows: the window being paged and those still to visit (a stack). */
export interface CrawlWindows {
  current: TimeWindow | null;
  pending: TimeWindow[];
}

/** Why a crawl may not sweep: the first problem it met, where, and the page's request id. */
export interface CrawlProblem {
  reason: string;
  offset: number;
  requestId?: string;
}

/**
 * What a running crawl has seen, to decide at its end whether it is complete and
 * self-consistent (sync/full-crawl.ts). Persisted so that a resumed crawl keeps its history.
 */
export interface CrawlCheck {
  /** total_num of the crawl's first readable page (unwindowed crawls). */
  firstTotal: number | null;
  /** Records the pages returned, parsed or skipped. */
  rowsSeen: number;
  /** The page being retried after it came back unreadable, and how many attempts failed. */
  retrying: { offset: number; attempts: number } | null;
  problem: CrawlProblem | null;
}

export function emptyCrawlCheck(): CrawlCheck {
  return { firstTotal: null, rowsSeen: 0, retrying: null, problem: null };
}

export interface ListSyncRecord {
  account: string;
  list: ImageList;
  state: SyncState;
  watermarks: Record<string, number | null>;
  lastFullSync: number | null;
  lastIncrementalSync: number | null;
  total: number;
  rowsDone: number;
  crawlOffset: number | null;
  crawlStartedAt: number | null;
  calls: number;
  throttled: number;
  lastError: SyncError | null;
  consecutiveFailures: number;
  nextRun: number | null;
  /** Set while a crawl is split by time windows (past the upstream's offset cap). */
  crawlWindows: CrawlWindows | null;
  /** The running crawl's consistency record (null when no crawl runs). */
  crawlCheck: CrawlCheck | null;
  /** When the last complete crawl began: the next sweep removes only rows unseen since then. */
  sweepStartedAt: number | null;
  warnings: SyncWarnings | null;
}

function isWindow(value: unknown): value is TimeWindow {
  if (!value || typeof value !== 'object') return false;
  const { start, end } = value as Record<string, unknown>;
  return typeof start === 'number' && typeof end === 'number';
}

function parseWindows(value: unknown): CrawlWindows | null {
  if (!value || typeof value !== 'object') return null;
  const { current, pending } = value as Record<string, unknown>;
  if (!Array.isArray(pending) || !pending.every(isWindow)) return null;
  return { current: isWindow(current) ? current : null, pending };
}

function parseCrawlCheck(value: unknown): CrawlCheck | null {
  if (!value || typeof value !== 'object') return null;
  const { firstTotal, rowsSeen, retrying, problem } = value as Record<string, unknown>;
  const check = emptyCrawlCheck();
  if (typeof firstTotal === 'number') check.firstTotal = firstTotal;
  if (typeof rowsSeen === 'number') check.rowsSeen = rowsSeen;
  if (retrying && typeof retrying === 'object') {
    const { offset, attempts } = retrying as Record<string, unknown>;
    if (typeof offset === 'number' && typeof attempts === 'number')
      check.retrying = { offset, attempts };
  }
  if (problem && typeof problem === 'object') {
    const { reason, offset, requestId } = problem as Record<string, unknown>;
    if (typeof reason === 'string' && typeof offset === 'number') {
      check.problem = { reason, offset, ...(typeof requestId === 'string' ? { requestId } : {}) };
    }
  }
  return check;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function fromRow(row: SyncStateTable): ListSyncRecord {
  const watermarks: Record<string, number | null> = {};
  const rawMarks = parseJson(row.watermarks);
  if (rawMarks && typeof rawMarks === 'object') {
    for (const [key, value] of Object.entries(rawMarks))
      watermarks[key] = typeof value === 'number' ? value : null;
  }
  const error = SyncErrorSchema.safeParse(parseJson(row.last_error));
  const warnings = SyncWarningsSchema.safeParse(parseJson(row.warnings));
  return {
    account: row.account,
    // A stored name this version does not know reads as the first list (as before: registry).
    list: IMAGE_LISTS.find((name) => name === row.list) ?? IMAGE_LISTS[0],
    state: row.state as SyncState,
    watermarks,
    lastFullSync: row.last_full_sync,
    lastIncrementalSync: row.last_incremental_sync,
    total: row.total,
    rowsDone: row.rows_done,
    crawlOffset: row.crawl_offset,
    crawlStartedAt: row.crawl_started_at,
    calls: row.calls,
    throttled: row.throttled,
    lastError: error.success ? error.data : null,
    consecutiveFailures: row.consecutive_failures,
    nextRun: row.next_run,
    crawlWindows: parseWindows(parseJson(row.crawl_windows)),
    crawlCheck: parseCrawlCheck(parseJson(row.crawl_check)),
    sweepStartedAt: row.sweep_started_at,
    warnings: warnings.success ? warnings.data : null,
  };
}

export function emptySyncRecord(account: string, list: ImageList): ListSyncRecord {
  return {
    account,
    list,
    state: 'pending',
    watermarks: {},
    lastFullSync: null,
    lastIncrementalSync: null,
    total: 0,
    rowsDone: 0,
    crawlOffset: null,
    crawlStartedAt: null,
    calls: 0,
    throttled: 0,
    lastError: null,
    consecutiveFailures: 0,
    nextRun: null,
    crawlWindows: null,
    crawlCheck: null,
    sweepStartedAt: null,
    warnings: null,
  };
}

export async function loadSyncRecord(
  db: InventoryDb,
  account: string,
  list: ImageList,
): Promise<ListSyncRecord> {
  const row = await db
    .selectFrom('sync_state')
    .selectAll()
    .where('account', '=', account)
    .where('list', '=', list)
    .executeTakeFirst();
  return row ? fromRow(row) : emptySyncRecord(account, list);
}

export async function saveSyncRecord(db: InventoryDb, record: ListSyncRecord): Promise<void> {
  const row = {
    account: record.account,
    list: record.list,
    state: record.state,
    watermarks: JSON.stringify(record.watermarks),
    last_full_sync: record.lastFullSync,
    last_incremental_sync: record.lastIncrementalSync,
    total: record.total,
    rows_done: record.rowsDone,
    crawl_offset: record.crawlOffset,
    crawl_started_at: record.crawlStartedAt,
    calls: record.calls,
    throttled: record.throttled,
    last_error: record.lastError ? JSON.stringify(record.lastError) : null,
    consecutive_failures: record.consecutiveFailures,
    next_run: record.nextRun,
    updated_at: Date.now(),
    crawl_windows: record.crawlWindows ? JSON.stringify(record.crawlWindows) : null,
    crawl_check: record.crawlCheck ? JSON.stringify(record.crawlCheck) : null,
    sweep_started_at: record.sweepStartedAt,
    warnings: record.warnings ? JSON.stringify(record.warnings) : null,
  };
  const { account: _a, list: _l, ...update } = row;
  await db
    .insertInto('sync_state')
    .values(row)
    .onConflict((oc) => oc.columns(['account', 'list']).doUpdateSet(update))
    .execute();
}
