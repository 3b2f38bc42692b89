import type { RowData } from '@tanstack/react-table';
import { useId, useState } from 'react';
import { useFixedT } from '../../i18n/translator';
import { useFormatters } from '../../i18n/format';
import type { DataTableInstance } from './table-features';

interface DataTablePaginationProps<TData extends RowData> {
  table: DataTableInstance<TData>;
  /** Page sizes to offer, each within the API's limit range. */
  pageSizes: readonly number[];
  /** "images", in the reader's language: what the rows are, for "41–60 of 3,000 images". */
  noun: string;
}

type PagingTable = Pick<
  DataTableInstance<RowData>,
  | 'firstPage'
  | 'previousPage'
  | 'nextPage'
  | 'lastPage'
  | 'getCanPreviousPage'
  | 'getCanNextPage'
  | 'getCanLastPage'
  | 'getPageCount'
>;

/** The step buttons, in order: what each does and when it can (texts: `table` catalogue keys). */
const PAGE_STEPS: readonly {
  text: string;
  /** The accessible name, where the text is a mere arrow. */
  name?: string;
  go: (table: PagingTable) => void;
  can: (table: PagingTable) => boolean;
}[] = [
  {
    text: 'pagination.firstMark',
    name: 'pagination.first',
    go: (table) => table.firstPage(),
    can: (table) => table.getCanPreviousPage(),
  },
  {
    text: 'pagination.previous',
    go: (table) => table.previousPage(),
    can: (table) => table.getCanPreviousPage(),
  },
  {
    text: 'pagination.next',
    go: (table) => table.nextPage(),
    // An unknown page count (-1) cannot say there is a next page.
    can: (table) => table.getCanNextPage() && table.getPageCount() >= 0,
  },
  {
    text: 'pagination.lastMark',
    name: 'pagination.last',
    go: (table) => table.lastPage(),
    can: (table) => table.getCanLastPage(),
  },
];

export function DataTablePagination<TData extends RowData>({
  table,
  pageSizes,
  noun,
}: DataTablePaginationProps<TData>) {
  const t = useFixedT('table');
  const format = useFormatters();
  const pageSizeId = useId();
  const pageJumpId = useId();
  const { pageIndex, pageSize } = table.state.pagination;
  const total = table.options.rowCount;
  const pageCount = table.getPageCount();
  const shown = table.getRowModel().rows.length;
  const first = pageIndex * pageSize + 1;
  const last = pageIndex * pageSize + shown;
  // Offer the current size even when a hand-edited URL chose one outside the list.
  const sizes = pageSizes.includes(pageSize)
    ? pageSizes
    : [...pageSizes, pageSize].sort((a, b) => a - b);

  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <p className="pagination__summary" aria-live="polite">
        {total === undefined
          ? t('pagination.loading')
          : total === 0
            ? t('pagination.none', { noun })
            : shown === 0
              ? t('pagination.noneOnPage', { noun, total: format.number(total) })
              : t('pagination.range', {
                  first: format.number(first),
                  last: format.number(last),
                  total: format.number(total),
                  noun,
                })}
      </p>
      <div className="pagination__controls">
        <label htmlFor={pageSizeId}>{t('pagination.rowsPerPage')}</label>
        <select
          id={pageSizeId}
          value={pageSize}
          onChange={(event) => table.setPageSize(Number(event.target.value))}
        >
          {sizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        {/* No result has no pages: "Page 1 of 0" would be a contradiction. */}
        {total === 0 ? null : (
          <>
            <PageJump
              id={pageJumpId}
              pageIndex={pageIndex}
              pageCount={pageCount}
              onJump={(index) => table.setPageIndex(index)}
            />
            {PAGE_STEPS.map((step) => (
              <button
                key={step.text}
                type="button"
                className="button"
                onClick={() => step.go(table)}
                disabled={!step.can(table)}
                aria-label={step.name === undefined ? undefined : t(step.name)}
              >
                {t(step.text)}
              </button>
            ))}
          </>
        )}
      </div>
    </nav>
  );
}

/** "Page [7] of 150": type a page number and press Enter (or leave the field) to go there. */
function PageJump({
  id,
  pageIndex,
  pageCount,
  onJump,
}: {
  id: string;
  pageIndex: number;
  pageCount: number;
  onJump: (pageIndex: number) => void;
}) {
  const t = useFixedT('table');
  const format = useFormatters();
  const [draft, setDraft] = useState(String(pageIndex + 1));
  const [seenIndex, setSeenIndex] = useState(pageIndex);
  if (seenIndex !== pageIndex) {
    setSeenIndex(pageIndex);
    setDraft(String(pageIndex + 1));
  }
  const known = pageCount > 0;
  const jump = () => {
    const page = Number(draft);
    // Out of range or not a whole number: snap back rather than ask for a page that is not there.
    if (!known || !Number.isInteger(page) || page < 1 || page > pageCount) {
      setDraft(String(pageIndex + 1));
      return;
    }
    if (page - 1 !== pageIndex) onJump(page - 1);
  };
  return (
    <span className="pagination__page">
      <label htmlFor={id}>{t('pagination.page')}</label>
      <input
        id={id}
        className="text-input pagination__jump"
        type="number"
        inputMode="numeric"
        min={1}
        max={known ? pageCount : undefined}
        value={draft}
        disabled={!known}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={jump}
        onKeyDown={(event) => {
          if (event.key === 'Enter') jump();
        }}
      />
      {t('pagination.ofPages', { count: pageCount < 0 ? '…' : format.number(pageCount) })}
    </span>
  );
}
