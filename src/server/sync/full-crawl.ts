// One full crawl of one list (the first mirror, and every periodic mark-and-sweep): pages of 200
// in the upstream's order, each upserted in one transaction; the position is persisted after
// every page so that a restart resumes there. The upstream refuses offsets past 2,000,000, so a
// larger list is crawled in windows of `latest_update_time`, halving any window that holds more
// rows than offsets can reach.
//
// A sweep deletes only after a crawl that is complete and self-consistent: every page read (a
// readable total_num; no empty page before the total), total_num stable within a tolerance, and
// the rows seen consistent with it. An unreadable page is retried (with the engine's backoff) up
// to MAX_PAGE_ATTEMPTS times, then skipped, and the crawl that skipped it removes nothing. Even a
// complete crawl removes only rows that the previous complete crawl missed too (seen_at older
// than its start): offset paging over a list that changes underneath can skip a live row once.
import { OFFSET_MAX, type ImageList } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { listSpec } from '../lists';
import { sweepImages, upsertImages, type WriteChanges } from '../lists/list-store';
import { changesOf } from './changes-of';
import { recordBaseline } from '../changes/change-log';
import {
  emptyCrawlCheck,
  saveSyncRecord,
  type CrawlCheck,
  type ListSyncRecord,
  type TimeWindow,
} from './sync-state';
import { CrawlError, isUnreadableAnswer } from './crawl-errors';
import type { SyncAccount } from './types';

export const CRAWL_PAGE_SIZE = 200;
/** Attempts at one unreadable page (each after the engine's backoff) before it is skipped. */
export const MAX_PAGE_ATTEMPTS = 3;

/**
 * How far total_num may move during a crawl, and the rows seen differ from it, for the crawl to
 * count as self-consistent: 2 % of the total, at least 20 (rows added and removed meanwhile).
 */
export function totalTolerance(total: number): number {
  return Math.max(20, Math.ceil(total * 0.02));
}
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

interface Page {
  rows: number;
  /** null: total_num absent or unreadable. */
  total: number | null;
  requestId: string | undefined;
  skippedRecords: number;
  skippedMembers: number;
}

async function fetchPage(
  db: InventoryDb,
  account: SyncAccount,
  list: ImageList,
  offset: number,
  window: TimeWindow | null,
  seenAt: number,
  changes: WriteChanges,
  signal: AbortSignal,
): Promise<Page> {
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
  const spec = listSpec(list);
  const result = await spec.fetchPage(account.client, query, { signal });
  // A page without a usable total changes nothing: it is asked for again.
  if (result.data.total_num !== null)
    await upsertImages(spec, db, account.id, result.data.data_list, seenAt, changes);
  return pageOf(result);
}

function pageOf(result: {
  data: {
    total_num: number | null;
    data_list: unknown[];
    skipped_records: number;
    skipped_members: number;
  };
  requestId: string | undefined;
}): Page {
  const { data } = result;
  return {
    rows: data.data_list.length + data.skipped_records,
    total: data.total_num,
    requestId: result.requestId,
    skippedRecords: data.skipped_records,
    skippedMembers: data.skipped_members,
  };
}

/** Counts records skipped on their own into the list's warnings (shown on /api/sync). */
export function countSkipped(
  record: ListSyncRecord,
  page: { skippedRecords: number; skippedMembers: number; requestId: string | undefined },
  at: number,
): void {
  if (page.skippedRecords === 0 && page.skippedMembers === 0) return;
  const before = record.warnings;
  record.warnings = {
    skipped_records: (before?.skipped_records ?? 0) + page.skippedRecords,
    skipped_members: (before?.skipped_members ?? 0) + page.skippedMembers,
    last_at: at,
    ...(page.requestId ? { request_id: page.requestId } : {}),
  };
}

/** Rows that offset paging can reach in one query: the last page starts at the offset cap. */
function reachable(offsetLimit: number): number {
  return Math.floor(offsetLimit / CRAWL_PAGE_SIZE) * CRAWL_PAGE_SIZE + CRAWL_PAGE_SIZE;
}

/** What is wrong with a page, if it cannot be used: the crawl retries it, then skips it. */
function pageProblem(page: Page | null, offset: number): string | null {
  if (page === null) return 'an unreadable answer';
  if (page.total === null) return 'a page without a readable total_num';
  if (page.rows === 0 && offset < page.total) {
    return `an empty page before total_num ${page.total} was reached`;
  }
  return null;
}

