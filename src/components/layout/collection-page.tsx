// The scaffolding of a page that lists the team's own things (saved views, watch rules): a header
// with a lead and an optional action, then the list's state (failed, loading, empty) or its table.
import type { ReactNode } from 'react';
import { QueryErrorState } from '../feedback';

/** The page's words, in its own catalogue. */
export interface CollectionPageText {
  title: string;
  lead: string;
  failed: string;
  loading: string;
  empty: string;
  emptyHint: string;
}

interface CollectionPageProps<Item> {
  className: string;
  text: CollectionPageText;
  query: {
    data: Item[] | undefined;
    isError: boolean;
    error: unknown;
    refetch: () => Promise<unknown>;
  };
  /** Beside the title (a "New …" link). */
  action?: ReactNode;
  /** The column headers of the table. */
  columns: readonly string[];
  /** The table body's rows, for a list with items. */
  rows: (items: Item[]) => ReactNode;
}

export function CollectionPage<Item>({
  className,
  text,
  query,
  action,
  columns,
  rows,
}: CollectionPageProps<Item>) {
  return (
    <div className={className}>
      <header className="page-header">
        <div>
          <h1>{text.title}</h1>
          <p className="page-header__lead">{text.lead}</p>
        </div>
        {action}
      </header>
      {query.isError ? (
        <QueryErrorState query={query} title={text.failed} />
      ) : query.data === undefined ? (
        <p className="muted" role="status">
          {text.loading}
        </p>
      ) : query.data.length === 0 ? (
        <div className="state">
          <p className="state__title">{text.empty}</p>
          <p>{text.emptyHint}</p>
        </div>
      ) : (
        <div className="plain-table">
          <table>
            <caption className="visually-hidden">{text.title}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows(query.data)}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The page's words under the same keys in its catalogue namespace. */
export function collectionPageText(
  t: (key: keyof CollectionPageText) => string,
): CollectionPageText {
  return {
    title: t('title'),
    lead: t('lead'),
    failed: t('failed'),
    loading: t('loading'),
    empty: t('empty'),
    emptyHint: t('emptyHint'),
  };
}
