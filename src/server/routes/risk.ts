// The risk overview's data: GET /api/hss/risk-summary (counts and top lists under any list
// filter) and GET /api/hss/risk-history (daily snapshots). Both read the inventory only: no
// upstream call, whatever the filters.
import type { FastifyInstance } from 'fastify';
import {
  API_ROUTES,
  RiskHistoryQuerySchema,
  type RiskHistory,
  type RiskSummary,
} from '../../shared/contracts';
import { LISTS } from '../lists';
import { disconnectSignal } from '../serving/admission';
import { loadRiskHistory } from '../analytics/risk-history';
import { buildRiskSummary } from '../analytics/risk-summary';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopedQuery, scopeOf } from '../auth/request-scope';

/** Says why a namespace-scoped user's risk history has no points. */
export const RISK_HISTORY_NOTICE_HEADER = 'X-Risk-History-Notice';
import { checkEnterpriseProject, stampSyncedAt } from './hss-images';
import type { InventoryRouteDeps } from './types';
import { parseWith, rawQuery } from './validate';

export function registerRiskRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  app.get(API_ROUTES.riskSummary, async (request, reply): Promise<RiskSummary> => {
    const raw = rawQuery(request);
    const spec = LISTS.find((candidate) => candidate.name === (raw.kind ?? 'registry'));
    if (spec === undefined)
      throw invalidParameter('kind', `kind must be ${LISTS.map((list) => list.name).join(' or ')}`);
    const scope = scopeOf(request);
    const { kind: _kind, ...query } = scopedQuery(scope, parseWith(spec.risk.querySchema, raw));
    const account = pickAccount(deps.accounts, 'huawei', query.account, scope);
    // As for the lists: the inventory mirrors the account's one enterprise project.
    checkEnterpriseProject(account, query.enterprise_project_id);
    const { kind: _rawKind, ...filters } = raw;
    const syncedAt = await stampSyncedAt(reply, deps, account.id, spec);
    // As the lists: a computation may be refused (429 server_busy) or dropped on disconnect.
    return buildRiskSummary(
      deps.db,
      {
        account: account.id,
        request: { kind: spec.name, query },
        filters,
        now: Date.now(),
        syncedAt,
        signal: disconnectSignal(reply.raw),
        columns: deps.columns,
      },
      deps.cache,
    );
  });

  app.get(API_ROUTES.riskHistory, async (request, reply): Promise<RiskHistory> => {
    const query = parseWith(RiskHistoryQuerySchema, rawQuery(request));
    const scope = scopeOf(request);
    const account = pickAccount(deps.accounts, 'huawei', query.account, scope);
    const history = await loadRiskHistory(deps.db, {
      account: account.id,
      kind: query.kind ?? 'registry',
      days: Number(query.days ?? '30'),
      now: Date.now(),
    });
    // The daily snapshots are whole-account totals and cannot be re-filtered afterwards: a user
    // limited to some namespaces gets no points rather than counts outside their scope.
    if (scope.namespaces === null) return history;
    reply.header(RISK_HISTORY_NOTICE_HEADER, 'not-kept-per-namespace');
    return { ...history, points: [] };
  });
}