/** Starts a fresh crawl in `record` unless an interrupted one is there to resume. */
function startOrResumeCrawl(record: ListSyncRecord, now: number): CrawlCheck {
  if (record.crawlOffset === null || record.crawlStartedAt === null) {
    record.crawlOffset = 0;
    record.crawlStartedAt = now;
    record.rowsDone = 0;
    record.crawlWindows = null;
    record.crawlCheck = emptyCrawlCheck();
  }
  const check: CrawlCheck = record.crawlCheck ?? emptyCrawlCheck();
  record.crawlCheck = check;
  record.state = record.lastFullSync === null ? 'crawling' : 'syncing';
  return check;
}

/** Where a page was asked for, and what came of it. */
interface PageAt {
  offset: number;
  requestId: string | undefined;
  offsetLimit: number;
}

/**
 * A page that cannot be used: retried (a CrawlError now, the engine's backoff, then this offset
 * again) up to MAX_PAGE_ATTEMPTS, then skipped, and this crawl will remove nothing. Returns
 * whether the window (or the crawl) is done with it.
 */
async function unusablePage(
  db: InventoryDb,
  record: ListSyncRecord,
  check: CrawlCheck,
  page: Page | null,
  problem: string | null,
  { offset, requestId, offsetLimit }: PageAt,
): Promise<boolean> {
  const windows = record.crawlWindows;
  const attempts = check.retrying?.offset === offset ? check.retrying.attempts + 1 : 1;
  if (attempts < MAX_PAGE_ATTEMPTS) {
    check.retrying = { offset, attempts };
    await saveSyncRecord(db, record);
    throw new CrawlError(
      'unreadable_page',
      `${problem ?? 'an unreadable page'} at offset ${offset} (attempt ${attempts} of ${MAX_PAGE_ATTEMPTS}); nothing was removed`,
      offset,
      requestId,
    );
  }
  // Given up on this page: skip it, and let this crawl remove nothing.
  check.retrying = null;
  check.problem ??= {
    reason: `${problem ?? 'an unreadable page'} at offset ${offset}, ${attempts} times; the page was skipped`,
    offset,
    ...(requestId ? { requestId } : {}),
  };
  const knownTotal = windows === null ? record.total : 0;
  const emptyPage = page !== null && page.rows === 0;
  return (
    emptyPage ||
    (windows === null && check.firstTotal === null) ||
    offset + CRAWL_PAGE_SIZE >= knownTotal ||
    offset + CRAWL_PAGE_SIZE > offsetLimit
  );
}

/**
 * A usable page with its `total`: the crawl's progress and consistency, and the switch to (or
 * the split of) time windows when offsets cannot reach every row. Returns whether the window
 * (or the crawl) is done.
 */
function usablePage(
  record: ListSyncRecord,
  check: CrawlCheck,
  page: Page,
  total: number,
  { offset, requestId, offsetLimit }: PageAt,
  now: () => number,
): boolean {
  const windows = record.crawlWindows;
  const window = windows?.current ?? null;
  let windowDone: boolean;
  if (windows === null) {
    record.total = total;
    if (offset === 0 && total > reachable(offsetLimit)) {
      // Too many rows for offsets alone: switch to windows over the whole time range.
      record.crawlWindows = {
        current: null,
        pending: [{ start: 0, end: now() + WINDOW_FUTURE_MS }],
      };
      windowDone = true;
    } else {
      check.rowsSeen += page.rows;
      if (check.firstTotal === null) check.firstTotal = total;
      else if (Math.abs(total - check.firstTotal) > totalTolerance(check.firstTotal)) {
        check.problem ??= {
          reason: `total_num moved from ${check.firstTotal} to ${total} during the crawl (page at offset ${offset})`,
          offset,
          ...(requestId ? { requestId } : {}),
        };
      }
      record.rowsDone = Math.min(offset + page.rows, Math.max(total, offset + page.rows));
      windowDone = isLastPage(offset, page.rows, total, offsetLimit);
    }
  } else if (window === null) {
    windowDone = true; // resumed between windows
  } else if (offset === 0 && total > reachable(offsetLimit) && window.start < window.end) {
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
    windowDone = isLastPage(offset, page.rows, total, offsetLimit);
  }
  return windowDone;
}

/** Moves `record` to the next page, or the next window's first; false once all are visited. */
function advanceCrawl(record: ListSyncRecord, offset: number, windowDone: boolean): boolean {
  if (!windowDone) {
    record.crawlOffset = offset + CRAWL_PAGE_SIZE;
  } else if (record.crawlWindows !== null) {
    const next = record.crawlWindows.pending.pop() ?? null;
    record.crawlWindows.current = next;
    record.crawlOffset = next === null ? null : 0;
  } else {
    record.crawlOffset = null;
  }
  return record.crawlOffset !== null;
}

/**
 * Visits every page of the crawl from where `record` stands, persisting the position after each
 * page. Throws the client's error, or a CrawlError for a page to retry.
 */
