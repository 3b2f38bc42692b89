// The change feed: GET /api/changes answers a list's change events (changes/change-feed.ts),
// under the list's own filters plus event type and time, newest first.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_ROUTES, type ChangesPage } from '../../shared/contracts';
import { csvDownload, csvStream, fileDay } from './csv-download';
import { CHANGE_CSV_COLUMNS } from '../changes/change-csv';
import { queryChanges, streamChanges } from '../changes/change-feed';
import type { ListSpec } from '../lists';
import { LISTS } from '../lists';
import { invalidParameter } from '../plugins/error-handler';
import { listRequest, stampSyncedAt } from './hss-images';
import type { InventoryRouteDeps } from './types';
import { rawQuery } from './validate';

/** The list `list=` names (registry when absent), its validated feed query and account. */
function changesRequest(deps: InventoryRouteDeps, request: FastifyRequest) {
  const raw = rawQuery(request);
  const spec: ListSpec | undefined = LISTS.find(
    (candidate) => candidate.name === (raw.list ?? 'registry'),
  );
  if (spec === undefined)
    throw invalidParameter('list', `list must be ${LISTS.map((list) => list.name).join(' or ')}`);
  return { spec, ...listRequest({ querySchema: spec.changesSchema }, deps.accounts, request) };
}

export function registerChangeRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  app.get(API_ROUTES.changes, async (request, reply): Promise<ChangesPage> => {
    const { spec, account, query } = changesRequest(deps, request);
    const page = await queryChanges(spec, deps.db, account.id, query);
    await stampSyncedAt(reply, deps, account.id, spec);
    return page;
  });

  // The whole filtered feed (offset and limit are ignored), newest first.
  app.get(API_ROUTES.changesExport, async (request, reply) => {
    const { spec, account, query } = changesRequest(deps, request);
    const { offset: _offset, limit: _limit, ...filters } = query;
    const { total, events } = await streamChanges(spec, deps.db, account.id, filters);
    await stampSyncedAt(reply, deps, account.id, spec);
    const fileName = `imagewatch-changes-${spec.name}-${account.id}-${fileDay()}.csv`;
    return csvDownload(reply, fileName, total).send(csvStream(CHANGE_CSV_COLUMNS, events));
  });
}
