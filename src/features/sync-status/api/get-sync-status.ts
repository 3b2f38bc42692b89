import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { lazyBffSchema } from '../../../lib/lazy-schema';
import { API_ROUTES } from '../../../shared/contracts/facts';
import { refreshSettled } from '../describe-sync';

export const SYNC_POLL_MS = 10_000;
/** While a refresh the user asked for runs: poll fast enough to show it finish. */
export const SYNC_FAST_POLL_MS = 1_000;
export const SYNC_QUERY_KEY = ['sync'] as const;

const syncResponseSchema = lazyBffSchema('SyncResponseSchema');

/**
 * `refreshAskedAt`: the server time at which the user asked for a refresh of `accountId`; the
 * status is polled fast until it shows that refresh's outcome.
 */
export function getSyncStatusQueryOptions(
  watch: { refreshAskedAt: number | null; accountId: string | undefined } = {
    refreshAskedAt: null,
    accountId: undefined,
  },
) {
  return queryOptions({
    queryKey: SYNC_QUERY_KEY,
    queryFn: ({ signal }) => apiGet(API_ROUTES.sync, undefined, syncResponseSchema, signal),
    staleTime: SYNC_POLL_MS / 2,
    // Polled so the data's age and a crawl's progress stay current; paused in background tabs.
    refetchInterval: (query) =>
      watch.refreshAskedAt === null ||
      refreshSettled(query.state.data, watch.refreshAskedAt, watch.accountId)
        ? SYNC_POLL_MS
        : SYNC_FAST_POLL_MS,
  });
}

export function useSyncStatus(
  watch: { refreshAskedAt: number | null; accountId: string | undefined } = {
    refreshAskedAt: null,
    accountId: undefined,
  },
) {
  return useQuery(getSyncStatusQueryOptions(watch));
}
