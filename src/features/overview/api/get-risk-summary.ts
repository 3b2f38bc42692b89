import { useQuery } from '@tanstack/react-query';
import { API_ROUTES, RiskSummarySchema, type QueryRecord } from '../../../shared/contracts';
import { overviewQueryOptions } from './overview-query';

/** `params`: kind plus the page's filters, as strings (exactly what the BFF receives). */
export function getRiskSummaryQueryOptions(params: QueryRecord) {
  return overviewQueryOptions('risk-summary', API_ROUTES.riskSummary, RiskSummarySchema, params);
}

export function useRiskSummary(params: QueryRecord) {
  return useQuery(getRiskSummaryQueryOptions(params));
}
