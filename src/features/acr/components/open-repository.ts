import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { patchSearchParams } from '../../../lib/url-state';
import type { AcrRepository, QueryRecord } from '../../../shared/contracts';
import { acrRepositoryKey } from '../api/get-acr-repositories';

/** `account` and (when overridden) `InstanceId`: the scope a RepoId belongs to. */
export function repositoryScope(search: URLSearchParams): QueryRecord {
  const scope: QueryRecord = {};
  const account = search.get('account');
  const instance = search.get('InstanceId');
  if (account) scope.account = account;
  if (instance) scope.InstanceId = instance;
  return scope;
}

/**
 * Opens a repository's tags: a new history entry (back returns to the list), with the row
 * already in the cache so the tag view need not look the repository up again.
 */
export function useOpenRepository() {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryClient = useQueryClient();
  return useCallback(
    (repository: AcrRepository) => {
      queryClient.setQueryData(
        acrRepositoryKey(repositoryScope(searchParams), repository.RepoId),
        repository,
      );
      setSearchParams(
        patchSearchParams(searchParams, {
          repo: repository.RepoId,
          tagPageNo: null,
          tagSort: null,
          tagOrder: null,
        }),
      );
    },
    [searchParams, setSearchParams, queryClient],
  );
}
