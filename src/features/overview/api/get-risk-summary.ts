import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { API_ROUTES, RiskSummarySchema, type QueryRecord } from '../../../shared/contracts';

/** `params`: kind plus the page's filters, as strings (exactly what the BFF receives). */
export function getRiskSummaryQueryOptions(params: QueryRecord) {
  return queryOptions({
    queryKey: ['hss', 'risk-summary', params],
    queryFn: ({ signal }) => apiGet(API_ROUTES.riskSummary, params, RiskSummarySchema, signal),
    // Keep the charts on screen while another filter's figures load.
    placeholderData: keepPreviousData,
  });
}

export function useRiskSummary(params: QueryRecord) {
  return useQuery(getRiskSummaryQueryOptions(params));
}
