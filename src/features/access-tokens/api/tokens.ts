// GET/POST /api/tokens, DELETE /api/tokens/{id}: the signed-in user's personal API tokens (an
// admin's list holds everyone's). A created token is in the POST's answer only.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGetAll, apiSend } from '../../../lib/api-client';
import { useRefreshingMutation } from '../../../lib/use-refreshing-mutation';
import {
  API_ROUTES,
  fillPath,
  type ApiTokenSummary,
  type CreatedApiToken,
} from '../../../shared/contracts/facts';

const TOKENS_KEY = ['api-tokens'] as const;

const tokensQueryOptions = () =>
  queryOptions({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => apiGetAll<ApiTokenSummary>(API_ROUTES.tokens, signal),
  });

export function useApiTokens() {
  return useQuery(tokensQueryOptions());
}

export function useCreateApiToken() {
  return useRefreshingMutation(TOKENS_KEY, (body: { name: string; expires_at?: number }) =>
    apiSend<CreatedApiToken>('POST', API_ROUTES.tokens, body),
  );
}

export function useRevokeApiToken() {
  return useRefreshingMutation(TOKENS_KEY, (id: string) =>
    apiSend<undefined>('DELETE', fillPath(API_ROUTES.token, { id })),
  );
}
