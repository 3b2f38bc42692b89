// The sync engine: one runner per account and list. Each runner crawls the list in full when
// due (first start, every SYNC_INTERVAL_MS, or on refreshNow), resumes an interrupted crawl,
// and on error keeps the inventory as it was, records the error and retries with backoff.
// The incremental engine (watermarks) will add a second kind of cycle to the same runner.
import {
  IMAGE_LISTS,
  type ImageList,
  type ListSyncStatus,
  type SyncError,
  type SyncResponse,
} from '../../shared/contracts';
import type { InventoryDb } from '../inventory/db';
import { countCicdImages } from '../inventory/cicd-images';
import { countRegistryImages } from '../inventory/registry-images';
import { loadSyncRecord, saveSyncRecord, type ListSyncRecord } from '../inventory/sync-state';
import { UpstreamError, type UpstreamApi } from '../upstream/types';
import { crawlEtaMs } from './eta';
import { CRAWL_PAGE_SIZE, runFullCrawl } from './full-crawl';
import type { BudgetView, SyncAccount, SyncLogger } from './types';

const LIST_API: Record<ImageList, UpstreamApi> = {
  registry: 'hss.ListRegistryImages',
  cicd: 'hss.ListCicdImages',
};
const FIRST_RETRY_MS = 5_000;

type AccountSyncStatus = SyncResponse['accounts'][number];

export interface SyncEngineOptions {
  db: InventoryDb;
  accounts: SyncAccount[];
  budgets: BudgetView;
  intervalMs: number;
  logger: SyncLogger;
  now?: () => number;
}

/** Backoff after `failures` consecutive failures: 5 s, 10 s, 20 s ... capped at the interval. */
export function retryDelayMs(failures: number, intervalMs: number, retryAfterMs?: number): number {
  const exponential = FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(failures - 1, 16));
  return Math.max(retryAfterMs ?? 0, Math.min(exponential, Math.max(intervalMs, FIRST_RETRY_MS)));
}

export function toSyncError(error: unknown, at: number): SyncError {
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

class ListRunner {
  record: ListSyncRecord;
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

  async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const now = this.engine.now();
      const due = this.dueAt();
      if (due > now) {
        this.record.nextRun = due;
        await this.sleep(due - now, signal);
        continue;
      }
      await this.runOnce(signal);
    }
  }

  private dueAt(): number {
    const record = this.record;
    if (record.crawlOffset !== null) return record.nextRun ?? 0;
    if (record.lastFullSync === null) return record.nextRun ?? 0;
    return record.nextRun ?? record.lastFullSync + this.engine.intervalMs;
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

  async runOnce(signal: AbortSignal): Promise<void> {
    const { db, logger, intervalMs } = this.engine;
    const record = this.record;
    this.running = true;
    record.nextRun = null;
    try {
      const started = this.engine.now();
      const { swept } = await runFullCrawl(db, this.account, record, {
        signal,
        now: () => this.engine.now(),
        onProgress: () => undefined,
      });
      record.nextRun = this.engine.now() + intervalMs;
      await saveSyncRecord(db, record);
      logger.info(
        {
          account: this.account.id,
          list: this.list,
          rows: record.rowsDone,
          swept,
          ms: this.engine.now() - started,
        },
        'full sync complete',
      );
    } catch (error) {
      if (signal.aborted) return; // stopping: the stored offset resumes the crawl next start
      const now = this.engine.now();
      record.consecutiveFailures += 1;
      record.lastError = toSyncError(error, now);
      if (error instanceof UpstreamError && error.status === 429) record.throttled += 1;
      record.state = 'error';
      const retryAfter = error instanceof UpstreamError ? error.retryAfterMs : undefined;
      record.nextRun = now + retryDelayMs(record.consecutiveFailures, intervalMs, retryAfter);
      logger[error instanceof UpstreamError ? 'warn' : 'error'](
        {
          account: this.account.id,
          list: this.list,
          err:
            error instanceof UpstreamError
              ? { message: error.message, code: error.code, upstream: error.upstream }
              : error,
          retry_in_ms: record.nextRun - now,
        },
        'sync failed; the inventory is kept as it was',
      );
      try {
        await saveSyncRecord(db, record);
      } catch (saveError) {
        logger.error({ err: saveError }, 'could not record the sync error');
      }
    } finally {
      this.running = false;
    }
  }
}

export class SyncEngine {
  readonly db: InventoryDb;
  readonly intervalMs: number;
  readonly logger: SyncLogger;
  readonly now: () => number;
  private readonly budgets: BudgetView;
  private readonly accounts: SyncAccount[];
  private readonly runners = new Map<string, ListRunner>();
  private controller: AbortController | undefined;
  private loops: Array<Promise<void>> = [];

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.accounts = options.accounts;
    this.budgets = options.budgets;
    this.intervalMs = options.intervalMs;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  private key(account: string, list: ImageList): string {
    return `${account}\u0000${list}`;
  }

  /** Loads the persisted state of every list. Call once before `start` or any status read. */
  async init(): Promise<void> {
    for (const account of this.accounts) {
      for (const list of IMAGE_LISTS) {
        const record = await loadSyncRecord(this.db, account.id, list);
        // A crawl that was running when the process stopped resumes at once.
        if (record.crawlOffset !== null) record.nextRun = null;
        this.runners.set(this.key(account.id, list), new ListRunner(account, list, record, this));
      }
    }
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loops = [...this.runners.values()].map((runner) =>
      runner.loop(signal).catch((error: unknown) => {
        this.logger.error(
          { err: error, account: runner.account.id, list: runner.list },
          'sync runner stopped',
        );
      }),
    );
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

  /** Asks for a full crawl now. Returns false when the list is unknown. */
  refreshNow(account: string, list: ImageList): boolean {
    const runner = this.runners.get(this.key(account, list));
    if (!runner) return false;
    if (!runner.busy) {
      runner.record.nextRun = this.now();
      runner.poke();
    }
    return true;
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
    for (const account of this.accounts) {
      const lists: ListSyncStatus[] = [];
      for (const list of IMAGE_LISTS) {
        const runner = this.runners.get(this.key(account.id, list));
        if (!runner) continue;
        const record = runner.record;
        const rows =
          list === 'registry'
            ? await countRegistryImages(this.db, account.id)
            : await countCicdImages(this.db, account.id);
        const crawling = record.crawlOffset !== null || runner.busy;
        const remainingCalls = Math.max(
          0,
          Math.ceil((record.total - record.rowsDone) / CRAWL_PAGE_SIZE),
        );
        const budget = this.budgets.get(account.credentialId, LIST_API[list]).status();
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
          throttled: record.throttled + (account.throttledRetries?.(LIST_API[list]) ?? 0),
          last_error: record.lastError,
        });
      }
      accounts.push({
        account: account.id,
        lists,
        budgets: this.budgets.snapshot(account.credentialId),
      });
    }
    return { now: this.now(), accounts };
  }
}
