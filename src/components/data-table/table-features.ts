// The table features every data table in the app uses, declared once and typed from here.
import {
  metaHelper,
  rowPaginationFeature,
  tableFeatures,
  type ReactTable,
  type RowData,
} from '@tanstack/react-table';

export interface DataTableColumnMeta {
  /** Numbers are right-aligned so digits line up. */
  align?: 'start' | 'end';
  /** A CSS width for the column (the table uses a fixed layout). */
  width?: string;
  /** Hidden on narrow screens (below 1200 px) so the essential columns keep their room. */
  optional?: boolean;
}

/** The class names a column's cells carry, from its meta. */
export function columnClassName(meta: DataTableColumnMeta | undefined): string | undefined {
  const names = [meta?.align === 'end' ? 'num' : '', meta?.optional ? 'col-optional' : '']
    .filter(Boolean)
    .join(' ');
  return names || undefined;
}

export const dataTableFeatures = tableFeatures({
  rowPaginationFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;
export type DataTableInstance<TData extends RowData> = ReactTable<DataTableFeatures, TData>;
