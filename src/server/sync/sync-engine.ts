// The sync engine: one runner per account and list. Each runner first crawls the list in full
// (resuming an interrupted crawl after a restart), then runs an incremental cycle every
// SYNC_INTERVAL_MS (only what changed since the watermarks) and a full mark-and-sweep crawl
// every SYNC_SWEEP_INTERVAL_MS (removes images that are gone). On error it keeps the inventory
// as it was, records the error and retries with backoff. Every call draws from the shared budget.
import {
  IMAGE_LISTS,
  OFFSET_MAX,
  type ImageList,
  type ListSyncStatus,
  type SyncError,
  type SyncRefreshKind,
  type SyncRefreshRequest,
  type SyncResponse,
} from '../../shared/contracts';
import { analyzeInventory, type InventoryDb } from '../store/db';
import { listSpec } from '../lists';
import { countImages } from '../lists/list-store';
import { loadSyncRecord, saveSyncRecord, type ListSyncRecord } from './sync-state';
import { UpstreamError } from '../upstream/types';
import { CrawlError } from './crawl-errors';
import { crawlEtaMs } from './eta';
import { CRAWL_PAGE_SIZE, runFullCrawl } from './full-crawl';
import { DEFAULT_OVERLAP_MS, runIncrementalCycle, watermarksAfterCrawl } from './incremental';
import type { SyncLeadership } from './leader-lease';
import {
  deleteSyncRequest,
  finishSyncRequest,
  markSyncRequestRunning,
  readSyncRequests,
  recordSyncRequest,
  requeueRunningSyncRequests,
} from './sync-requests';
import type { BreakerView, BudgetView, SyncAccount, SyncLogger } from './types';

const FIRST_RETRY_MS = 5_000;
/** Rows the start-up probe asks for: the smallest page both list APIs accept. */
const PROBE_LIMIT = 10;
/** How often the syncing replica looks for refreshes asked of other replicas. */
export const DEFAULT_REQUEST_POLL_MS = 1_000;

type AccountSyncStatus = SyncResponse['accounts'][number];

export interface SyncEngineOptions {
  db: InventoryDb;
  accounts: SyncAccount[];
  budgets: BudgetView;
  /** The clients' circuit breakers, shown on /api/sync; none shows no breakers. */
  breakers?: BreakerView;
  /** Between incremental cycles (SYNC_INTERVAL_MS). */
  intervalMs: number;
  /** Between full mark-and-sweep crawls (SYNC_SWEEP_INTERVAL_MS, default 6 h). */
  sweepIntervalMs?: number;
  /** How far before each watermark a cycle asks again (default 2 min). */
  overlapMs?: number;
  /** Highest offset the upstream accepts (default 2,000,000; tests make it small). */
  offsetLimit?: number;
  /** Wait after a first failure, doubling with each further one (default 5 s; tests shorten it). */
  firstRetryMs?: number;
  logger: SyncLogger;
  now?: () => number;
  /** Called after each successful sync of a list (the risk history's snapshot); must not throw. */
  onSynced?: (account: string, list: ImageList) => Promise<void>;
  /**
   * Scale-out (PostgreSQL): sync only while holding this lease; otherwise follow the state the
   * leader persists. Without it (SQLite, one process) the engine always syncs.
   */
  leadership?: SyncLeadership;
  /** How often the syncing replica reads refreshes recorded by any replica (default 1 s). */
  requestPollMs?: number;
}

/** Where a manual refresh went: run here, or recorded for the replica holding the lease. */
export interface RefreshReceipt {
  queuedOn: 'this_replica' | 'leader';
  requestedAt: number;
}

export const DEFAULT_SWEEP_INTERVAL_MS = 6 * 3_600_000;

/** Backoff after `failures` consecutive failures: 5 s, 10 s, 20 s ... capped at the interval. */
export function retryDelayMs(
  failures: number,
  intervalMs: number,
  retryAfterMs?: number,
  firstRetryMs: number = FIRST_RETRY_MS,
): number {
  const exponential = firstRetryMs * 2 ** Math.max(0, Math.min(failures - 1, 16));
  return Math.max(retryAfterMs ?? 0, Math.min(exponential, Math.max(intervalMs, firstRetryMs)));
}

