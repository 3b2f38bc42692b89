import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { API_ROUTES, SyncResponseSchema } from '../../../shared/contracts';

export const SYNC_POLL_MS = 10_000;

export function getSyncStatusQueryOptions() {
  return queryOptions({
    queryKey: ['sync'],
    queryFn: ({ signal }) => apiGet(API_ROUTES.sync, undefined, SyncResponseSchema, signal),
    staleTime: SYNC_POLL_MS / 2,
    // Polled so the data's age and a crawl's progress stay current; paused in background tabs.
    refetchInterval: SYNC_POLL_MS,
  });
}

export function useSyncStatus() {
  return useQuery(getSyncStatusQueryOptions());
}
