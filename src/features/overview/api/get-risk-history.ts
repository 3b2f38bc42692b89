import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { API_ROUTES, RiskHistorySchema, type QueryRecord } from '../../../shared/contracts';

/** `params`: kind, days and account. History covers the whole list (no image filter). */
export function getRiskHistoryQueryOptions(params: QueryRecord) {
  return queryOptions({
    queryKey: ['hss', 'risk-history', params],
    queryFn: ({ signal }) => apiGet(API_ROUTES.riskHistory, params, RiskHistorySchema, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRiskHistory(params: QueryRecord) {
  return useQuery(getRiskHistoryQueryOptions(params));
}
