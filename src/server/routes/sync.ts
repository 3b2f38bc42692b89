// GET /api/sync (state of every list) and POST /api/sync/refresh (a crawl now; spends budget).
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, IMAGE_LISTS, enumParam, type ImageList } from '../../shared/contracts';
import type { AccountConfig } from '../config';
import { pickAccount } from './accounts';
import type { SyncService } from './types';
import { parseWith, rawQuery } from './validate';
import { z } from 'zod';

const RefreshQuerySchema = z.strictObject({
  account: z.string().optional(),
  list: enumParam(IMAGE_LISTS).optional(),
});

export function registerSyncRoutes(
  app: FastifyInstance,
  deps: { accounts: readonly AccountConfig[]; sync: SyncService },
): void {
  app.get(API_ROUTES.sync, async () => deps.sync.getSyncStatus());

  app.post(API_ROUTES.syncRefresh, async (request, reply) => {
    const query = parseWith(RefreshQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    const lists: ImageList[] = query.list ? [query.list] : [...IMAGE_LISTS];
    for (const list of lists) deps.sync.refreshNow(account.id, list);
    return reply.code(202).send({ accepted: true, account: account.id, lists });
  });
}
