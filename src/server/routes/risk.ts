// The risk overview's data: GET /api/hss/risk-summary (counts and top lists under any list
// filter) and GET /api/hss/risk-history (daily snapshots). Both read the inventory only: no
// upstream call, whatever the filters.
import type { FastifyInstance } from 'fastify';
import {
  API_ROUTES,
  CicdRiskSummaryQuerySchema,
  RegistryRiskSummaryQuerySchema,
  RiskHistoryQuerySchema,
  type RiskHistory,
  type RiskSummary,
} from '../../shared/contracts';
import type { AccountConfig } from '../config';
import { disconnectSignal, withClientRequest } from '../serving/admission';
import type { InventoryDb } from '../store/db';
import type { QueryCache } from '../serving/query-cache';
import { loadRiskHistory } from '../analytics/risk-history';
import { buildRiskSummary, type RiskSummaryRequest } from '../analytics/risk-summary';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import type { SyncService } from './types';
import { parseWith, rawQuery } from './validate';

export function registerRiskRoutes(
  app: FastifyInstance,
  deps: {
    accounts: readonly AccountConfig[];
    db: InventoryDb;
    sync: SyncService;
    /** Answers cached under the inventory's write version; none computes every summary. */
    cache?: QueryCache;
  },
): void {
  app.get(API_ROUTES.riskSummary, async (request, reply): Promise<RiskSummary> => {
    const raw = rawQuery(request);
    const kind = raw.kind ?? 'registry';
    if (kind !== 'registry' && kind !== 'cicd')
      throw invalidParameter('kind', 'kind must be registry or cicd');
    let summaryRequest: RiskSummaryRequest;
    let requestedAccount: string | undefined;
    let enterpriseProject: string | undefined;
    if (kind === 'registry') {
      const { kind: _kind, ...query } = parseWith(RegistryRiskSummaryQuerySchema, raw);
      summaryRequest = { kind, query };
      requestedAccount = query.account;
      enterpriseProject = query.enterprise_project_id;
    } else {
      const { kind: _kind, ...query } = parseWith(CicdRiskSummaryQuerySchema, raw);
      summaryRequest = { kind, query };
      requestedAccount = query.account;
      enterpriseProject = query.enterprise_project_id;
    }
    const account = pickAccount(deps.accounts, 'huawei', requestedAccount);
    // As for the lists: the inventory mirrors the account's one enterprise project.
    if (enterpriseProject !== undefined && enterpriseProject !== account.enterpriseProjectId)
      throw invalidParameter(
        'enterprise_project_id',
        `enterprise_project_id must be ${account.enterpriseProjectId} or omitted: account ${account.id} mirrors that enterprise project only`,
      );
    const { kind: _kind, ...filters } = raw;
    const syncedAt = deps.sync.syncedAt(account.id, kind);
    reply.header('X-Data-Synced-At', syncedAt === null ? 'never' : String(syncedAt));
    // As the lists: a computation may be refused (429 server_busy) or dropped on disconnect.
    return withClientRequest(disconnectSignal(reply.raw), () =>
      buildRiskSummary(
        deps.db,
        { account: account.id, request: summaryRequest, filters, now: Date.now(), syncedAt },
        deps.cache,
      ),
    );
  });

  app.get(API_ROUTES.riskHistory, async (request): Promise<RiskHistory> => {
    const query = parseWith(RiskHistoryQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    return loadRiskHistory(deps.db, {
      account: account.id,
      kind: query.kind ?? 'registry',
      days: Number(query.days ?? '30'),
      now: Date.now(),
    });
  });
}
