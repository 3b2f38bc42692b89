import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  API_ROUTES,
  fillPath,
  ListRepoTagResponseSchema,
  type QueryRecord,
} from '../../../shared/contracts';

export function acrTagsPath(repoId: string): string {
  return fillPath(API_ROUTES.acrTags, { RepoId: repoId });
}

/** `params` are ListRepoTag's parameters (but RepoId, which is in the path) plus `account`. */
export function getAcrTagsQueryOptions(repoId: string, params: QueryRecord) {
  return queryOptions({
    queryKey: ['acr', 'tags', repoId, params],
    queryFn: ({ signal }) => apiGet(acrTagsPath(repoId), params, ListRepoTagResponseSchema, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useAcrTags(repoId: string, params: QueryRecord) {
  return useQuery(getAcrTagsQueryOptions(repoId, params));
}
