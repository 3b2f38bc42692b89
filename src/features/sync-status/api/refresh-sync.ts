// POST /api/sync/refresh: asks the BFF for an incremental cycle of every list of an account now.
// It spends call budget, so the button that calls this says how much (see describeRefresh).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { API_ROUTES } from '../../../shared/contracts/facts';
import { SYNC_QUERY_KEY } from './get-sync-status';

export function requestSyncRefresh(accountId: string | undefined): Promise<void> {
  return apiPost(API_ROUTES.syncRefresh, { account: accountId });
}

export function useRefreshSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string | undefined) => requestSyncRefresh(accountId),
    // The cycle starts at once: read its running state now rather than at the next poll.
    onSettled: () => queryClient.invalidateQueries({ queryKey: SYNC_QUERY_KEY }),
  });
}
