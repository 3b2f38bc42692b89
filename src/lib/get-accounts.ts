import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from './api-client';
import { lazyBffSchema } from './lazy-schema';
import { API_ROUTES } from '../shared/contracts/facts';

const accountsSchema = lazyBffSchema('AccountsResponseSchema');

export function getAccountsQueryOptions() {
  return queryOptions({
    queryKey: ['accounts'],
    queryFn: ({ signal }) => apiGet(API_ROUTES.accounts, undefined, accountsSchema, signal),
    // Accounts come from the server's configuration: they change only on restart.
    staleTime: Infinity,
  });
}

export function useAccounts() {
  return useQuery(getAccountsQueryOptions());
}