export function toSyncError(error: unknown, at: number): SyncError {
  if (error instanceof CrawlError) {
    return {
      at,
      message: error.message,
      code: error.code,
      offset: error.offset,
      ...(error.requestId !== undefined ? { request_id: error.requestId } : {}),
    };
  }
  if (error instanceof UpstreamError) {
    const out: SyncError = {
      at,
      message: error.message,
      code: error.code,
      upstream: error.upstream,
    };
    if (error.upstream.request_id !== undefined) out.request_id = error.upstream.request_id;
    return out;
  }
  // Anything else is our own fault; keep the message generic here (the detail goes to the log).
  return {
    at,
    message: 'The sync failed with an internal error; see the server log.',
    code: 'internal_error',
  };
}

/** Waits `ms`, or less if `signal` aborts first. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

type Task = 'crawl' | 'incremental';

class ListRunner {
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

  constructor(
    readonly account: SyncAccount,
    readonly list: ImageList,
    initial: ListSyncRecord,
    private readonly engine: SyncEngine,
  ) {
    this.record = initial;
  }

  get busy(): boolean {
    return this.running;
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
    const sweepAt = record.lastFullSync + sweepIntervalMs;
    const cycleAt = Math.max(record.lastFullSync, record.lastIncrementalSync ?? 0) + intervalMs;
    const next: { task: Task; at: number } =
      sweepAt <= cycleAt ? { task: 'crawl', at: sweepAt } : { task: 'incremental', at: cycleAt };
    return { task: next.task, at: Math.max(next.at, retryAt) };
  }

  private incrementalDue(): boolean {
    const record = this.record;
    if (record.lastFullSync === null) return false;
    const last = Math.max(record.lastFullSync, record.lastIncrementalSync ?? 0);
    return this.requested === 'incremental' || last + this.engine.intervalMs <= this.engine.now();
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
    try {
      const result = await runIncrementalCycle(db, this.account, this.record, {
        signal,
        now: () => now(),
        overlapMs: this.engine.overlapMs,
        offsetLimit: this.engine.offsetLimit,
      });
      this.requested = this.requested === 'incremental' ? null : this.requested;
      return result.calls;
    } finally {
      if (!signal.aborted) await this.finishStoredRequest(serving);
    }
  }

  private async crawl(signal: AbortSignal): Promise<{ swept: number; windowed: boolean }> {
    const { db, now } = this.engine;
    const record = this.record;
    return runFullCrawl(db, this.account, record, {
      signal,
      now: () => now(),
      onProgress: () => undefined,
      offsetLimit: this.engine.offsetLimit,
      betweenPages: async ({ force }) => {
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
        } else if (this.incrementalDue()) {
          // A long sweep must not leave the mirror stale: cycles keep running between its pages.
          await this.incremental(signal);
        }
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

export class SyncEngine {
  readonly db: InventoryDb;
  readonly intervalMs: number;
  readonly sweepIntervalMs: number;
  readonly overlapMs: number;
  readonly offsetLimit: number;
  readonly firstRetryMs: number;
  readonly logger: SyncLogger;
  readonly now: () => number;
  readonly onSynced: SyncEngineOptions['onSynced'];
  private readonly budgets: BudgetView;
  private readonly breakers: BreakerView | undefined;
  private readonly accounts: SyncAccount[];
  private readonly runners = new Map<string, ListRunner>();
  private controller: AbortController | undefined;
  private loops: Array<Promise<void>> = [];
  private readonly leadership: SyncLeadership | undefined;
  private leading = false;
  private readonly requestPollMs: number;

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.accounts = options.accounts;
    this.budgets = options.budgets;
    this.breakers = options.breakers;
    this.intervalMs = options.intervalMs;
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.offsetLimit = options.offsetLimit ?? OFFSET_MAX;
    this.firstRetryMs = options.firstRetryMs ?? FIRST_RETRY_MS;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.onSynced = options.onSynced;
    this.leadership = options.leadership;
    this.requestPollMs = options.requestPollMs ?? DEFAULT_REQUEST_POLL_MS;
  }

  private key(account: string, list: ImageList): string {
    return `${account}\u0000${list}`;
  }

  /** Loads the persisted state of every list. Call once before `start` or any status read. */
  async init(): Promise<void> {
    for (const account of this.accounts) {
      for (const list of IMAGE_LISTS) {
        const record = await loadSyncRecord(this.db, account.id, list);
        this.runners.set(this.key(account.id, list), new ListRunner(account, list, record, this));
      }
    }
  }

  /** True while this process runs the sync (always, without a lease). */
  get isLeader(): boolean {
    return this.leadership === undefined || this.leading;
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loops = this.leadership
      ? [this.followLease(this.leadership, signal)]
      : this.startRunners(signal);
  }

  /** Re-reads every list's persisted state (a follower sees the leader's progress this way). */
  private async reloadRecords(): Promise<void> {
    for (const runner of this.runners.values()) {
      runner.record = await loadSyncRecord(this.db, runner.account.id, runner.list);
    }
  }

  /**
   * Scale-out: every `renewIntervalMs`, hold (take or renew) the lease. The holder runs the
   * runners; the others re-read the persisted state, so /readyz and /api/sync follow the
   * leader. Losing the lease (or the database) stops the runners; the crawl's persisted offset
   * lets the next holder resume it.
   */
  private async followLease(lease: SyncLeadership, signal: AbortSignal): Promise<void> {
    let runners: { controller: AbortController; loops: Array<Promise<void>> } | undefined;
    const stepDown = async () => {
      if (!runners) return;
      runners.controller.abort(new DOMException('the sync lease was lost', 'AbortError'));
      await Promise.all(runners.loops);
      runners = undefined;
      this.leading = false;
    };
    while (!signal.aborted) {
      let holds = false;
      try {
        holds = await lease.tryHold();
      } catch (error) {
        this.logger.warn({ err: error }, 'sync lease: the database cannot be reached');
      }
      if (holds && !runners) {
        try {
          await this.reloadRecords(); // resume where the previous holder stopped
          const controller = new AbortController();
          runners = { controller, loops: this.startRunners(controller.signal) };
          this.leading = true;
          this.logger.info({ holder: lease.holder }, 'this replica now runs the sync');
        } catch (error) {
          this.logger.warn({ err: error }, 'sync lease: could not load the sync state');
        }
      } else if (!holds && runners) {
        await stepDown();
        this.logger.warn({ holder: lease.holder }, 'sync lease lost: this replica stopped syncing');
      } else if (!holds) {
        await this.reloadRecords().catch(() => undefined);
      }
      await abortableDelay(lease.renewIntervalMs, signal);
    }
    const held = runners !== undefined;
    await stepDown();
    // A clean stop hands over at once instead of after the lease's expiry.
    if (held) await lease.release().catch(() => undefined);
  }

  private startRunners(signal: AbortSignal): Array<Promise<void>> {
    const loops = [...this.runners.values()].map((runner) =>
      runner.loop(signal).catch((error: unknown) => {
        this.logger.error(
          { err: error, account: runner.account.id, list: runner.list },
          'sync runner stopped',
        );
      }),
    );
    return [...loops, this.pollRequests(signal)];
  }

  /**
   * While this replica syncs: every `requestPollMs`, applies the refreshes recorded by any
   * replica (POST /api/sync/refresh). First re-queues what a previous holder left running.
   */
  private async pollRequests(signal: AbortSignal): Promise<void> {
    for (const runner of this.runners.values()) runner.forgetStoredRequests();
    let requeued = false;
    while (!signal.aborted) {
      try {
        if (!requeued) {
          await requeueRunningSyncRequests(this.db);
          requeued = true;
        }
        for (const request of await readSyncRequests(this.db)) {
          if (request.state !== 'queued' || signal.aborted) continue;
          const runner = this.runners.get(this.key(request.account, request.list));
          if (runner) runner.applyStoredRequest(request.kind, request.requested_at);
          else await deleteSyncRequest(this.db, request);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'could not read the refreshes asked for');
      }
      await abortableDelay(this.requestPollMs, signal);
    }
  }

  /** Marks a stored request running, or removes it once run; a database error is only logged. */
  async settleRequest(
    phase: 'running' | 'done',
    account: string,
    list: ImageList,
    requestedAt: number,
  ): Promise<void> {
    try {
      if (phase === 'running') {
        await markSyncRequestRunning(this.db, { account, list, requestedAt, at: this.now() });
      } else {
        await finishSyncRequest(this.db, { account, list, requestedAt });
      }
    } catch (error) {
      this.logger.warn({ err: error, account, list }, 'could not update the refresh asked for');
    }
  }

  async stop(): Promise<void> {
    this.controller?.abort(new DOMException('the sync engine is stopping', 'AbortError'));
    await Promise.all(this.loops);
    this.controller = undefined;
    this.loops = [];
  }

  hasList(account: string, list: ImageList): boolean {
    return this.runners.has(this.key(account, list));
  }

  /**
   * Asks for a sync now: an incremental cycle (a few calls), or a full mark-and-sweep crawl with
   * `full`. Before the first full crawl completes, that crawl simply continues at once.
   * Returns false when the list is unknown.
   */
  refreshNow(account: string, list: ImageList, options: { full?: boolean } = {}): boolean {
    const runner = this.runners.get(this.key(account, list));
    if (!runner) return false;
    runner.request(options.full ? 'full' : 'incremental');
    return true;
  }

  /**
   * POST /api/sync/refresh: records the request in the database, where every replica's
   * /api/sync shows it, and where the syncing replica picks it up (at once when that is this
   * one, else within `requestPollMs`). Undefined when the list is unknown; throws when the
   * database cannot be written.
   */
  async requestRefresh(
    account: string,
    list: ImageList,
    options: { full?: boolean } = {},
  ): Promise<RefreshReceipt | undefined> {
    const runner = this.runners.get(this.key(account, list));
    if (!runner) return undefined;
    const kind: SyncRefreshKind = options.full ? 'full' : 'incremental';
    const requestedAt = await recordSyncRequest(this.db, { account, list, kind, at: this.now() });
    if (!this.isLeader) return { queuedOn: 'leader', requestedAt };
    runner.applyStoredRequest(kind, requestedAt);
    return { queuedOn: 'this_replica', requestedAt };
  }

  /** Runs one task of a list now, outside the loop (tests and the benchmark drive cycles). */
  async runNow(account: string, list: ImageList, task: 'crawl' | 'incremental'): Promise<void> {
    const runner = this.runners.get(this.key(account, list));
    if (!runner) throw new Error(`unknown list ${account}/${list}`);
    await runner.runOnce(task, new AbortController().signal);
  }

  /** The persisted state of a list, as the engine holds it now. */
  record(account: string, list: ImageList): ListSyncRecord | undefined {
    return this.runners.get(this.key(account, list))?.record;
  }

  /** True once every configured list has completed a first full sync (persisted or now). */
  isReady(): boolean {
    for (const runner of this.runners.values()) {
      if (runner.record.lastFullSync === null) return false;
    }
    return true;
  }

  /** When the list's data was last brought up to date, or null before the first full sync. */
  syncedAt(account: string, list: ImageList): number | null {
    const record = this.runners.get(this.key(account, list))?.record;
    if (!record) return null;
    const times = [record.lastFullSync, record.lastIncrementalSync].filter(
      (t): t is number => t !== null,
    );
    return times.length === 0 ? null : Math.max(...times);
  }

  async getSyncStatus(): Promise<SyncResponse> {
    const accounts: AccountSyncStatus[] = [];
    const leader = this.isLeader;
    const requests = new Map<string, SyncRefreshRequest>();
    for (const request of await readSyncRequests(this.db)) {
      const { kind, state, requested_at } = request;
      requests.set(this.key(request.account, request.list), { kind, state, requested_at });
    }
    for (const account of this.accounts) {
      const lists: ListSyncStatus[] = [];
      for (const list of IMAGE_LISTS) {
        const runner = this.runners.get(this.key(account.id, list));
        if (!runner) continue;
        // Another replica syncs: show the state it last persisted, not this replica's copy.
        const record = leader ? runner.record : await loadSyncRecord(this.db, account.id, list);
        const refresh = requests.get(this.key(account.id, list)) ?? null;
        const rows = await countImages(listSpec(list), this.db, account.id);
        const crawling = record.crawlOffset !== null;
        const remainingCalls = Math.max(
          0,
          Math.ceil((record.total - record.rowsDone) / CRAWL_PAGE_SIZE),
        );
        const budget = this.budgets.get(account.credentialId, listSpec(list).api).status();
        lists.push({
          list,
          state: record.state,
          rows,
          crawl: crawling
            ? {
                rows_done: record.rowsDone,
                total: record.total,
                eta_ms: crawlEtaMs(remainingCalls, budget),
              }
            : null,
          last_full_sync: record.lastFullSync,
          last_incremental_sync: record.lastIncrementalSync,
          next_run: runner.busy ? null : record.nextRun,
          watermarks: record.watermarks,
          calls: record.calls,
          throttled: record.throttled + (account.throttledRetries?.(listSpec(list).api) ?? 0),
          last_error: record.lastError,
          warnings: record.warnings,
          running: runner.busy || refresh?.state === 'running',
          refresh,
        });
      }
      accounts.push({
        account: account.id,
        lists,
        budgets: this.budgets.snapshot(account.credentialId),
        breakers: this.breakers?.status(account.credentialId) ?? {},
      });
    }
    return { now: this.now(), accounts };
  }
}
