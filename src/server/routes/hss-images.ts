// The two image lists, answered from the inventory with the upstream's parameters and meaning.
// Valid before the first crawl finishes: whatever is mirrored, with synced_at null.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  API_ROUTES,
  CicdImagesListQuerySchema,
  RegistryImagesListQuerySchema,
  type CicdImagesPage,
  type FacetsResponse,
  type RegistryImagesPage,
} from '../../shared/contracts';
import type { AccountConfig, HuaweiAccountConfig } from '../config';
import type { InventoryDb } from '../store/db';
import { queryCicdImages } from '../lists/cicd-images';
import { cicdImageFacets, registryImageFacets } from '../lists/facets';
import { disconnectSignal, withClientRequest } from '../serving/admission';
import { NO_QUERY_CACHE, type QueryCache } from '../serving/query-cache';
import { withMultiArch } from '../lists/multi-arch';
import { queryRegistryImages } from '../lists/registry-images';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import type { SyncService } from './types';
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

// Inventory calls run as their client's request: a computation (cache miss) may be refused with
// 429 server_busy when too many wait, and is dropped unstarted if the client disconnects.

function setSyncedAt(reply: FastifyReply, syncedAt: number | null): void {
  reply.header('X-Data-Synced-At', syncedAt === null ? 'never' : String(syncedAt));
}

export function registerHssImageRoutes(
  app: FastifyInstance,
  deps: {
    accounts: readonly AccountConfig[];
    db: InventoryDb;
    sync: SyncService;
    /** Answers cached under the inventory's write version; none computes every answer. */
    cache?: QueryCache;
  },
): void {
  const cache = deps.cache ?? NO_QUERY_CACHE;
  app.get(API_ROUTES.registryImages, async (request, reply): Promise<RegistryImagesPage> => {
    const query = parseWith(RegistryImagesListQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const page = await withClientRequest(disconnectSignal(reply.raw), () =>
      queryRegistryImages(deps.db, account.id, query, Date.now(), cache),
    );
    const rows = await withMultiArch(deps.db, account.id, page.data_list);
    const syncedAt = deps.sync.syncedAt(account.id, 'registry');
    setSyncedAt(reply, syncedAt);
    return { ...page, data_list: rows, synced_at: syncedAt };
  });

  app.get(API_ROUTES.cicdImages, async (request, reply): Promise<CicdImagesPage> => {
    const query = parseWith(CicdImagesListQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const page = await withClientRequest(disconnectSignal(reply.raw), () =>
      queryCicdImages(deps.db, account.id, query, Date.now(), cache),
    );
    const syncedAt = deps.sync.syncedAt(account.id, 'cicd');
    setSyncedAt(reply, syncedAt);
    return { ...page, synced_at: syncedAt };
  });

  // Facets take exactly the list's query (offset, limit and sort are accepted and ignored).
  app.get(API_ROUTES.registryImagesFacets, async (request, reply): Promise<FacetsResponse> => {
    const query = parseWith(RegistryImagesListQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const result = await withClientRequest(disconnectSignal(reply.raw), () =>
      registryImageFacets(deps.db, account.id, query, Date.now(), cache),
    );
    const syncedAt = deps.sync.syncedAt(account.id, 'registry');
    setSyncedAt(reply, syncedAt);
    return { ...result, synced_at: syncedAt };
  });

  app.get(API_ROUTES.cicdImagesFacets, async (request, reply): Promise<FacetsResponse> => {
    const query = parseWith(CicdImagesListQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const result = await withClientRequest(disconnectSignal(reply.raw), () =>
      cicdImageFacets(deps.db, account.id, query, Date.now(), cache),
    );
    const syncedAt = deps.sync.syncedAt(account.id, 'cicd');
    setSyncedAt(reply, syncedAt);
    return { ...result, synced_at: syncedAt };
  });
}
