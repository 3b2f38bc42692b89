// One full crawl of one list (the first mirror, and every periodic mark-and-sweep): pages of 200
// in the upstream's id order, each upserted in one transaction; the position is persisted after
// every page so that a restart resumes there. When the crawl completes, rows it did not see are
// swept. The upstream refuses offsets past 2,000,000, so a larger list is crawled in windows of
// `latest_update_time`, halving any window that holds more rows than offsets can reach.
import { OFFSET_MAX, type ImageList } from '../../shared/contracts';
import type { InventoryDb } from '../inventory/db';
import { sweepCicdImages, upsertCicdImages } from '../inventory/cicd-images';
import { sweepRegistryImages, upsertRegistryImages } from '../inventory/registry-images';
import { saveSyncRecord, type ListSyncRecord, type TimeWindow } from '../inventory/sync-state';
import type { SyncAccount } from './types';

export const CRAWL_PAGE_SIZE = 200;
/** Upper bound of the first window: some way past now, for clocks that run ahead of ours. */
const WINDOW_FUTURE_MS = 24 * 3_600_000;

export interface CrawlHooks {
  signal: AbortSignal;
  now(): number;
  /** Called after each persisted page, so that status readers see progress. */
  onProgress(record: ListSyncRecord): void;
  /** Highest offset the upstream accepts (default OFFSET_MAX; tests make it small). */
  offsetLimit?: number;
  /**
   * Runs between pages (the engine slips due incremental cycles in, so that a long crawl does not
   * leave the mirrored data stale), and once before the sweep of a windowed crawl, to mark rows
   * whose update time moved them into a window already visited.
   */
  betweenPages?(options: { force: boolean }): Promise<void>;
}

async function fetchPage(
  db: InventoryDb,
  account: SyncAccount,
  list: ImageList,
  offset: number,
  window: TimeWindow | null,
  seenAt: number,
  signal: AbortSignal,
): Promise<{ rows: number; total: number }> {
  const query = {
    offset,
    limit: CRAWL_PAGE_SIZE,
    enterprise_project_id: account.enterpriseProjectId,
    ...(window
      ? {
          start_latest_update_time: String(window.start),
          end_latest_update_time: String(window.end),
        }
      : {}),
  };
  if (list === 'registry') {
    const result = await account.client.listRegistryImages(query, { signal });
    await upsertRegistryImages(db, account.id, result.data.data_list, seenAt);
    return { rows: result.data.data_list.length, total: result.data.total_num };
  }
  const result = await account.client.listCicdImages(query, { signal });
  await upsertCicdImages(db, account.id, result.data.data_list, seenAt);
  return { rows: result.data.data_list.length, total: result.data.total_num };
}

/** Rows that offset paging can reach in one query: the last page starts at the offset cap. */
function reachable(offsetLimit: number): number {
  return Math.floor(offsetLimit / CRAWL_PAGE_SIZE) * CRAWL_PAGE_SIZE + CRAWL_PAGE_SIZE;
}

/**
 * Runs (or resumes) the crawl recorded in `record`, mutating it as it goes. Throws the client's
 * error on failure, leaving `crawlOffset` (and the windows) where the next attempt resumes.
 */
export async function runFullCrawl(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  hooks: CrawlHooks,
): Promise<{ swept: number; windowed: boolean }> {
  const offsetLimit = hooks.offsetLimit ?? OFFSET_MAX;
  if (record.crawlOffset === null || record.crawlStartedAt === null) {
    record.crawlOffset = 0;
    record.crawlStartedAt = hooks.now();
    record.rowsDone = 0;
    record.crawlWindows = null;
  }
  record.state = record.lastFullSync === null ? 'crawling' : 'syncing';
  await saveSyncRecord(db, record);
  hooks.onProgress(record);

  for (;;) {
    hooks.signal.throwIfAborted();
    const offset: number = record.crawlOffset ?? 0;
    const windows = record.crawlWindows;
    const window = windows?.current ?? null;
    record.calls += 1;
    const page = await fetchPage(
      db,
      account,
      record.list,
      offset,
      window,
      hooks.now(),
      hooks.signal,
    );

    let windowDone: boolean;
    if (windows === null) {
      record.total = page.total;
      if (offset === 0 && page.total > reachable(offsetLimit)) {
        // Too many rows for offsets alone: switch to windows over the whole time range.
        record.crawlWindows = {
          current: null,
          pending: [{ start: 0, end: hooks.now() + WINDOW_FUTURE_MS }],
        };
        windowDone = true;
      } else {
        record.rowsDone = Math.min(offset + page.rows, Math.max(page.total, offset + page.rows));
        windowDone = isLastPage(offset, page, offsetLimit);
      }
    } else if (window === null) {
      windowDone = true; // resumed between windows
    } else if (offset === 0 && page.total > reachable(offsetLimit) && window.start < window.end) {
      // This window is still too full: visit its two halves instead, the older one first.
      const middle = Math.floor((window.start + window.end) / 2);
      windows.pending.push(
        { start: middle + 1, end: window.end },
        { start: window.start, end: middle },
      );
      windows.current = null;
      windowDone = true;
    } else {
      // A single millisecond beyond the cap cannot be split further: its rows past the cap
      // stay out of reach of this crawl (they are kept, not swept, see below).
      record.rowsDone = Math.min(record.total, record.rowsDone + page.rows);
      windowDone = isLastPage(offset, page, offsetLimit);
    }

    if (!windowDone) {
      record.crawlOffset = offset + CRAWL_PAGE_SIZE;
    } else if (record.crawlWindows !== null) {
      const next = record.crawlWindows.pending.pop() ?? null;
      record.crawlWindows.current = next;
      record.crawlOffset = next === null ? null : 0;
    } else {
      record.crawlOffset = null;
    }
    if (record.crawlOffset === null) break;
    await saveSyncRecord(db, record);
    hooks.onProgress(record);
    await hooks.betweenPages?.({ force: false });
  }

  const windowed = record.crawlWindows !== null;
  if (windowed) {
    record.rowsDone = record.total;
    await hooks.betweenPages?.({ force: true });
  }
  const startedAt = record.crawlStartedAt ?? 0;
  const sweepOptions = { keepUntimed: windowed };
  const swept =
    record.list === 'registry'
      ? await sweepRegistryImages(db, account.id, startedAt, sweepOptions)
      : await sweepCicdImages(db, account.id, startedAt, sweepOptions);
  record.crawlStartedAt = null;
  record.crawlWindows = null;
  record.lastFullSync = hooks.now();
  record.state = 'idle';
  record.lastError = null;
  record.consecutiveFailures = 0;
  await saveSyncRecord(db, record);
  hooks.onProgress(record);
  return { swept, windowed };
}

function isLastPage(
  offset: number,
  page: { rows: number; total: number },
  offsetLimit: number,
): boolean {
  const nextOffset = offset + CRAWL_PAGE_SIZE;
  return page.rows < CRAWL_PAGE_SIZE || nextOffset >= page.total || nextOffset > offsetLimit;
}
