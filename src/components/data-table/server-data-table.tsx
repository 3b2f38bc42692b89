import type { RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ListPage } from '../../shared/contracts';
import { BusyNotice, QueryErrorState } from '../feedback';
import { ClearFiltersButton, type FilterClear } from '../filter-bar';
import { DataTable, type SortState } from './data-table';
import { DataTablePagination } from './data-table-pagination';
import type { DataTableInstance } from './table-features';

interface ServerDataTableProps<TData extends RowData> {
  table: DataTableInstance<TData>;
  /** The page's query: the table reads only its total (the rows come through `table`). */
  query: UseQueryResult<Pick<ListPage<TData>, 'total_num'>>;
  label: string;
  /** Plural noun of the rows, in the reader's language: "images". */
  noun: string;
  pageSizes: readonly number[];
  errorTitle: string;
  /** Go back to the first page (offered when a page lies past the end). */
  onFirstPage: () => void;
  onRowActivate?: (row: TData) => void;
  activeRowId?: string | null;
  sort?: SortState | undefined;
  onSortChange?: (sort: SortState) => void;
  /** Said instead of "no images yet" when filters are active and nothing matches. */
  noMatches?: (FilterClear & { message: string }) | undefined;
  /** Toolbar above the table (filters, column menu, export). */
  toolbar?: ReactNode;
}

/** A server-paginated list: skeleton, error with retry, empty state, rows and pagination. */
export function ServerDataTable<TData extends RowData>({
  table,
  query,
  label,
  noun,
  pageSizes,
  errorTitle,
  onFirstPage,
  onRowActivate,
  activeRowId,
  sort,
  onSortChange,
  noMatches,
  toolbar,
}: ServerDataTableProps<TData>) {
  const { t } = useTranslation('table');
  const { pageIndex, pageSize } = table.state.pagination;
  // An error with no page to show replaces the table; an error on refetch keeps the stale page.
  if (query.isError && !query.data) {
    return (
      <section className="list-view" aria-label={label}>
        {toolbar}
        <QueryErrorState query={query} title={errorTitle} />
      </section>
    );
  }
  const total = query.data?.total_num ?? 0;
  const empty =
    total > 0 && pageIndex > 0 ? (
      <>
        <p>{t('states.pastEnd', { noun })}</p>
        <button type="button" className="button" onClick={onFirstPage}>
          {t('states.toFirstPage')}
        </button>
      </>
    ) : noMatches ? (
      <>
        <p>{noMatches.message}</p>
        <ClearFiltersButton clear={noMatches} />
      </>
    ) : (
      <p>{t('states.empty', { noun })}</p>
    );

  return (
    <section className="list-view" aria-label={label}>
      {toolbar}
      {query.isError ? (
        <QueryErrorState query={query} title={errorTitle} />
      ) : (
        <BusyNotice failureReason={query.failureReason} isFetching={query.isFetching} />
      )}
      <DataTable
        table={table}
        label={label}
        isLoading={query.isPending}
        isStale={query.isPlaceholderData}
        skeletonRows={Math.min(pageSize, 20)}
        empty={empty}
        total={query.data?.total_num}
        offset={pageIndex * pageSize}
        sort={sort}
        onSortChange={onSortChange}
        onRowActivate={onRowActivate}
        activeRowId={activeRowId}
      />
      <DataTablePagination table={table} pageSizes={pageSizes} noun={noun} />
    </section>
  );
}