async function crawlPages(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  check: CrawlCheck,
  hooks: CrawlHooks,
): Promise<void> {
  const offsetLimit = hooks.offsetLimit ?? OFFSET_MAX;
  for (;;) {
    hooks.signal.throwIfAborted();
    const offset: number = record.crawlOffset ?? 0;
    const window = record.crawlWindows?.current ?? null;
    record.calls += 1;
    const seenAt = hooks.now();
    let page: Page | null;
    let failedRequestId: string | undefined;
    try {
      const changes = changesOf(record, seenAt);
      page = await fetchPage(
        db,
        account,
        record.list,
        offset,
        window,
        seenAt,
        changes,
        hooks.signal,
      );
    } catch (error) {
      if (!isUnreadableAnswer(error)) throw error;
      page = null;
      failedRequestId = error.upstream.request_id;
    }
    const at: PageAt = { offset, requestId: page?.requestId ?? failedRequestId, offsetLimit };
    const problem = pageProblem(page, offset);

    let windowDone: boolean;
    if (problem !== null || page === null || page.total === null) {
      windowDone = await unusablePage(db, record, check, page, problem, at);
    } else {
      check.retrying = null;
      countSkipped(record, page, seenAt);
      windowDone = usablePage(record, check, page, page.total, at, hooks.now);
    }

    if (!advanceCrawl(record, offset, windowDone)) break;
    await saveSyncRecord(db, record);
    hooks.onProgress(record);
    await hooks.betweenPages?.({ force: false });
  }
}

/** Why the crawl just ended cannot be trusted to sweep (null: complete and self-consistent). */
function crawlProblem(record: ListSyncRecord, check: CrawlCheck): CrawlCheck['problem'] {
  const windowed = record.crawlWindows !== null;
  if (!windowed && check.problem === null) {
    const tolerance = totalTolerance(record.total);
    if (Math.abs(check.rowsSeen - record.total) > tolerance) {
      check.problem = {
        reason: `the crawl saw ${check.rowsSeen} rows against total_num ${record.total}`,
        offset: record.rowsDone,
      };
    }
  }
  return check.problem;
}

/** Removes only what the previous complete crawl missed as well (none after the first one). */
async function sweepAfterCrawl(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  windowed: boolean,
  now: number,
): Promise<number> {
  const sweepOptions = { keepUntimed: windowed, ...changesOf(record, now) };
  const cutoff = record.sweepStartedAt;
  return cutoff === null
    ? 0
    : sweepImages(listSpec(record.list), db, account.id, cutoff, sweepOptions);
}

/**
 * Runs (or resumes) the crawl recorded in `record`, mutating it as it goes. Throws the client's
 * error on failure, or a CrawlError for an unreadable page (both leave `crawlOffset` where the
 * next attempt resumes), or a CrawlError `crawl_incomplete` when the crawl ended without being
 * complete and self-consistent (then nothing was swept, and the next attempt starts afresh).
 */
export async function runFullCrawl(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  hooks: CrawlHooks,
): Promise<{ swept: number; windowed: boolean }> {
  const check = startOrResumeCrawl(record, hooks.now());
  await saveSyncRecord(db, record);
  hooks.onProgress(record);

  await crawlPages(db, account, record, check, hooks);

  const windowed = record.crawlWindows !== null;
  const problem = crawlProblem(record, check);
  const startedAt = record.crawlStartedAt ?? 0;
  record.crawlStartedAt = null;
  record.crawlWindows = null;
  record.crawlCheck = null;
  if (problem !== null) {
    // Keep every row: the engine reports the reason and tries again (a fresh crawl) after backoff.
    await saveSyncRecord(db, record);
    hooks.onProgress(record);
    throw new CrawlError(
      'crawl_incomplete',
      `The crawl was not complete (${problem.reason}); no image was removed`,
      problem.offset,
      problem.requestId,
    );
  }
  if (windowed) {
    record.rowsDone = record.total;
    await hooks.betweenPages?.({ force: true });
  }
  const swept = await sweepAfterCrawl(db, account, record, windowed, hooks.now());
  // The first complete crawl records no event per image: a baseline says the feed starts here.
  if (record.lastFullSync === null)
    await recordBaseline(db, listSpec(record.list), account.id, hooks.now());
  record.sweepStartedAt = startedAt;
  record.lastFullSync = hooks.now();
  record.state = 'idle';
  record.lastError = null;
  record.consecutiveFailures = 0;
  await saveSyncRecord(db, record);
  hooks.onProgress(record);
  return { swept, windowed };
}

function isLastPage(offset: number, rows: number, total: number, offsetLimit: number): boolean {
  const nextOffset = offset + CRAWL_PAGE_SIZE;
  // A short page before the total is not the end: rows moved meanwhile; the next page says.
  return rows === 0 || nextOffset >= total || nextOffset > offsetLimit;
}
