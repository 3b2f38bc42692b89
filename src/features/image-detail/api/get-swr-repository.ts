// Brief facts on an SWR image's repository: SWR ShowRepository through the BFF.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  API_ROUTES,
  fillPath,
  SwrRepositorySchema,
  type SwrRepository,
} from '../../../shared/contracts';
import { queueableSchema, refetchWhileQueued, type Queueable } from './queued';

const SwrRepositoryAnswerSchema = queueableSchema(SwrRepositorySchema);

export function getSwrRepositoryQueryOptions(
  namespace: string,
  repository: string,
  account: string | undefined,
) {
  return queryOptions({
    queryKey: ['swr', 'repository', account ?? '', namespace, repository],
    queryFn: ({ signal }): Promise<Queueable<SwrRepository>> =>
      apiGet(
        fillPath(API_ROUTES.swrRepository, { namespace, repository }),
        { account },
        SwrRepositoryAnswerSchema,
        signal,
      ),
    // Downloads and sizes move slowly; browsing back and forth should not spend budget.
    staleTime: 5 * 60_000,
    refetchInterval: (query) => refetchWhileQueued(query.state.data),
  });
}

export function useSwrRepository(
  namespace: string,
  repository: string,
  account: string | undefined,
) {
  return useQuery(getSwrRepositoryQueryOptions(namespace, repository, account));
}
