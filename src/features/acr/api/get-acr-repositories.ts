import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  AcrRepositoriesPageSchema,
  API_ROUTES,
  ListRepositoryResponseSchema,
  type AcrRepositoriesPage,
  type AcrRepository,
  type QueryRecord,
} from '../../../shared/contracts';

export function acrRepositoriesKey(params: QueryRecord) {
  return ['acr', 'repositories', params] as const;
}

/** `reload`: a fresh answer from ACR if its call budget has a call to spare (else the cached one). */
export function fetchAcrRepositories(
  params: QueryRecord,
  options: { signal?: AbortSignal; reload?: boolean } = {},
): Promise<AcrRepositoriesPage> {
  return apiGet(
    API_ROUTES.acrRepos,
    options.reload ? { ...params, reload: true } : params,
    AcrRepositoriesPageSchema,
    options.signal,
  );
}

/** `params` are ListRepository's parameters plus `account`, exactly as the BFF receives them. */
export function getAcrRepositoriesQueryOptions(params: QueryRecord) {
  return queryOptions({
    queryKey: acrRepositoriesKey(params),
    queryFn: ({ signal }) => fetchAcrRepositories(params, { signal }),
    placeholderData: keepPreviousData,
    // Every call spends the account's ACR budget; a repository list changes slowly.
    staleTime: 30_000,
  });
}

export function useAcrRepositories(params: QueryRecord | undefined) {
  return useQuery({
    ...getAcrRepositoriesQueryOptions(params ?? {}),
    enabled: params !== undefined,
  });
}

/** Pages ListRepository looks through for a repository that is not on the page in view. */
const LOOKUP_MAX_PAGES = 10;
const LOOKUP_PAGE_SIZE = 100;
/** How many of an instance's repositories a RepoId is looked for among (the page says so). */
export const ACR_REPOSITORY_LOOKUP_LIMIT = LOOKUP_MAX_PAGES * LOOKUP_PAGE_SIZE;

/** Query key of the repository behind a RepoId, seeded when the user opens it from the list. */
export function acrRepositoryKey(scope: QueryRecord, repoId: string) {
  return ['acr', 'repository', scope, repoId] as const;
}

/**
 * ListRepository has no RepoId filter, so a repository opened from a shared link is found by
 * paging the instance's repositories (100 a page, at most 1,000); `null` when it is not there.
 */
export function getAcrRepositoryQueryOptions(scope: QueryRecord, repoId: string) {
  return queryOptions({
    queryKey: acrRepositoryKey(scope, repoId),
    queryFn: async ({ signal }): Promise<AcrRepository | null> => {
      for (let pageNo = 1; pageNo <= LOOKUP_MAX_PAGES; pageNo += 1) {
        const page = await apiGet(
          API_ROUTES.acrRepos,
          { ...scope, PageNo: pageNo, PageSize: LOOKUP_PAGE_SIZE },
          ListRepositoryResponseSchema,
          signal,
        );
        const found = page.Repositories.find((repository) => repository.RepoId === repoId);
        if (found) return found;
        if (pageNo * LOOKUP_PAGE_SIZE >= page.TotalCount) break;
      }
      return null;
    },
    staleTime: 5 * 60_000,
  });
}

export function useAcrRepository(scope: QueryRecord, repoId: string) {
  return useQuery(getAcrRepositoryQueryOptions(scope, repoId));
}
