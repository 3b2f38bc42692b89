import {
  createColumnHelper,
  functionalUpdate,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type Updater,
} from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import { offsetFromPageState, pageStateFromOffset, reachablePageCount } from '../../lib/pagination';
import { useColumnPreferences } from './use-column-preferences';
import {
  dataTableFeatures,
  type DataTableFeatures,
  type DataTableInstance,
} from './table-features';

export function createDataTableColumnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}

export type DataTableColumns<TData extends RowData> = Array<ColumnDef<DataTableFeatures, TData>>;

export interface ServerTableOptions<TData extends RowData> {
  /** Stable (module scope): a new array each render would rebuild every row model. */
  columns: DataTableColumns<TData>;
  /** The current page's rows from the server (stable while the query result is). */
  rows: readonly TData[] | undefined;
  total: number | undefined;
  offset: number;
  limit: number;
  getRowId: (row: TData) => string;
  /** The page changed: write it where the state lives (the URL). */
  onPageChange: (page: { offset: number; limit: number }) => void;
  /** Columns shown and their order (the user's choice, from useColumnPreferences). */
  columnVisibility?: Record<string, boolean>;
  columnOrder?: string[];
}

const NO_ROWS: readonly never[] = [];
const NO_VISIBILITY: Record<string, boolean> = {};
const NO_ORDER: string[] = [];

/**
 * A table whose page comes from the server: the table's pagination state is derived from the
 * API's own offset/limit, and every change goes back through `onPageChange`.
 */
export function useServerTable<TData extends RowData>({
  columns,
  rows,
  total,
  offset,
  limit,
  getRowId,
  onPageChange,
  columnVisibility = NO_VISIBILITY,
  columnOrder = NO_ORDER,
}: ServerTableOptions<TData>): DataTableInstance<TData> {
  const pagination = useMemo(() => pageStateFromOffset(offset, limit), [offset, limit]);
  // Pinned columns come first whatever order the user chose: only the first can stay in view.
  const order = useMemo(() => {
    const pinned = columns.flatMap((column) =>
      column.meta?.pinned && column.id ? [column.id] : [],
    );
    if (pinned.length === 0) return columnOrder;
    return [...pinned, ...columnOrder.filter((id) => !pinned.includes(id))];
  }, [columns, columnOrder]);
  const onPaginationChange = useCallback(
    (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      onPageChange({ offset: offsetFromPageState(next), limit: next.pageSize });
    },
    [onPageChange, pagination],
  );
  return useTable({
    features: dataTableFeatures,
    columns,
    data: rows ?? NO_ROWS,
    getRowId,
    manualPagination: true,
    // Until the first page arrives the page count is unknown (-1), not zero.
    pageCount: total === undefined ? -1 : reachablePageCount(total, limit),
    rowCount: total,
    // Visibility and order are controlled: the column menu writes them to localStorage.
    state: { pagination, columnVisibility, columnOrder: order },
    onPaginationChange,
  });
}

export type PreferredServerTableOptions<TData extends RowData> = Omit<
  ServerTableOptions<TData>,
  'rows' | 'total' | 'columnVisibility' | 'columnOrder'
> & {
  /** Where the user's choice of columns is kept (useColumnPreferences). */
  preferencesKey: string;
  /** The server's current page, if any yet. */
  page: { data_list: readonly TData[]; total_num: number } | undefined;
};

/** A server-paged table of `page`'s rows, in the columns the user chose and the order. */
export function usePreferredServerTable<TData extends RowData>({
  preferencesKey,
  page,
  ...options
}: PreferredServerTableOptions<TData>): {
  table: DataTableInstance<TData>;
  preferences: ReturnType<typeof useColumnPreferences>;
} {
  const preferences = useColumnPreferences(preferencesKey, options.columns);
  const table = useServerTable({
    ...options,
    rows: page?.data_list,
    total: page?.total_num,
    columnVisibility: preferences.columnVisibility,
    columnOrder: preferences.preferences.order,
  });
  return { table, preferences };
}
