import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  AcrTagsPageSchema,
  API_ROUTES,
  fillPath,
  type AcrTagsPage,
  type QueryRecord,
} from '../../../shared/contracts';

export function acrTagsPath(repoId: string): string {
  return fillPath(API_ROUTES.acrTags, { RepoId: repoId });
}

export function acrTagsKey(repoId: string, params: QueryRecord) {
  return ['acr', 'tags', repoId, params] as const;
}

/** `reload`: a fresh answer from ACR if its call budget has a call to spare (else the cached one). */
export function fetchAcrTags(
  repoId: string,
  params: QueryRecord,
  options: { signal?: AbortSignal; reload?: boolean } = {},
): Promise<AcrTagsPage> {
  return apiGet(
    acrTagsPath(repoId),
    options.reload ? { ...params, reload: true } : params,
    AcrTagsPageSchema,
    options.signal,
  );
}

/** `params` are ListRepoTag's parameters (but RepoId, which is in the path) plus `account`. */
export function getAcrTagsQueryOptions(repoId: string, params: QueryRecord) {
  return queryOptions({
    queryKey: acrTagsKey(repoId, params),
    queryFn: ({ signal }) => fetchAcrTags(repoId, params, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useAcrTags(repoId: string, params: QueryRecord) {
  return useQuery(getAcrTagsQueryOptions(repoId, params));
}
