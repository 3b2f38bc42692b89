// The overview's page state in the URL, under the list API's own names where they exist:
// kind (registry | cicd), account, namespace, registry_name, and days (the trend range).
import { z } from 'zod';
import {
  RISK_HISTORY_RANGES,
  RiskKindSchema,
  enumParam,
  textParam,
  type ImageList,
  type QueryRecord,
  type RiskHistoryRange,
} from '../../shared/contracts';

export const OverviewQuerySchema = z.object({
  kind: RiskKindSchema.optional(),
  account: textParam(1, 64).optional(),
  namespace: textParam(1, 128).optional(),
  registry_name: textParam(1, 128).optional(),
  days: enumParam(RISK_HISTORY_RANGES).optional(),
});
export type OverviewQuery = z.infer<typeof OverviewQuerySchema>;

export interface OverviewRequests {
  kind: ImageList;
  days: RiskHistoryRange;
  summary: QueryRecord;
  history: QueryRecord;
}

/** The BFF requests for a page state. CI/CD images have no registry filter, so it is dropped. */
export function overviewRequests(query: OverviewQuery): OverviewRequests {
  const kind = query.kind ?? 'registry';
  const days = query.days ?? '30';
  const summary: QueryRecord = { kind };
  if (query.account) summary.account = query.account;
  if (query.namespace) summary.namespace = query.namespace;
  if (query.registry_name && kind === 'registry') summary.registry_name = query.registry_name;
  const history: QueryRecord = { kind, days };
  if (query.account) history.account = query.account;
  return { kind, days, summary, history };
}
