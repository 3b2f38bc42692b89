import { useCallback, useId } from 'react';
import { DataTable, DataTablePagination } from '../../../components/data-table';
import { QueryErrorState } from '../../../components/feedback';
import type { SearchPatch } from '../../../lib/url-state';
import { ACR_REPO_STATUSES } from '../../../shared/contracts/facts';
import type { AcrRepository } from '../../../shared/contracts';
import { ACR_DEFAULT_PAGE_SIZE, ACR_PAGE_SIZES, type AcrPageQuery } from '../acr-url-state';
import type { useAcrRepositories } from '../api/get-acr-repositories';
import { useOpenRepository } from './open-repository';
import { TextFilterField } from './text-filter-field';
import { useAcrTable } from './use-acr-table';
import { repositoryColumns } from './repository-columns';

const getRowId = (repository: AcrRepository) => repository.RepoId;

const STATUS_LABELS: Record<(typeof ACR_REPO_STATUSES)[number], string> = {
  NORMAL: 'Normal',
  DELETING: 'Deleting',
  ALL: 'All',
};

interface RepositoriesPanelProps {
  query: AcrPageQuery;
  repositories: ReturnType<typeof useAcrRepositories>;
  patch: (patch: SearchPatch) => void;
}

/** ListRepository as a filterable, paged table; a repository opens with Enter or its link. */
export function RepositoriesPanel({ query, repositories, patch }: RepositoriesPanelProps) {
  const statusId = useId();
  const pageSize = query.PageSize ?? ACR_DEFAULT_PAGE_SIZE;
  const pageNo = query.PageNo ?? 1;
  const open = useOpenRepository();
  const data = repositories.data;

  // A filter changes which repositories there are, so page 3 of the old list means nothing:
  // back to the first page.
  const setFilter = useCallback(
    (name: 'RepoNamespaceName' | 'RepoName' | 'RepoStatus', value: string) =>
      patch({ [name]: value, PageNo: null }),
    [patch],
  );
  const setNamespace = useCallback(
    (value: string) => setFilter('RepoNamespaceName', value),
    [setFilter],
  );
  const setName = useCallback((value: string) => setFilter('RepoName', value), [setFilter]);

  const table = useAcrTable({
    columns: repositoryColumns,
    rows: data?.Repositories,
    total: data?.TotalCount,
    pageNo,
    pageSize,
    getRowId,
    onPage: (PageNo, PageSize) => patch({ PageNo, PageSize }),
  });

  const filtered = Boolean(query.RepoNamespaceName || query.RepoName || query.RepoStatus);
  const empty =
    data && data.TotalCount > 0 && pageNo > 1 ? (
      <>
        <p>This page lies past the last repository.</p>
        <button type="button" className="button" onClick={() => patch({ PageNo: null })}>
          Go to the first page
        </button>
      </>
    ) : filtered ? (
      <>
        <p>No repository matches these filters.</p>
        <button
          type="button"
          className="button"
          onClick={() =>
            patch({ RepoNamespaceName: null, RepoName: null, RepoStatus: null, PageNo: null })
          }
        >
          Clear the filters
        </button>
      </>
    ) : (
      <p>This instance has no repositories.</p>
    );

  return (
    <section className="list-view" aria-label="Repositories">
      <div className="toolbar" role="search" aria-label="Filter repositories">
        <TextFilterField
          label="Namespace"
          value={query.RepoNamespaceName ?? ''}
          onCommit={setNamespace}
          placeholder="Exact namespace"
        />
        <TextFilterField
          label="Repository name"
          value={query.RepoName ?? ''}
          onCommit={setName}
          placeholder="Part of the name"
        />
        <div className="field">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={query.RepoStatus ?? ''}
            onChange={(event) => setFilter('RepoStatus', event.target.value)}
          >
            <option value="">Any</option>
            {ACR_REPO_STATUSES.filter((status) => status !== 'ALL').map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {repositories.isError ? (
        <QueryErrorState query={repositories} title="The repositories could not be loaded" />
      ) : null}
      {repositories.isError && !data ? null : (
        <>
          <DataTable
            table={table}
            label="Repositories"
            isLoading={repositories.isPending && repositories.fetchStatus !== 'idle'}
            isStale={repositories.isPlaceholderData}
            skeletonRows={Math.min(pageSize, 20)}
            empty={empty}
            onRowActivate={open}
          />
          <DataTablePagination table={table} pageSizes={ACR_PAGE_SIZES} noun="repositories" />
        </>
      )}
      <p className="table-note muted">
        Open a repository with its name, or with Enter on its row, to list its tags.
      </p>
    </section>
  );
}
