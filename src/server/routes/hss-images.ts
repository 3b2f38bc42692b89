// The inventory's lists, answered with the upstream's parameters and meaning: one list route
// and one facets route per list description (lists/index.ts INVENTORY_LISTS: the HSS lists and
// the ACR tags). Valid before the first crawl finishes: whatever is mirrored, with synced_at null.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FacetsResponse, ListPage } from '../../shared/contracts';
import type { AccountConfig, HuaweiAccountConfig } from '../config';
import { INVENTORY_LISTS, type InventoryListSpec, type ListQuery } from '../lists';
import type { SyncedAtSources } from '../lists/spec';
import { listFacets } from '../lists/facets';
import { queryListJson, type ReadContext } from '../lists/list-store';
import { disconnectSignal } from '../serving/admission';
import type { QueryCache } from '../serving/query-cache';
import type { ColumnScans } from '../lists/column-scan';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopedQuery, scopeOf } from '../auth/request-scope';
import type { InventoryRouteDeps } from './types';
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

/**
 * The list's validated query and the account it names, of the list's provider (Huawei Cloud
 * unless said otherwise); 400 before any read otherwise.
 */
export function listRequest<Q extends ListQuery>(
  spec: Pick<InventoryListSpec<Q>, 'querySchema'> & { provider?: AccountConfig['provider'] },
  accounts: readonly AccountConfig[],
  request: FastifyRequest,
): { account: AccountConfig; query: Q } {
  const scope = scopeOf(request);
  const query = scopedQuery(scope, parseWith(spec.querySchema, rawQuery(request)));
  const account = pickAccount(accounts, spec.provider ?? 'huawei', query.account, scope);
  if (account.provider === 'huawei') checkEnterpriseProject(account, query.enterprise_project_id);
  return { account, query };
}

/** Sets X-Data-Synced-At and returns the list's synced_at for the body. */
export async function stampSyncedAt(
  reply: FastifyReply,
  sources: SyncedAtSources,
  account: string,
  spec: Pick<InventoryListSpec, 'syncedAt'>,
): Promise<number | null> {
  const syncedAt = await spec.syncedAt(sources, account);
  reply.header('X-Data-Synced-At', syncedAt === null ? 'never' : String(syncedAt));
  return syncedAt;
}

/** The list route's body, a `ListPage`: the page's JSON (queryListJson) with its synced_at. */
function listPageJson(pageJson: string, syncedAt: ListPage<unknown>['synced_at']): string {
  return `${pageJson.slice(0, -1)},"synced_at":${JSON.stringify(syncedAt)}}`;
}

/**
 * Inventory reads run for their client's request: a computation (cache miss) may be refused
 * with 429 server_busy when too many wait, and is dropped unstarted if the client disconnects.
 */
function clientRead(
  reply: FastifyReply,
  cache: QueryCache | undefined,
  columns?: ColumnScans,
): ReadContext {
  return { now: Date.now(), cache, signal: disconnectSignal(reply.raw), families: true, columns };
}

export function registerHssImageRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  for (const spec of INVENTORY_LISTS) {
    app.get(spec.routes.list, async (request, reply) => {
      const { account, query } = listRequest(spec, deps.accounts, request);
      const read = clientRead(reply, deps.cache, deps.columns);
      // With the families of its rows (multi-arch), read in the page's own batch and cached,
      // as JSON text: sent as it is, never parsed and serialised again.
      const page = await queryListJson(spec, deps.db, account.id, query, read);
      const syncedAt = await stampSyncedAt(reply, deps, account.id, spec);
      return reply.type('application/json; charset=utf-8').send(listPageJson(page, syncedAt));
    });

    // Facets take exactly the list's query (offset, limit and sort are accepted and ignored).
    app.get(spec.routes.facets, async (request, reply): Promise<FacetsResponse> => {
      const { account, query } = listRequest(spec, deps.accounts, request);
      const read = clientRead(reply, deps.cache, deps.columns);
      const result = await listFacets(spec, deps.db, account.id, query, read);
      return { ...result, synced_at: await stampSyncedAt(reply, deps, account.id, spec) };
    });
  }
}
