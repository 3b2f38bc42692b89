// GET /api/sync (state of every list, with each API's call budget and circuit breaker per
// account, from the sync engine) and POST /api/sync/refresh: an incremental cycle now (a few
// calls of the budget, visible in /api/sync), or with `full=true` a full mark-and-sweep crawl.
// The request is recorded in the database, so any replica accepts it for the one that syncs.
import type { FastifyInstance } from 'fastify';
import {
  API_ROUTES,
  IMAGE_LISTS,
  boolParam,
  enumParam,
  type ImageList,
  type BaseImagesEnrichment,
  type SyncRefreshResponse,
  type SyncResponse,
} from '../../shared/contracts';
import type { RefreshReceipt } from '../sync/sync-engine';
import type { AccountConfig } from '../config';
import type { QueryCache } from '../serving/query-cache';
import { pickAccount } from './accounts';
import { inScopeAccounts, scopeOf } from '../auth/request-scope';
import type { Scope } from '../auth/principal';
import type { SyncService } from './types';
import { parseWith, rawQuery, refuseQuery } from './validate';
import { z } from 'zod';

const RefreshQuerySchema = z.strictObject({
  account: z.string().optional(),
  list: enumParam(IMAGE_LISTS).optional(),
  full: boolParam().optional(),
});

/** What GET /api/sync reports beside the engine's own status (none without a query cache). */
export type SyncStatusExtras = Pick<SyncResponse, 'query_cache' | 'query_admission'>;

/** The query cache's and its admission control's counters, as GET /api/sync reports them. */
export function queryCacheStatusExtras(cache: QueryCache): SyncStatusExtras {
  const admission = cache.admissionStats();
  return {
    query_cache: cache.stats(),
    ...(admission === undefined ? {} : { query_admission: admission }),
  };
}

interface SyncRouteDeps {
  accounts: readonly AccountConfig[];
  sync: SyncService;
  /** Counters of other parts of this replica to report beside the sync status. */
  statusExtras?: () => SyncStatusExtras;
  /** An account's basic-image enrichment progress (Huawei accounts), its `enrichment` member. */
  enrichment?: (account: string) => Promise<BaseImagesEnrichment>;
  /** Images of a list inside namespace patterns (what a namespace-scoped user's `rows` is). */
  scopedRows?: (account: string, list: ImageList, namespaces: readonly string[]) => Promise<number>;
  /** ACR mirrored: the Alibaba accounts' entries (their ACR budgets and instances' sync). */
  acrStatus?: () => Promise<NonNullable<SyncResponse['acr']>>;
}

/**
 * A namespace-scoped user's status: their own images' counts, no crawl progress (counted over
 * the whole account) and no enrichment figures (ditto).
 */
async function withinNamespaces(
  deps: SyncRouteDeps,
  status: SyncResponse,
  namespaces: readonly string[],
): Promise<SyncResponse> {
  const accounts = await Promise.all(
    status.accounts.map(async ({ enrichment: _enrichment, ...account }) => ({
      ...account,
      lists: await Promise.all(
        account.lists.map(async (list) => ({
          ...list,
          rows: (await deps.scopedRows?.(account.account, list.list, namespaces)) ?? 0,
          crawl: null,
        })),
      ),
    })),
  );
  return { ...status, accounts };
}

/** Each Huawei account's basic-image enrichment progress, where the replica runs one. */
async function withEnrichment(deps: SyncRouteDeps, status: SyncResponse): Promise<SyncResponse> {
  const enrichmentOf = deps.enrichment;
  if (!enrichmentOf) return status;
  const huawei = new Set(
    deps.accounts.filter((account) => account.provider === 'huawei').map((a) => a.id),
  );
  const accounts = await Promise.all(
    status.accounts.map(async (account) =>
      huawei.has(account.account)
        ? { ...account, enrichment: await enrichmentOf(account.account) }
        : account,
    ),
  );
  return { ...status, accounts };
}

/** GET /api/sync for the signed-in user: only the accounts (and namespaces) in their scope. */
async function syncStatusFor(deps: SyncRouteDeps, scope: Scope): Promise<SyncResponse> {
  let status = await deps.sync.getSyncStatus();
  status = {
    ...status,
    accounts: inScopeAccounts(scope, status.accounts, (account) => account.account),
  };
  if (scope.namespaces !== null) return withinNamespaces(deps, status, scope.namespaces);
  status = await withEnrichment(deps, status);
  // Per account only: a namespace-scoped user (answered above) sees no ACR totals.
  if (deps.acrStatus) {
    const acr = await deps.acrStatus();
    status = { ...status, acr: inScopeAccounts(scope, acr, (entry) => entry.account) };
  }
  return status;
}

/** Asks for a cycle of each list: recorded for the leader, or run on this replica. */
async function requestRefreshes(
  sync: SyncService,
  account: string,
  lists: readonly ImageList[],
  full: boolean,
): Promise<RefreshReceipt[]> {
  const receipts: RefreshReceipt[] = [];
  for (const list of lists) {
    if (sync.requestRefresh) {
      const receipt = await sync.requestRefresh(account, list, { full });
      if (receipt) receipts.push(receipt);
    } else if (sync.refreshNow(account, list, { full })) {
      receipts.push({ queuedOn: 'this_replica', requestedAt: Date.now() });
    }
  }
  return receipts;
}

export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  app.get(API_ROUTES.sync, async (request): Promise<SyncResponse> => {
    refuseQuery(request);
    const status = await syncStatusFor(deps, scopeOf(request));
    return deps.statusExtras ? { ...status, ...deps.statusExtras() } : status;
  });

  app.post(API_ROUTES.syncRefresh, async (request, reply) => {
    const query = parseWith(RefreshQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account, scopeOf(request));
    const lists: ImageList[] = query.list ? [query.list] : [...IMAGE_LISTS];
    const full = query.full === true;
    const receipts = await requestRefreshes(deps.sync, account.id, lists, full);
    // Scale-out: a replica that does not hold the sync lease only records the request.
    const queuedOn = receipts.some((receipt) => receipt.queuedOn === 'leader')
      ? 'leader'
      : 'this_replica';
    const body: SyncRefreshResponse = {
      accepted: true,
      account: account.id,
      lists,
      kind: full ? 'full' : 'incremental',
      queued_on: queuedOn,
      requested_at: Math.max(0, ...receipts.map((receipt) => receipt.requestedAt)),
    };
    return reply.code(202).send(body);
  });
}
