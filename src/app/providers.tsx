import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { queryRetryDelay, shouldRetryQuery } from '../lib/query-retry';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The BFF answers from its inventory, which changes at most every sync cycle.
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        // No refetch storms on tab switches; the sync poll keeps the age current.
        refetchOnWindowFocus: false,
        // 4xx (bad parameter, not signed in) will not get better by asking again; "busy" (429
        // with Retry-After) will, after the advised delay (lib/query-retry.ts).
        retry: shouldRetryQuery,
        retryDelay: (failureCount, error) => queryRetryDelay(failureCount, error),
      },
    },
  });
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
