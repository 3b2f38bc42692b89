// One list of one account, run by the sync engine: a first full crawl (or its resumption), then
// incremental cycles and full sweeps as they fall due, manual refreshes (asked here or stored by
// any replica), and on failure the error recorded and a retry after backoff.
import { listSpec } from '../lists';
import type { ImageList, SyncRefreshKind } from '../../shared/contracts';
import { analyzeInventory, analyzeWhenOutgrown } from '../store/db';
import { UpstreamError } from '../upstream/types';
import { CrawlError } from './crawl-errors';
import { runFullCrawl } from './full-crawl';
import { runIncrementalCycle, watermarksAfterCrawl } from './incremental';
import { retryDelayMs, toSyncError } from './retry';
import { saveSyncRecord, type ListSyncRecord } from './sync-state';
import type { SyncEngine } from './sync-engine';
import type { SyncAccount } from './types';

/** Rows the start-up probe asks for: the smallest page both list APIs accept. */
const PROBE_LIMIT = 10;
/** Crawl pages whose duration is remembered: the longest is how far ahead a page reaches. */
const PAGES_MEASURED = 5;

/** What a runner reads from its engine: the settings, the database, the log, stored requests. */
export type RunnerEngine = Pick<
  SyncEngine,
  | 'db'
  | 'intervalMs'
  | 'sweepIntervalMs'
  | 'overlapMs'
  | 'offsetLimit'
  | 'firstRetryMs'
  | 'logger'
  | 'now'
  | 'onSynced'
  | 'settleRequest'
>;

export type Task = 'crawl' | 'incremental';

export class ListRunner {
  record: ListSyncRecord;
  /** A manual refresh waiting to run. */
  requested: Task | null = null;
  /** The stored request (its `requested_at`) that `requested` serves, if it came from one. */
  private pendingRequestAt: number | null = null;
  /** The latest stored request applied here: the poll applies each request once. */
  private lastSeenRequestAt = 0;
  /** After a failure: nothing runs before this time (in memory; a restart retries at once). */
  retryAt: number | null = null;
  private wake: (() => void) | undefined;
  private running = false;
  /** Calls the last incremental cycle made (the plan's share of the budget for cycles). */
  private lastCycleCalls: number | null = null;
  /** When the last incremental cycle began here (after a restart, the persisted times stand in). */
  private lastCycleStartedAt: number | null = null;
  /** How long the crawl's last pages took (budget wait, call, write), newest last. */
  private readonly recentPagesMs: number[] = [];
  /** When the crawl's page in progress began (null before its first measured page). */
  private pageStartedAt: number | null = null;

  constructor(
    readonly account: SyncAccount,
    readonly list: ImageList,
    initial: ListSyncRecord,
    private readonly engine: RunnerEngine,
  ) {
    this.record = initial;
  }

  get busy(): boolean {
    return this.running;
  }

  /** Calls an incremental cycle makes: the last one's, or one per watermark before any ran. */
  get cycleCalls(): number {
    return this.lastCycleCalls ?? listSpec(this.list).watermarkFields.length;
  }

  poke(): void {
    this.wake?.();
  }

  /** Asks for a task now; a full crawl already asked for is not downgraded to a cycle. */
  request(kind: SyncRefreshKind): void {
    this.requested = kind === 'full' || this.requested === 'crawl' ? 'crawl' : 'incremental';
    this.retryAt = null;
    if (!this.running) this.poke();
  }

  /** A request stored in `sync_requests` (by any replica): applied once per `requested_at`. */
  applyStoredRequest(kind: SyncRefreshKind, requestedAt: number): void {
    if (requestedAt <= this.lastSeenRequestAt) return;
    this.lastSeenRequestAt = requestedAt;
    this.pendingRequestAt = requestedAt;
    this.request(kind);
  }

  /** On taking the lease: stored requests are applied afresh (they were re-queued). */
  forgetStoredRequests(): void {
    this.lastSeenRequestAt = 0;
    this.pendingRequestAt = null;
  }

  /** Takes the stored request a task about to run serves, and marks it running. */
  private async startStoredRequest(): Promise<number | null> {
    const requestedAt = this.pendingRequestAt;
    this.pendingRequestAt = null;
    if (requestedAt !== null) {
      await this.engine.settleRequest('running', this.account.id, this.list, requestedAt);
    }
    return requestedAt;
  }

  private async finishStoredRequest(requestedAt: number | null): Promise<void> {
    if (requestedAt === null) return;
    await this.engine.settleRequest('done', this.account.id, this.list, requestedAt);
  }

