// GET /api/audit (newest first, filtered, paged) and the address of its CSV.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet, buildUrl, type QueryParams } from '../../../lib/api-client';
import { API_ROUTES, type AuditPage } from '../../../shared/contracts/facts';

export function useAuditTrail(params: QueryParams) {
  return useQuery({
    queryKey: ['audit', params],
    queryFn: ({ signal }) => apiGet<AuditPage>(API_ROUTES.audit, params, undefined, signal),
    placeholderData: keepPreviousData,
  });
}

export function auditExportUrl(params: QueryParams, lang: string): string {
  return buildUrl(API_ROUTES.auditExport, { ...params, lang });
}
