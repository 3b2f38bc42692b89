// GET /api/sync (state of every list, with each API's call budget and circuit breaker per
// account, from the sync engine) and POST /api/sync/refresh: an incremental cycle now (a few
// calls of the budget, visible in /api/sync), or with `full=true` a full mark-and-sweep crawl.
import type { FastifyInstance } from 'fastify';
import {
  API_ROUTES,
  IMAGE_LISTS,
  boolParam,
  enumParam,
  type ImageList,
} from '../../shared/contracts';
import type { AccountConfig } from '../config';
import { pickAccount } from './accounts';
import type { SyncService } from './types';
import { parseWith, rawQuery, refuseQuery } from './validate';
import { z } from 'zod';

const RefreshQuerySchema = z.strictObject({
  account: z.string().optional(),
  list: enumParam(IMAGE_LISTS).optional(),
  full: boolParam().optional(),
});

export function registerSyncRoutes(
  app: FastifyInstance,
  deps: { accounts: readonly AccountConfig[]; sync: SyncService },
): void {
  app.get(API_ROUTES.sync, async (request) => {
    refuseQuery(request);
    return deps.sync.getSyncStatus();
  });

  app.post(API_ROUTES.syncRefresh, async (request, reply) => {
    const query = parseWith(RefreshQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    const lists: ImageList[] = query.list ? [query.list] : [...IMAGE_LISTS];
    const full = query.full === true;
    for (const list of lists) deps.sync.refreshNow(account.id, list, { full });
    return reply
      .code(202)
      .send({ accepted: true, account: account.id, lists, kind: full ? 'full' : 'incremental' });
  });
}