  /**
   * At start-up over a stored inventory (no crawl due at once): one budgeted call, so that a
   * refused signature or a missing permission shows on /api/sync within seconds rather than at
   * the next cycle. Its rows are not used; a failure is recorded and retried with backoff.
   */
  async probe(signal: AbortSignal): Promise<void> {
    const record = this.record;
    if (record.lastFullSync === null || record.crawlOffset !== null) return;
    const query = {
      offset: 0,
      limit: PROBE_LIMIT,
      enterprise_project_id: this.account.enterpriseProjectId,
    };
    try {
      await listSpec(this.list).fetchPage(this.account.client, query, { signal });
      record.calls += 1;
    } catch (error) {
      if (signal.aborted) return;
      record.calls += 1;
      await this.recordFailure(error, 'probe');
    }
  }

  async loop(signal: AbortSignal): Promise<void> {
    await this.probe(signal);
    while (!signal.aborted) {
      const now = this.engine.now();
      const next = this.nextTask();
      this.record.nextRun = next.at;
      if (next.at > now) {
        await this.sleep(next.at - now, signal);
        continue;
      }
      const serving = this.requested !== null ? await this.startStoredRequest() : null;
      this.requested = null;
      await this.runOnce(next.task, signal);
      if (signal.aborted) return; // the next lease holder re-queues and runs the request
      await this.finishStoredRequest(serving);
      // A failed run drops a refresh asked meanwhile (no retry at once): its record goes too.
      if (this.requested === null) await this.finishStoredRequest(this.takeDroppedRequest());
    }
  }

  private takeDroppedRequest(): number | null {
    const requestedAt = this.pendingRequestAt;
    this.pendingRequestAt = null;
    return requestedAt;
  }

  /** What runs next and when: a crawl first (or to resume), then cycles and sweeps as due. */
  nextTask(): { task: Task; at: number } {
    const record = this.record;
    const { intervalMs, sweepIntervalMs } = this.engine;
    const retryAt = this.retryAt ?? 0;
    if (record.crawlOffset !== null || record.lastFullSync === null) {
      return { task: 'crawl', at: this.requested ? 0 : retryAt };
    }
    if (this.requested) return { task: this.requested, at: 0 };
    // Sweep starts are SYNC_SWEEP_INTERVAL_MS apart; a sweep that takes longer is followed by the
    // next at once, so a large estate is swept continuously on the budget the cycles leave.
    const lastSweepStart = record.sweepStartedAt ?? record.lastFullSync;
    const sweepAt = Math.max(record.lastFullSync, lastSweepStart + sweepIntervalMs);
    const cycleAt = this.cycleDueAt(record.lastFullSync, intervalMs);
    const next: { task: Task; at: number } =
      sweepAt <= cycleAt ? { task: 'crawl', at: sweepAt } : { task: 'incremental', at: cycleAt };
    return { task: next.task, at: Math.max(next.at, retryAt) };
  }

  /**
   * Cycles begin `intervalMs` apart, counted from the previous cycle's start (not its end), so a
   * change just missed by one cycle is asked for by the next within one interval (a rescan shows
   * within two). A completed sweep does not put the next cycle off: its early pages are old.
   * After a restart the persisted times stand in (the last cycle's end, the last full sync).
   */
  private cycleDueAt(lastFullSync: number, intervalMs: number): number {
    const last =
      this.lastCycleStartedAt ?? Math.max(lastFullSync, this.record.lastIncrementalSync ?? 0);
    return last + intervalMs;
  }

  /** A cycle asked for, or one due before `withinMs` from now. */
  private incrementalDue(withinMs = 0): boolean {
    const record = this.record;
    if (record.lastFullSync === null) return false;
    if (this.requested === 'incremental') return true;
    return (
      this.cycleDueAt(record.lastFullSync, this.engine.intervalMs) <= this.engine.now() + withinMs
    );
  }

