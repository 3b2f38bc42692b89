import { useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
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

interface RepositoriesPanelProps {
  query: AcrPageQuery;
  repositories: ReturnType<typeof useAcrRepositories>;
  patch: (patch: SearchPatch) => void;
}

/** ListRepository as a filterable, paged table; a repository opens with Enter or its link. */
export function RepositoriesPanel({ query, repositories, patch }: RepositoriesPanelProps) {
  const { t } = useTranslation('acr');
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
        <p>{t('repositories.pastLast')}</p>
        <button type="button" className="button" onClick={() => patch({ PageNo: null })}>
          {t('repositories.firstPage')}
        </button>
      </>
    ) : filtered ? (
      <>
        <p>{t('repositories.noMatch')}</p>
        <button
          type="button"
          className="button"
          onClick={() =>
            patch({ RepoNamespaceName: null, RepoName: null, RepoStatus: null, PageNo: null })
          }
        >
          {t('repositories.clearFilters')}
        </button>
      </>
    ) : (
      <p>{t('repositories.none')}</p>
    );

  return (
    <section className="list-view" aria-label={t('repositories.label')}>
      <div className="toolbar" role="search" aria-label={t('repositories.filters')}>
        <TextFilterField
          label={t('repositories.namespace')}
          value={query.RepoNamespaceName ?? ''}
          onCommit={setNamespace}
          placeholder={t('repositories.namespacePlaceholder')}
        />
        <TextFilterField
          label={t('repositories.name')}
          value={query.RepoName ?? ''}
          onCommit={setName}
          placeholder={t('repositories.namePlaceholder')}
        />
        <div className="field">
          <label htmlFor={statusId}>{t('repositories.status')}</label>
          <select
            id={statusId}
            value={query.RepoStatus ?? ''}
            onChange={(event) => setFilter('RepoStatus', event.target.value)}
          >
            <option value="">{t('repositories.anyStatus')}</option>
            {ACR_REPO_STATUSES.filter((status) => status !== 'ALL').map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {repositories.isError ? (
        <QueryErrorState query={repositories} title={t('repositories.failed')} />
      ) : null}
      {repositories.isError && !data ? null : (
        <>
          <DataTable
            table={table}
            label={t('repositories.label')}
            isLoading={repositories.isPending && repositories.fetchStatus !== 'idle'}
            isStale={repositories.isPlaceholderData}
            skeletonRows={Math.min(pageSize, 20)}
            empty={empty}
            onRowActivate={open}
          />
          <DataTablePagination
            table={table}
            pageSizes={ACR_PAGE_SIZES}
            noun={t('repositories.noun')}
          />
        </>
      )}
      <p className="table-note muted">{t('repositories.openHint')}</p>
    </section>
  );
}
