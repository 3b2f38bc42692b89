// A pager's two buttons over rows paged by offset: a page back and a page on, each off where it
// would leave the rows. The feeds' newer / older (NewerOlderPagination) and the image detail's
// basic-image pages use them, each with its own words.
import type { ReactNode } from 'react';

interface PageStepButtonsProps {
  offset: number;
  pageSize: number;
  /** The rows in all. */
  total: number;
  /** Both off while a page is being fetched. */
  busy?: boolean;
  onOffset: (offset: number) => void;
  back: ReactNode;
  on: ReactNode;
}

export function PageStepButtons({
  offset,
  pageSize,
  total,
  busy = false,
  onOffset,
  back,
  on,
}: PageStepButtonsProps) {
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={offset === 0 || busy}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        {back}
      </button>
      <button
        type="button"
        className="button"
        disabled={offset + pageSize >= total || busy}
        onClick={() => onOffset(offset + pageSize)}
      >
        {on}
      </button>
    </>
  );
}
