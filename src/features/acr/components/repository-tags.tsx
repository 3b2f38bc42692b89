import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../../i18n/rich-message';
import { Link, useSearchParams } from 'react-router-dom';
import { DataTable, DataTablePagination } from '../../../components/data-table';
import { QueryErrorState } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import { patchSearchParams, type SearchPatch } from '../../../lib/url-state';
import type { AcrTag, QueryRecord } from '../../../shared/contracts';
import {
  ACR_DEFAULT_PAGE_SIZE,
  ACR_PAGE_SIZES,
  sortTags,
  type AcrPageQuery,
} from '../acr-url-state';
import { ACR_REPOSITORY_LOOKUP_LIMIT, useAcrRepository } from '../api/get-acr-repositories';
import { useAcrTags } from '../api/get-acr-tags';
import { AcrStatusBadge } from './acr-status-badge';
import { CopyButton } from '../../../components/cells';
import { ExportTagsButton } from './export-tags-button';
import { AcrEnumLabel } from './acr-labels';
import { useAcrTable } from './use-acr-table';
import { tagColumns } from './tag-columns';
import { TagSortContext, type TagSortState } from './tag-sort';

const getRowId = (tag: AcrTag) => tag.Tag;

interface RepositoryTagsProps {
  repoId: string;
  query: AcrPageQuery;
  /** `account` and, when overridden, `InstanceId`. */
  scope: QueryRecord;
  tagRequest: QueryRecord;
  accountId: string;
  patch: (patch: SearchPatch) => void;
}

/** The tags' sort within the page, from the URL; a heading cycles ascending, descending, none. */
function useTagSort(query: AcrPageQuery, patch: (patch: SearchPatch) => void) {
  const sort = query.tagSort ? { key: query.tagSort, order: query.tagOrder ?? 'asc' } : undefined;
  const sortState = useMemo<TagSortState>(
    () => ({
      sort,
      toggle: (key) => {
        if (sort?.key !== key) patch({ tagSort: key, tagOrder: 'asc' });
        else if (sort.order === 'asc') patch({ tagOrder: 'desc' });
        else patch({ tagSort: null, tagOrder: null });
      },
    }),
    // `sort` is rebuilt each render; its parts are what change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sort?.key, sort?.order, patch],
  );
  return { sort, sortState };
}

function SortNote({ sort, onReset }: { sort: TagSortState['sort']; onReset: () => void }) {
  const { t } = useTranslation('acr');
  return (
    <p className="table-note muted" aria-live="polite">
      {sort
        ? t('sort.pageOnly', { column: t(`sort.keys.${sort.key}`), order: sort.order })
        : t('sort.apiOrder')}
      {sort ? (
        <>
          {' '}
          <button type="button" className="link-button" onClick={onReset}>
            {t('sort.backToApiOrder')}
          </button>
        </>
      ) : null}
    </p>
  );
}

