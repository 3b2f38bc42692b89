// POST /api/sync/refresh: asks the BFF for an incremental cycle of every list of an account now.
// It spends call budget, so the button that calls this says how much (see describeRefresh).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, buildUrl } from '../../../lib/api-client';
import { API_ROUTES, ErrorBodySchema } from '../../../shared/contracts';
import { SYNC_QUERY_KEY } from './get-sync-status';

export async function requestSyncRefresh(accountId: string | undefined): Promise<void> {
  let response: Response;
  try {
    response = await fetch(buildUrl(API_ROUTES.syncRefresh, { account: accountId }), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'The dashboard server could not be reached. Is it still running?',
    });
  }
  if (response.ok) return;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  throw new ApiError({
    status: response.status,
    code: parsed.success ? parsed.data.error.code : `http_${response.status}`,
    message: parsed.success
      ? parsed.data.error.message
      : `The server answered ${response.status} to the refresh`,
    requestId: response.headers.get('x-request-id') ?? undefined,
  });
}

export function useRefreshSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string | undefined) => requestSyncRefresh(accountId),
    // The cycle starts at once: read its running state now rather than at the next poll.
    onSettled: () => queryClient.invalidateQueries({ queryKey: SYNC_QUERY_KEY }),
  });
}
