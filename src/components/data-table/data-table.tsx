import type { Column, Header, Row, RowData } from '@tanstack/react-table';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { useFixedT } from '../../i18n/translator';
import './data-table.css';
import {
  columnClassName,
  type DataTableColumnMeta,
  type DataTableFeatures,
  type DataTableInstance,
} from './table-features';

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

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
  /** Rows in the whole result and the first row's position in it, for aria-rowcount/rowindex. */
  total?: number | undefined;
  offset?: number;
  /** The server-side sort, when the list can be sorted; a click on a header asks for a new one. */
  sort?: SortState | undefined;
  onSortChange?: ((sort: SortState) => void) | undefined;
  /** Open a row (click or Enter). */
  onRowActivate?: ((row: TData) => void) | undefined;
  /** The row that is open (its id), marked as current. */
  activeRowId?: string | null | undefined;
}

/** Above this many rows only the rows in view are rendered (a 200-row page stays smooth). */
export const VIRTUALISE_ABOVE = 100;
const ROW_HEIGHT_ESTIMATE = 33;
const FLEXIBLE_COLUMN_MIN = '12rem';

const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'];

/** A header named by its meta's catalogue keys: the short name, with the full one on hover. */
function ColumnHeading({ label, shortLabel }: { label: string; shortLabel?: string | undefined }) {
  const t = useFixedT('table');
  if (shortLabel === undefined) return t(label);
  return <abbr title={t(label)}>{t(shortLabel)}</abbr>;
}

function headerContent<TData extends RowData>(
  header: Header<DataTableFeatures, TData, unknown>,
  table: DataTableInstance<TData>,
  meta: DataTableColumnMeta | undefined,
): ReactNode {
  return meta?.label === undefined ? (
    <table.FlexRender header={header} />
  ) : (
    <ColumnHeading label={meta.label} shortLabel={meta.shortLabel} />
  );
}

function SortableHeader<TData extends RowData>({
  header,
  table,
  sort,
  onSortChange,
}: {
  header: Header<DataTableFeatures, TData, unknown>;
  table: DataTableInstance<TData>;
  sort: SortState | undefined;
  onSortChange: ((sort: SortState) => void) | undefined;
}) {
  const t = useFixedT('table');
  const meta = header.column.columnDef.meta;
  const content = headerContent(header, table, meta);
  if (!meta?.sortKey || !onSortChange) return content;
  const active = sort?.key === meta.sortKey ? sort.dir : undefined;
  const firstDir = meta.firstSortDir ?? 'asc';
  const nextDir = active ? (active === 'asc' ? 'desc' : 'asc') : firstDir;
  const sortKey = meta.sortKey;
  return (
    <button
      type="button"
      className="sort-button"
      data-sorted={active}
      title={t('sort.by', { column: meta.label ? t(meta.label) : sortKey, dir: nextDir })}
      onClick={() => onSortChange({ key: sortKey, dir: nextDir })}
    >
      <span className="sort-button__label">{content}</span>
      <span className="sort-button__icon" aria-hidden="true">
        {active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}
      </span>
    </button>
  );
}

function ariaSort(sort: SortState | undefined, sortKey: string | undefined) {
  if (!sortKey) return undefined;
  if (sort?.key !== sortKey) return 'none' as const;
  return sort.dir === 'asc' ? ('ascending' as const) : ('descending' as const);
}

/** Clicks on controls inside a row (copy buttons, links) do not open the row. */
function fromControl(event: MouseEvent): boolean {
  return (event.target as HTMLElement).closest('button, a, input, select, label') !== null;
}

type VisibleColumns<TData extends RowData> = Column<DataTableFeatures, TData, unknown>[];

/**
 * With many columns chosen the table grows past its box and scrolls sideways inside it, rather
 * than squeezing the flexible (width-less) columns to nothing: its minimum is the sum of the
 * visible columns. Optional columns are hidden on narrow screens (styles.css), where they must
 * not widen the table, hence a second sum without them.
 */
