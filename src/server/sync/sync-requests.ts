// Manual refreshes shared between replicas (table `sync_requests`, migration 0014). Any replica
// records a request; the replica holding the sync lease polls for queued ones, marks one running
// when it starts it and deletes it once it has run. A request that arrives while another of the
// same list runs re-queues the row with a later `requested_at`, so it is run again afterwards.
import { sql, type ExpressionBuilder } from 'kysely';
import type { ImageList, SyncRefreshKind, SyncRefreshRequest } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';

/** A row of `sync_requests` (migration 0014): one per account and list. */
interface SyncRequestsTable {
  account: string;
  list: string;
  /** 'incremental' or 'full'. */
  kind: string;
  /** 'queued' until the leader starts it, then 'running'; deleted once it has run. */
  state: string;
  requested_at: number;
  started_at: number | null;
}

/** The row of one account's list (the table's key). */
function ofList(key: { account: string; list: string }) {
  return (eb: ExpressionBuilder<{ sync_requests: SyncRequestsTable }, 'sync_requests'>) =>
    eb.and([eb('account', '=', key.account), eb('list', '=', key.list)]);
}

/** The inventory seen with this module's table (kept out of InventoryTables on purpose: only here reads it). */
function withRequests(db: InventoryDb) {
  return db.withTables<{ sync_requests: SyncRequestsTable }>();
}

export interface StoredSyncRequest extends SyncRefreshRequest {
  account: string;
  list: ImageList;
}

function toStored(row: {
  account: string;
  list: string;
  kind: string;
  state: string;
  requested_at: number | string;
}): StoredSyncRequest | undefined {
  if (row.list !== 'registry' && row.list !== 'cicd') return undefined;
  return {
    account: row.account,
    list: row.list,
    kind: row.kind === 'full' ? 'full' : 'incremental',
    state: row.state === 'running' ? 'running' : 'queued',
    requested_at: Number(row.requested_at),
  };
}

/**
 * Records a refresh of one list; returns its `requested_at`, which is later than that of any
 * earlier request of the list. A full crawl still queued is not downgraded by a later
 * incremental request (the crawl covers it); a running one is re-queued with the new kind.
 */
export async function recordSyncRequest(
  db: InventoryDb,
  // 'acr': a reload of the mirrored ACR routes (sync/acr-sync.ts), which the HSS engine skips.
  request: { account: string; list: ImageList | 'acr'; kind: SyncRefreshKind; at: number },
): Promise<number> {
  const result = await sql<{ requested_at: number | string }>`
    insert into sync_requests (account, list, kind, state, requested_at, started_at)
    values (${request.account}, ${request.list}, ${request.kind}, 'queued', ${request.at}, null)
    on conflict (account, list) do update set
      kind = case when sync_requests.state = 'queued' and sync_requests.kind = 'full'
        then 'full' else excluded.kind end,
      state = 'queued',
      requested_at = case when excluded.requested_at > sync_requests.requested_at
        then excluded.requested_at else sync_requests.requested_at + 1 end,
      started_at = null
    returning requested_at`.execute(db);
  const requestedAt = result.rows[0]?.requested_at;
  if (requestedAt === undefined) throw new Error('the sync request was not recorded');
  return Number(requestedAt);
}

/** When the ACR refresh of an account was last asked for and is not done yet, or null. */
export async function readAcrRefreshRequest(
  db: InventoryDb,
  account: string,
): Promise<number | null> {
  const row = await withRequests(db)
    .selectFrom('sync_requests')
    .select('requested_at')
    .where(ofList({ account, list: 'acr' }))
    .executeTakeFirst();
  return row === undefined ? null : Number(row.requested_at);
}

/** Every request not yet done, queued or running. */
export async function readSyncRequests(db: InventoryDb): Promise<StoredSyncRequest[]> {
  const rows = await withRequests(db)
    .selectFrom('sync_requests')
    .select(['account', 'list', 'kind', 'state', 'requested_at'])
    .execute();
  return rows.flatMap((row) => toStored(row) ?? []);
}

/** The key of a stored request and the `requested_at` a settlement is for. */
interface RequestKey {
  account: string;
  list: ImageList;
  requestedAt: number;
}

/** The leader starts the request recorded at `requestedAt` (unless a newer one replaced it). */
export async function markSyncRequestRunning(
  db: InventoryDb,
  key: RequestKey & { at: number },
): Promise<void> {
  await withRequests(db)
    .updateTable('sync_requests')
    .set({ state: 'running', started_at: key.at })
    .where(ofList(key))
    .where('requested_at', '=', key.requestedAt)
    .execute();
}

/** The request recorded at `requestedAt` has run (or failed): gone, unless a newer one replaced it. */
export async function finishSyncRequest(db: InventoryDb, key: RequestKey): Promise<void> {
  await deleteSyncRequest(db, key, key.requestedAt);
}

/** A stored request's run has begun (`running`: marked so) or ended (`done`: removed). */
export async function settleSyncRequest(
  db: InventoryDb,
  phase: 'running' | 'done',
  key: RequestKey & { at: number },
): Promise<void> {
  if (phase === 'running') await markSyncRequestRunning(db, key);
  else await finishSyncRequest(db, key);
}

/** A new leader re-queues what its predecessor was running when it died: it runs again. */
export async function requeueRunningSyncRequests(db: InventoryDb): Promise<void> {
  await withRequests(db)
    .updateTable('sync_requests')
    .set({ state: 'queued', started_at: null })
    .where('state', '=', 'running')
    .execute();
}

/**
 * Removes the request of a list no runner serves any more (an account removed from the
 * configuration), or, with `recordedBy`, one recorded at or before then (finishSyncRequest).
 */
export async function deleteSyncRequest(
  db: InventoryDb,
  key: { account: string; list: string },
  recordedBy?: number,
): Promise<void> {
  let remove = withRequests(db).deleteFrom('sync_requests').where(ofList(key));
  if (recordedBy !== undefined) remove = remove.where('requested_at', '<=', recordedBy);
  await remove.execute();
}
