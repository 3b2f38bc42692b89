// The table features every data table in the app uses, declared once and typed from here.
import {
  columnOrderingFeature,
  columnVisibilityFeature,
  metaHelper,
  rowPaginationFeature,
  tableFeatures,
  type ReactTable,
  type RowData,
} from '@tanstack/react-table';

export interface DataTableColumnMeta {
  /**
   * The column's name: a catalogue key with its namespace (`table:columns.image`), translated
   * where shown: the header, the column menu and the sort button. A column without one shows
   * its own `header`.
   */
  label?: string;
  /** A narrower header's key, where the name is long; the full name is its tooltip. */
  shortLabel?: string;
  /** Numbers are right-aligned so digits line up. */
  align?: 'start' | 'end';
  /** A CSS width for the column (the table uses a fixed layout). */
  width?: string;
  /** Hidden on narrow screens (below 1200 px) so the essential columns keep their room. */
  optional?: boolean;
  /** The server's `sort_key` for this column; absent when the column cannot be sorted. */
  sortKey?: string;
  /** The first direction a click sorts in (numbers and times: largest / newest first). */
  firstSortDir?: 'asc' | 'desc';
  /** Response fields this column shows, in order: what the Export button writes for it. */
  exportKeys?: readonly string[];
  /** Not shown until the user picks it in the column menu. */
  hiddenByDefault?: boolean;
  /** A text column of ids and digits, in a monospace font (image-columns' textColumn). */
  mono?: boolean;
  /** Stays first and in view when the table scrolls sideways (the image a row is about). */
  pinned?: boolean;
}

/** The class names a column's cells carry, from its meta. */
export function columnClassName(meta: DataTableColumnMeta | undefined): string | undefined {
  const names = [
    meta?.align === 'end' ? 'num' : '',
    meta?.optional ? 'col-optional' : '',
    meta?.pinned ? 'col-pinned' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return names || undefined;
}

export const dataTableFeatures = tableFeatures({
  rowPaginationFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;
export type DataTableInstance<TData extends RowData> = ReactTable<DataTableFeatures, TData>;
