import type { ReactNode } from 'react';

interface PlainTableProps {
  /** Read by screen readers only: the page's heading already says it on screen. */
  caption: string;
  /** The column headers, in order. */
  columns: readonly string[];
  /** The body's rows. */
  children: ReactNode;
}

/** A small table of the page's own rows (no sorting or paging of its own). */
export function PlainTable({ caption, columns, children }: PlainTableProps) {
  return (
    <div className="plain-table">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
