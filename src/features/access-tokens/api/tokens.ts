// GET/POST /api/tokens, DELETE /api/tokens/{id}: the signed-in user's personal API tokens (an
// admin's list holds everyone's). A created token is in the POST's answer only.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '../../../lib/api-client';
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
    queryFn: async ({ signal }) =>
      (
        await apiGet<{ data_list: ApiTokenSummary[] }>(
          API_ROUTES.tokens,
          undefined,
          undefined,
          signal,
        )
      ).data_list,
  });

export function useApiTokens() {
  return useQuery(tokensQueryOptions());
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expires_at?: number }) =>
      apiSend<CreatedApiToken>('POST', API_ROUTES.tokens, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<undefined>('DELETE', fillPath(API_ROUTES.token, { id })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
