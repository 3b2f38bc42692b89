import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from './api-client';
import { AccountsResponseSchema, API_ROUTES } from '../shared/contracts';

export function getAccountsQueryOptions() {
  return queryOptions({
    queryKey: ['accounts'],
    queryFn: ({ signal }) => apiGet(API_ROUTES.accounts, undefined, AccountsResponseSchema, signal),
    // Accounts come from the server's configuration: they change only on restart.
    staleTime: Infinity,
  });
}

export function useAccounts() {
  return useQuery(getAccountsQueryOptions());
}