/** The way back to the repositories, the repository's name and facts, and its export. */
function RepositoryHeader({
  repoId,
  repository,
  totalTags,
  scope,
  accountId,
}: {
  repoId: string;
  repository: ReturnType<typeof useAcrRepository>;
  totalTags: number | undefined;
  scope: QueryRecord;
  accountId: string;
}) {
  const { t } = useTranslation('acr');
  const format = useFormatters();
  const [searchParams] = useSearchParams();
  const backSearch = patchSearchParams(searchParams, {
    repo: null,
    tagPageNo: null,
    tagPageSize: null,
    tagSort: null,
    tagOrder: null,
  }).toString();
  const known = repository.data ?? undefined;
  const title = known ? `${known.RepoNamespaceName}/${known.RepoName}` : repoId;

  return (
    <>
      <nav className="breadcrumb" aria-label={t('tags.breadcrumb')}>
        <Link to={{ search: backSearch }}>{t('tags.back')}</Link>
      </nav>
      <header className="panel-header repo-tags__header">
        <div>
          <h2 id="repo-tags-title" className="repo-tags__title">
            {known ? (
              <>
                <span className="image-ref__ns">{known.RepoNamespaceName}/</span>
                {known.RepoName}
              </>
            ) : (
              title
            )}
          </h2>
          <p className="repo-tags__facts muted">
            <span className="copyable">
              <code>{repoId}</code>
              <CopyButton text={repoId} label={t('tags.copyRepoId')} />
            </span>
            {known ? (
              <>
                <AcrStatusBadge status={known.RepoStatus} />
                <span>
                  <AcrEnumLabel group="repoType" value={known.RepoType} />
                </span>
                {known.Summary ? <span className="truncate">{known.Summary}</span> : null}
              </>
            ) : repository.isPending ? (
              <span>{t('tags.lookingUp')}</span>
            ) : repository.data === null ? (
              <span>{t('tags.notFound', { max: format.number(ACR_REPOSITORY_LOOKUP_LIMIT) })}</span>
            ) : null}
            {totalTags !== undefined ? (
              <span>
                <RichMessage
                  ns="acr"
                  i18nKey="tags.total"
                  values={{ count: format.number(totalTags), total: totalTags }}
                  components={{ strong: <strong className="repo-tags__total" /> }}
                />
              </span>
            ) : null}
          </p>
        </div>
        {known ? <ExportTagsButton repository={known} scope={scope} accountId={accountId} /> : null}
      </header>
    </>
  );
}

/** One repository's tags (ListRepoTag): paged by the API, sorted here within the page. */
export function RepositoryTags({
  repoId,
  query,
  scope,
  tagRequest,
  accountId,
  patch,
}: RepositoryTagsProps) {
  const { t } = useTranslation('acr');
  const repository = useAcrRepository(scope, repoId);
  const tags = useAcrTags(repoId, tagRequest);
  const pageSize = query.tagPageSize ?? ACR_DEFAULT_PAGE_SIZE;
  const pageNo = query.tagPageNo ?? 1;

  const { sort, sortState } = useTagSort(query, patch);
  const images = tags.data?.Images;
  const rows = useMemo(
    () => (images && sort ? sortTags(images, sort.key, sort.order) : images),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [images, sort?.key, sort?.order],
  );

  const table = useAcrTable({
    columns: tagColumns,
    rows,
    total: tags.data?.TotalCount,
    pageNo,
    pageSize,
    getRowId,
    onPage: (tagPageNo, tagPageSize) => patch({ tagPageNo, tagPageSize }),
  });

  const empty =
    tags.data && tags.data.TotalCount > 0 && pageNo > 1 ? (
      <>
        <p>{t('tags.pastLast')}</p>
        <button type="button" className="button" onClick={() => patch({ tagPageNo: null })}>
          {t('tags.firstPage')}
        </button>
      </>
    ) : (
      <p>{t('tags.none')}</p>
    );

  return (
    <section className="list-view repo-tags" aria-labelledby="repo-tags-title">
      <RepositoryHeader
        repoId={repoId}
        repository={repository}
        totalTags={tags.data?.TotalCount}
        scope={scope}
        accountId={accountId}
      />

      {tags.isError ? <QueryErrorState query={tags} title={t('tags.failed')} /> : null}
      {tags.isError && !tags.data ? null : (
        <>
          <SortNote sort={sort} onReset={() => patch({ tagSort: null, tagOrder: null })} />
          <TagSortContext.Provider value={sortState}>
            <DataTable
              table={table}
              label={t('tags.label')}
              isLoading={tags.isPending}
              isStale={tags.isPlaceholderData}
              skeletonRows={Math.min(pageSize, 20)}
              empty={empty}
            />
          </TagSortContext.Provider>
          <DataTablePagination table={table} pageSizes={ACR_PAGE_SIZES} noun={t('tags.noun')} />
        </>
      )}
    </section>
  );
}
