import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet, type QueryParams } from '../../../lib/api-client';
import { API_ROUTES, type ChangesPage } from '../../../shared/contracts/facts';

export function useChanges(params: QueryParams) {
  return useQuery({
    queryKey: ['changes', params],
    queryFn: ({ signal }) => apiGet<ChangesPage>(API_ROUTES.changes, params, undefined, signal),
    placeholderData: keepPreviousData,
  });
}

/** How many high-severity events arrived since `since` (the header's badge). */
export function useNewHighSeverityCount(account: string | undefined, since: number | null) {
  return useQuery({
    queryKey: ['changes', 'new-high', account, since],
    enabled: since !== null,
    refetchInterval: 60_000,
    queryFn: async ({ signal }) =>
      (
        await apiGet<ChangesPage>(
          API_ROUTES.changes,
          { account, severity_level: 'High', since: since ?? undefined, limit: 1 },
          undefined,
          signal,
        )
      ).total_num,
  });
}
