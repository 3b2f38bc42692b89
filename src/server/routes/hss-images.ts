// The image lists, answered from the inventory with the upstream's parameters and meaning: one
// list route and one facets route per list spec (lists/index.ts). Valid before the first crawl
// finishes: whatever is mirrored, with synced_at null.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FacetsResponse, ListPage } from '../../shared/contracts';
import type { AccountConfig, HuaweiAccountConfig } from '../config';
import { LISTS, type ListQuery, type ListSpec } from '../lists';
import { listFacets } from '../lists/facets';
import { queryList, type ReadContext } from '../lists/list-store';
import { disconnectSignal } from '../serving/admission';
import type { QueryCache } from '../serving/query-cache';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopedQuery, scopeOf } from '../auth/request-scope';
import type { InventoryRouteDeps, SyncService } from './types';
import { parseWith, rawQuery } from './validate';

/** The inventory mirrors one enterprise project per account; another cannot be answered from it. */
export function checkEnterpriseProject(
  account: HuaweiAccountConfig,
  requested: string | undefined,
): void {
  if (requested === undefined || requested === account.enterpriseProjectId) return;
  throw invalidParameter(
    'enterprise_project_id',
    `enterprise_project_id must be ${account.enterpriseProjectId} or omitted: account ${account.id} mirrors that enterprise project only`,
  );
}

/** The list's validated query and the account it names (400 before any read otherwise). */
export function listRequest<Q extends ListQuery>(
  spec: Pick<ListSpec<Q>, 'querySchema'>,
  accounts: readonly AccountConfig[],
  request: FastifyRequest,
): { account: HuaweiAccountConfig; query: Q } {
  const scope = scopeOf(request);
  const query = scopedQuery(scope, parseWith(spec.querySchema, rawQuery(request)));
  const account = pickAccount(accounts, 'huawei', query.account, scope);
  checkEnterpriseProject(account, query.enterprise_project_id);
  return { account, query };
}

/** Sets X-Data-Synced-At and returns the list's synced_at for the body. */
export function stampSyncedAt(
  reply: FastifyReply,
  sync: SyncService,
  account: string,
  spec: ListSpec,
): number | null {
  const syncedAt = sync.syncedAt(account, spec.name);
  reply.header('X-Data-Synced-At', syncedAt === null ? 'never' : String(syncedAt));
  return syncedAt;
}

/**
 * Inventory reads run for their client's request: a computation (cache miss) may be refused
 * with 429 server_busy when too many wait, and is dropped unstarted if the client disconnects.
 */
function clientRead(reply: FastifyReply, cache: QueryCache | undefined): ReadContext {
  return { now: Date.now(), cache, signal: disconnectSignal(reply.raw) };
}

export function registerHssImageRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  for (const spec of LISTS) {
    app.get(spec.routes.list, async (request, reply): Promise<ListPage<unknown>> => {
      const { account, query } = listRequest(spec, deps.accounts, request);
      const page = await queryList(spec, deps.db, account.id, query, clientRead(reply, deps.cache));
      const rows = spec.families
        ? await spec.families.decorate(deps.db, account.id, page.data_list)
        : page.data_list;
      const syncedAt = stampSyncedAt(reply, deps.sync, account.id, spec);
      return { ...page, data_list: rows, synced_at: syncedAt };
    });

    // Facets take exactly the list's query (offset, limit and sort are accepted and ignored).
    app.get(spec.routes.facets, async (request, reply): Promise<FacetsResponse> => {
      const { account, query } = listRequest(spec, deps.accounts, request);
      const result = await listFacets(
        spec,
        deps.db,
        account.id,
        query,
        clientRead(reply, deps.cache),
      );
      return { ...result, synced_at: stampSyncedAt(reply, deps.sync, account.id, spec) };
    });
  }
}
