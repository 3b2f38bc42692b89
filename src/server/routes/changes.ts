// The change feed: GET /api/changes answers a list's change events (changes/change-feed.ts),
// under the list's own filters plus event type and time, newest first.
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, type ChangesPage } from '../../shared/contracts';
import { queryChanges } from '../changes/change-feed';
import { LISTS } from '../lists';
import { invalidParameter } from '../plugins/error-handler';
import { listRequest, stampSyncedAt } from './hss-images';
import type { InventoryRouteDeps } from './types';
import { rawQuery } from './validate';

export function registerChangeRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  app.get(API_ROUTES.changes, async (request, reply): Promise<ChangesPage> => {
    const raw = rawQuery(request);
    const spec = LISTS.find((candidate) => candidate.name === (raw.list ?? 'registry'));
    if (spec === undefined)
      throw invalidParameter('list', `list must be ${LISTS.map((list) => list.name).join(' or ')}`);
    const { account, query } = listRequest(
      { querySchema: spec.changesSchema },
      deps.accounts,
      request,
    );
    const page = await queryChanges(spec, deps.db, account.id, query);
    stampSyncedAt(reply, deps.sync, account.id, spec);
    return page;
  });
}
