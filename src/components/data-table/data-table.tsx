import type { RowData } from '@tanstack/react-table';
import type { KeyboardEvent, ReactNode } from 'react';
import { columnClassName, type DataTableInstance } from './table-features';

interface DataTableProps<TData extends RowData> {
  table: DataTableInstance<TData>;
  /** The table's accessible name. */
  label: string;
  /** No page has arrived yet: show skeleton rows. */
  isLoading: boolean;
  /** A newer page is on its way while the previous one stays visible. */
  isStale: boolean;
  /** Rows to sketch while loading (the page size). */
  skeletonRows: number;
  empty: ReactNode;
  /** Open a row (Enter or double click). */
  onRowActivate?: (row: TData) => void;
}

const FOCUSABLE_ROW = 'tr[data-row]';

/** Arrow keys move between rows (one tab stop for the whole body), Home/End jump. */
function moveRowFocus(event: KeyboardEvent<HTMLTableSectionElement>) {
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLTableRowElement>(FOCUSABLE_ROW));
  const current = rows.indexOf(event.target as HTMLTableRowElement);
  if (current < 0) return;
  const targets: Record<string, number> = {
    ArrowDown: Math.min(current + 1, rows.length - 1),
    ArrowUp: Math.max(current - 1, 0),
    Home: 0,
    End: rows.length - 1,
  };
  const next = targets[event.key];
  if (next === undefined) return;
  event.preventDefault();
  for (const [index, row] of rows.entries()) row.tabIndex = index === next ? 0 : -1;
  rows[next]?.focus();
}

export function DataTable<TData extends RowData>({
  table,
  label,
  isLoading,
  isStale,
  skeletonRows,
  empty,
  onRowActivate,
}: DataTableProps<TData>) {
  const headerGroups = table.getHeaderGroups();
  const columns = table.getAllLeafColumns();
  const rows = table.getRowModel().rows;

  return (
    <div className="data-table" data-stale={isStale || undefined}>
      <table aria-label={label} aria-busy={isLoading || isStale} aria-rowcount={-1}>
        <colgroup>
          {columns.map((column) => (
            <col
              key={column.id}
              className={column.columnDef.meta?.optional ? 'col-optional' : undefined}
              style={{ width: column.columnDef.meta?.width }}
            />
          ))}
        </colgroup>
        <thead>
          {headerGroups.map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  className={columnClassName(header.column.columnDef.meta)}
                >
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={moveRowFocus}>
          {isLoading
            ? Array.from({ length: skeletonRows }, (_, index) => (
                <tr key={index} className="skeleton-row" aria-hidden="true">
                  {columns.map((column) => (
                    <td key={column.id} className={columnClassName(column.columnDef.meta)}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row, index) => (
                <tr
                  key={row.id}
                  data-row=""
                  tabIndex={index === 0 ? 0 : -1}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && onRowActivate) onRowActivate(row.original);
                  }}
                  onDoubleClick={onRowActivate ? () => onRowActivate(row.original) : undefined}
                >
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className={columnClassName(cell.column.columnDef.meta)}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
      {!isLoading && rows.length === 0 ? <div className="data-table__empty">{empty}</div> : null}
    </div>
  );
}