function tableMinWidths<TData extends RowData>(columns: VisibleColumns<TData>): CSSProperties {
  const minWidthOf = (shown: VisibleColumns<TData>) =>
    `calc(${shown.map((column) => column.columnDef.meta?.width ?? FLEXIBLE_COLUMN_MIN).join(' + ')})`;
  return {
    '--table-min-width': minWidthOf(columns),
    '--table-min-width-narrow': minWidthOf(
      columns.filter((column) => !column.columnDef.meta?.optional),
    ),
  } as CSSProperties;
}

/** The column widths and the header row, whose sortable headers are buttons. */
function TableHeader<TData extends RowData>({
  table,
  sort,
  onSortChange,
}: {
  table: DataTableInstance<TData>;
  sort: SortState | undefined;
  onSortChange: ((sort: SortState) => void) | undefined;
}) {
  const columns = table.getVisibleLeafColumns();
  return (
    <>
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
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id} aria-rowindex={1}>
            {group.headers.map((header) => (
              <th
                key={header.id}
                scope="col"
                className={columnClassName(header.column.columnDef.meta)}
                aria-sort={
                  onSortChange ? ariaSort(sort, header.column.columnDef.meta?.sortKey) : undefined
                }
              >
                {header.isPlaceholder ? null : (
                  <SortableHeader
                    header={header}
                    table={table}
                    sort={sort}
                    onSortChange={onSortChange}
                  />
                )}
              </th>
            ))}
          </tr>
        ))}
      </thead>
    </>
  );
}

/** Rows sketched while the first page loads. */
function SkeletonRows<TData extends RowData>({
  columns,
  count,
}: {
  columns: VisibleColumns<TData>;
  count: number;
}) {
  return Array.from({ length: count }, (_, index) => (
    <tr key={index} className="skeleton-row" aria-hidden="true">
      {columns.map((column) => (
        <td key={column.id} className={columnClassName(column.columnDef.meta)}>
          <span className="skeleton" />
        </td>
      ))}
    </tr>
  ));
}

/** The room of the virtualised rows not rendered, above or below those in view. */
function SpacerRow({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tr className="spacer-row" aria-hidden="true" style={{ height }}>
      <td colSpan={columns} />
    </tr>
  );
}

interface RowKeyboardOptions {
  rowCount: number;
  offset: number;
  /** The virtualiser when rows are virtualised: a row out of view is scrolled to first. */
  virtualizer: Virtualizer<HTMLDivElement, Element> | undefined;
  scrollRef: RefObject<HTMLDivElement | null>;
  bodyRef: RefObject<HTMLTableSectionElement | null>;
}

/**
 * One tab stop for the body (roving tabindex): arrow keys, Page Up/Down, Home and End move it,
 * and a new page starts at its top.
 */
function useRowKeyboard({ rowCount, offset, virtualizer, scrollRef, bodyRef }: RowKeyboardOptions) {
  const [focusIndex, setFocusIndex] = useState(0);
  const [focusPending, setFocusPending] = useState(false);
  const lastIndex = rowCount - 1;
  const tabIndexRow = Math.min(focusIndex, Math.max(lastIndex, 0));

  // A new page: start at its top (the focus while rendering, as React recommends over an effect).
  const page = `${offset}:${rowCount}`;
  const [shownPage, setShownPage] = useState(page);
  if (shownPage !== page) {
    setShownPage(page);
    setFocusIndex(0);
  }
  // Not when the first rows replace none (the first load): the body is at its top already, and
  // scrolling would force a layout of the whole page before those rows can be painted.
  const rowsShown = useRef(0);
  useEffect(() => {
    if (rowsShown.current > 0) scrollRef.current?.scrollTo({ top: 0 });
    rowsShown.current = rowCount;
  }, [offset, rowCount, scrollRef]);

  // Focus the row the keyboard moved to, once it is rendered (it may have been virtualised away
  // and appear only after the virtualiser's own re-render, hence no dependency list).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!focusPending) return;
    const element = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${focusIndex}"]`);
    if (element) {
      element.focus();
      setFocusPending(false);
    }
  });

  const onBodyKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!NAVIGATION_KEYS.includes(event.key)) return;
    const target = event.target as HTMLElement;
    if (target.tagName !== 'TR') return;
    const current = Number(target.dataset.index ?? 0);
    const page = 10;
    const next = {
      ArrowDown: Math.min(current + 1, lastIndex),
      ArrowUp: Math.max(current - 1, 0),
      PageDown: Math.min(current + page, lastIndex),
      PageUp: Math.max(current - page, 0),
      Home: 0,
      End: lastIndex,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setFocusIndex(next);
    setFocusPending(true);
    virtualizer?.scrollToIndex(next, { align: 'auto' });
  };

  return { tabIndexRow, setFocusIndex, onBodyKeyDown };
}