  /**
   * Between two crawl pages: the page just done is measured, and a cycle that falls due before
   * the next page would end (the longest of the last pages) runs first. A page is not stopped
   * once begun, so a cycle that waited for it would begin up to a page late (a page of 200 at
   * 1,000,000 images took ~1 s, half a compressed 2 s interval); early, it keeps cycles at most
   * one interval apart, and still at most one cycle runs between two pages (never starved).
   */
  private cycleBeforeNextPage(): boolean {
    const now = this.engine.now();
    if (this.pageStartedAt !== null) {
      this.recentPagesMs.push(now - this.pageStartedAt);
      if (this.recentPagesMs.length > PAGES_MEASURED) this.recentPagesMs.shift();
    }
    return this.incrementalDue(Math.max(0, ...this.recentPagesMs));
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  private async incremental(signal: AbortSignal): Promise<number> {
    const { db, now } = this.engine;
    // Between a crawl's pages, a cycle asked for is served here rather than after the crawl.
    const serving =
      this.requested === 'incremental' && this.running ? await this.startStoredRequest() : null;
    const startedAt = now();
    try {
      const result = await runIncrementalCycle(db, this.account, this.record, {
        signal,
        now: () => now(),
        overlapMs: this.engine.overlapMs,
        offsetLimit: this.engine.offsetLimit,
      });
      this.requested = this.requested === 'incremental' ? null : this.requested;
      this.lastCycleCalls = result.calls;
      // Only a completed cycle sets the pace: after a failure the backoff decides (retryAt).
      this.lastCycleStartedAt = startedAt;
      return result.calls;
    } finally {
      if (!signal.aborted) await this.finishStoredRequest(serving);
    }
  }

  private async crawl(signal: AbortSignal): Promise<{ swept: number; windowed: boolean }> {
    const { db, now } = this.engine;
    const record = this.record;
    this.pageStartedAt = null;
    this.recentPagesMs.length = 0;
    return runFullCrawl(db, this.account, record, {
      signal,
      now: () => now(),
      onProgress: () => undefined,
      offsetLimit: this.engine.offsetLimit,
      betweenPages: async ({ force }) => {
        const cycleFirst = this.cycleBeforeNextPage();
        if (force) {
          // Before a windowed sweep: catch rows whose update moved them to a visited window.
          record.watermarks = await watermarksAfterCrawl(
            db,
            this.account.id,
            this.list,
            record.crawlStartedAt ?? now(),
            record.watermarks,
          );
          await this.incremental(signal);
        } else if (cycleFirst) {
          // A long sweep must not leave the mirror stale: cycles keep running between its pages.
          await this.incremental(signal);
        }
        // The dashboard answers during a first crawl: its queries need the planner's statistics.
        if (record.lastFullSync === null)
          await analyzeWhenOutgrown(db, listSpec(this.list).table, record.rowsDone);
        this.pageStartedAt = now();
      },
    });
  }

  async runOnce(task: Task, signal: AbortSignal): Promise<void> {
    const { db, logger } = this.engine;
    const record = this.record;
    this.running = true;
    record.nextRun = null;
    try {
      const started = this.engine.now();
      if (task === 'crawl') {
        const crawlStartedAt = record.crawlStartedAt ?? started;
        const { swept, windowed } = await this.crawl(signal);
        await analyzeInventory(db);
        record.watermarks = await watermarksAfterCrawl(
          db,
          this.account.id,
          this.list,
          crawlStartedAt,
          record.watermarks,
        );
        logger.info(
          {
            account: this.account.id,
            list: this.list,
            rows: record.rowsDone,
            swept,
            windowed,
            ms: this.engine.now() - started,
          },
          'full sync complete',
        );
      } else {
        const calls = await this.incremental(signal);
        record.state = 'idle';
        record.lastError = null;
        record.consecutiveFailures = 0;
        logger.info(
          { account: this.account.id, list: this.list, calls, ms: this.engine.now() - started },
          'incremental sync complete',
        );
      }
      this.retryAt = null;
      record.nextRun = this.nextTask().at;
      await saveSyncRecord(db, record);
      await this.engine.onSynced?.(this.account.id, this.list);
    } catch (error) {
      if (signal.aborted) return; // stopping: the stored offset resumes the crawl next start
      await this.recordFailure(error, task);
    } finally {
      this.running = false;
    }
  }

  /** Keeps the inventory as it was, records the error, and schedules the retry with backoff. */
  private async recordFailure(error: unknown, task: Task | 'probe'): Promise<void> {
    const { db, logger, intervalMs } = this.engine;
    const record = this.record;
    const now = this.engine.now();
    record.consecutiveFailures += 1;
    record.lastError = toSyncError(error, now);
    if (error instanceof UpstreamError && error.status === 429) record.throttled += 1;
    record.state = 'error';
    const retryAfter = error instanceof UpstreamError ? error.retryAfterMs : undefined;
    this.retryAt =
      now +
      retryDelayMs(record.consecutiveFailures, intervalMs, retryAfter, this.engine.firstRetryMs);
    // A failed refresh is not repeated at once: the retry follows the backoff.
    this.requested = null;
    record.nextRun = this.nextTask().at;
    logger[error instanceof UpstreamError || error instanceof CrawlError ? 'warn' : 'error'](
      {
        account: this.account.id,
        list: this.list,
        task,
        err:
          error instanceof UpstreamError
            ? { message: error.message, code: error.code, upstream: error.upstream }
            : error,
        retry_in_ms: this.retryAt - now,
      },
      'sync failed; the inventory is kept as it was',
    );
    try {
      await saveSyncRecord(db, record);
    } catch (saveError) {
      logger.error({ err: saveError }, 'could not record the sync error');
    }
  }
}
