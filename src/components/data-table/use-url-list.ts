// A server-paged list whose state is the URL, as the list pages show one: the view read from the
// search parameters, its changes written back, the page asked of the server, the table with the
// user's columns, and the export link of the same query.
import type { RowData } from '@tanstack/react-table';
import type { UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { buildUrl, type QueryParams } from '../../lib/api-client';
import type { SortState } from './data-table';
import { usePreferredServerTable, type DataTableColumns } from './use-server-table';

interface UrlListView {
  sort: { key: string; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

interface UrlListPage<Row> {
  data_list: Row[];
  total_num: number;
}

export interface UrlListOptions<
  View extends UrlListView,
  Row extends RowData,
  Page extends UrlListPage<Row>,
> {
  /** The view in the URL; values the route would refuse fall back to defaults (stable). */
  read: (params: URLSearchParams) => View;
  /** The URL parameters of a view, defaults left out (stable). */
  search: (view: View) => Record<string, string | undefined>;
  /** What of the current URL the next keeps beside the view's own parameters (stable). */
  keep: (current: URLSearchParams) => URLSearchParams;
  /** What the list route is asked for the view (`current`: the whole URL, e.g. its account). */
  apiParams: (view: View, current: URLSearchParams) => QueryParams;
  /** The list's query hook (stable: a module function). */
  useList: (params: QueryParams) => UseQueryResult<Page>;
  columns: DataTableColumns<Row>;
  /** Where the user's column choice is kept. */
  preferencesKey: string;
  getRowId: (row: Row) => string;
  exportRoute: string;
  /** The export's header language. */
  language: string;
}

export function useUrlList<
  View extends UrlListView,
  Row extends RowData,
  Page extends UrlListPage<Row>,
>({
  read,
  search: searchOf,
  keep,
  apiParams,
  useList,
  columns,
  preferencesKey,
  getRowId,
  exportRoute,
  language,
}: UrlListOptions<View, Row, Page>) {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const view = useMemo(() => read(new URLSearchParams(search)), [read, search]);
  const params = apiParams(view, searchParams);
  const query = useList(params);

  // Every change but paging goes back to the first page: page 3 of another set means nothing.
  const update = useCallback(
    (next: Partial<View>) =>
      setSearchParams((current) => {
        const merged = { ...read(current), offset: 0, ...next };
        const out = keep(current);
        for (const [key, value] of Object.entries(searchOf(merged)))
          if (value !== undefined) out.set(key, value);
        return out;
      }),
    [read, searchOf, keep, setSearchParams],
  );
  const onPageChange = useCallback(
    ({ offset, limit }: { offset: number; limit: number }) =>
      update({ offset, limit } as Partial<View>),
    [update],
  );
  const { table, preferences } = usePreferredServerTable({
    preferencesKey,
    columns,
    page: query.data,
    offset: view.offset,
    limit: view.limit,
    getRowId,
    onPageChange,
  });
  const setSort = (sort: SortState) =>
    update({ sort: { key: sort.key, dir: sort.dir } } as Partial<View>);

  // The export: the same filters and sort, every row, the header in the page's language.
  const exportHref = buildUrl(exportRoute, {
    ...params,
    offset: undefined,
    limit: undefined,
    lang: language,
  });
  return { view, update, params, query, table, preferences, setSort, exportHref, searchParams };
}