export function DataTable<TData extends RowData>({
  table,
  label,
  isLoading,
  isStale,
  skeletonRows,
  empty,
  total,
  offset = 0,
  sort,
  onSortChange,
  onRowActivate,
  activeRowId,
}: DataTableProps<TData>) {
  const columns = table.getVisibleLeafColumns();
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const virtual = rows.length > VIRTUALISE_ABOVE;

  // The React Compiler skips this component (TanStack Virtual returns unmemoisable functions); that is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    // Off until virtual: on, it measures the body as it mounts, a forced layout of the page
    // before the first rows (the skeleton's) can be painted.
    enabled: virtual,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    overscan: 12,
  });

  const { tabIndexRow, setFocusIndex, onBodyKeyDown } = useRowKeyboard({
    rowCount: rows.length,
    offset,
    virtualizer: virtual ? virtualizer : undefined,
    scrollRef,
    bodyRef,
  });

  const renderRow = (row: Row<DataTableFeatures, TData>, index: number) => (
    <tr
      key={row.id}
      ref={virtual ? virtualizer.measureElement : undefined}
      data-row=""
      data-row-id={row.id}
      data-index={index}
      aria-rowindex={offset + index + 2}
      aria-current={activeRowId === row.id ? 'true' : undefined}
      tabIndex={index === tabIndexRow ? 0 : -1}
      onFocus={() => setFocusIndex(index)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget && onRowActivate) {
          event.preventDefault();
          onRowActivate(row.original);
        }
      }}
      onClick={(event) => {
        if (onRowActivate && !fromControl(event)) onRowActivate(row.original);
      }}
      data-clickable={onRowActivate ? '' : undefined}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={columnClassName(cell.column.columnDef.meta)}>
          <table.FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );

  let body: ReactNode;
  if (isLoading) {
    body = <SkeletonRows columns={columns} count={skeletonRows} />;
  } else if (virtual) {
    const items = virtualizer.getVirtualItems();
    const before = items[0]?.start ?? 0;
    const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
    body = (
      <>
        <SpacerRow height={before} columns={columns.length} />
        {items.map((item) => {
          const row = rows[item.index];
          return row ? renderRow(row, item.index) : null;
        })}
        <SpacerRow height={after} columns={columns.length} />
      </>
    );
  } else {
    body = rows.map((row, index) => renderRow(row, index));
  }

  return (
    <div ref={scrollRef} className="data-table" data-stale={isStale || undefined}>
      <table
        aria-label={label}
        aria-busy={isLoading || isStale}
        // The whole result (header row included), so a screen reader says "row 41 of 3,001".
        aria-rowcount={total === undefined ? -1 : total + 1}
        style={tableMinWidths(columns)}
      >
        <TableHeader table={table} sort={sort} onSortChange={onSortChange} />
        <tbody ref={bodyRef} onKeyDown={onBodyKeyDown}>
          {body}
        </tbody>
      </table>
      {!isLoading && rows.length === 0 ? <div className="data-table__empty">{empty}</div> : null}
    </div>
  );
}
