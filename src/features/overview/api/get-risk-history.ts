import { useQuery } from '@tanstack/react-query';
import { API_ROUTES, RiskHistorySchema, type QueryRecord } from '../../../shared/contracts';
import { overviewQueryOptions } from './overview-query';

/** `params`: kind, days and account. History covers the whole list (no image filter). */
export function getRiskHistoryQueryOptions(params: QueryRecord) {
  return overviewQueryOptions('risk-history', API_ROUTES.riskHistory, RiskHistorySchema, params);
}

export function useRiskHistory(params: QueryRecord) {
  return useQuery(getRiskHistoryQueryOptions(params));
}
