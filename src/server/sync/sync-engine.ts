// The sync engine: one runner per account and list. Each runner first crawls the list in full
// (resuming an interrupted crawl after a restart), then runs an incremental cycle every
// SYNC_INTERVAL_MS (only what changed since the watermarks) and a full mark-and-sweep crawl
// every SYNC_SWEEP_INTERVAL_MS (removes images that are gone). On error it keeps the inventory
// as it was, records the error and retries with backoff. Every call draws from the shared budget.
// Here: the runners' lifecycle, the lease and the refreshes asked for. One list's run is in
// list-runner.ts, following the lease in leader-lease.ts, the status in sync-status.ts, the
// backoff in retry.ts.
import {
  IMAGE_LISTS,
  OFFSET_MAX,
  type ImageList,
  type SyncRefreshKind,
  type SyncResponse,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { DEFAULT_OVERLAP_MS } from './incremental';
import { followLease, type LeaseReplica, type SyncLeadership } from './leader-lease';
import { ListRunner } from './list-runner';
import { abortableDelay, FIRST_RETRY_MS } from './retry';
import {
  deleteSyncRequest,
  readSyncRequests,
  recordSyncRequest,
  requeueRunningSyncRequests,
  settleSyncRequest,
} from './sync-requests';
import { loadSyncRecord, type ListSyncRecord } from './sync-state';
import { buildSyncStatus } from './sync-status';
import type { BreakerView, BudgetView, SyncAccount, SyncLogger } from './types';

export { retryDelayMs, toSyncError } from './retry';

/** How often the syncing replica looks for refreshes asked of other replicas. */
export const DEFAULT_REQUEST_POLL_MS = 1_000;

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
      ? [followLease(this.leadership, signal, this.leaseReplica())]
      : this.startRunners(signal);
  }

  /** This replica's sync as the lease follower starts and stops it. */
  private leaseReplica(): LeaseReplica {
    return {
      logger: this.logger,
      reloadRecords: () => this.reloadRecords(),
      startRunners: (signal) => this.startRunners(signal),
      setLeading: (leading) => {
        this.leading = leading;
      },
    };
  }

  /** Re-reads every list's persisted state (a follower sees the leader's progress this way). */
  private async reloadRecords(): Promise<void> {
    for (const runner of this.runners.values()) {
      runner.record = await loadSyncRecord(this.db, runner.account.id, runner.list);
    }
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
      await settleSyncRequest(this.db, phase, { account, list, requestedAt, at: this.now() });
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
    return buildSyncStatus({
      db: this.db,
      accounts: this.accounts,
      budgets: this.budgets,
      breakers: this.breakers,
      now: this.now,
      intervalMs: this.intervalMs,
      sweepIntervalMs: this.sweepIntervalMs,
      isLeader: this.isLeader,
      runner: (account, list) => this.runners.get(this.key(account, list)),
    });
  }
}
