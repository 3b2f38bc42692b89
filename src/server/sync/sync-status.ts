// GET /api/sync's body: per account, every list's state, progress, schedule and errors, with the
// budgets and circuit breakers of the account's credential and any refresh asked for.
import {
  IMAGE_LISTS,
  type ImageList,
  type ListSyncStatus,
  type SyncRefreshRequest,
  type SyncResponse,
} from '../../shared/contracts';
import { listSpec } from '../lists';
import { countImages } from '../lists/list-store';
import type { InventoryDb } from '../store/db';
import { crawlEtaMs, sweepPlan, type PlanInputs } from './plan';
import type { ListRunner } from './list-runner';
import { readSyncRequests } from './sync-requests';
import { loadSyncRecord } from './sync-state';
import type { BreakerView, BudgetView, SyncAccount } from './types';

type AccountSyncStatus = SyncResponse['accounts'][number];

/** What the status is read from: the engine's accounts, runners, budgets and breakers. */
export interface SyncStatusSource {
  readonly db: InventoryDb;
  readonly accounts: readonly SyncAccount[];
  readonly budgets: BudgetView;
  readonly breakers: BreakerView | undefined;
  readonly now: () => number;
  readonly intervalMs: number;
  readonly sweepIntervalMs: number;
  /** True while this replica runs the sync (else the leader's persisted state is shown). */
  readonly isLeader: boolean;
  runner(account: string, list: ImageList): ListRunner | undefined;
}

function listKey(account: string, list: ImageList): string {
  return `${account}\u0000${list}`;
}

export async function buildSyncStatus(source: SyncStatusSource): Promise<SyncResponse> {
  const accounts: AccountSyncStatus[] = [];
  const leader = source.isLeader;
  const requests = new Map<string, SyncRefreshRequest>();
  for (const request of await readSyncRequests(source.db)) {
    const { kind, state, requested_at } = request;
    requests.set(listKey(request.account, request.list), { kind, state, requested_at });
  }
  for (const account of source.accounts) {
    const lists: ListSyncStatus[] = [];
    for (const list of IMAGE_LISTS) {
      const runner = source.runner(account.id, list);
      if (!runner) continue;
      // Another replica syncs: show the state it last persisted, not this replica's copy.
      const record = leader ? runner.record : await loadSyncRecord(source.db, account.id, list);
      const refresh = requests.get(listKey(account.id, list)) ?? null;
      const rows = await countImages(listSpec(list), source.db, account.id);
      const crawling = record.crawlOffset !== null;
      const budget = source.budgets.get(account.credentialId, listSpec(list).api).status();
      const plan: PlanInputs = {
        budget,
        intervalMs: source.intervalMs,
        cycleCalls: runner.cycleCalls,
        sweepIntervalMs: source.sweepIntervalMs,
        total: record.total,
        lastSweepMs:
          record.lastFullSync !== null && record.sweepStartedAt !== null
            ? record.lastFullSync - record.sweepStartedAt
            : null,
        crawlPace:
          crawling && record.crawlStartedAt !== null
            ? { elapsedMs: source.now() - record.crawlStartedAt, rowsDone: record.rowsDone }
            : null,
      };
      const sweep = sweepPlan(plan);
      lists.push({
        list,
        state: record.state,
        rows,
        crawl: crawling
          ? {
              rows_done: record.rowsDone,
              total: record.total,
              eta_ms: crawlEtaMs(record.total - record.rowsDone, plan),
              first: record.lastFullSync === null,
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
        freshness: {
          cycle_interval_ms: source.intervalMs,
          sweep_ms: sweep.sweepMs,
          sweep_period_ms: sweep.sweepPeriodMs,
          removal_bound_ms: sweep.removalBoundMs,
        },
      });
    }
    accounts.push({
      account: account.id,
      lists,
      budgets: source.budgets.snapshot(account.credentialId),
      breakers: source.breakers?.status(account.credentialId) ?? {},
    });
  }
  return { now: source.now(), accounts };
}
