// The scaffolding of a page that lists the team's own things (saved views, watch rules): a header
// with a lead and an optional action, then the list's state (failed, loading, empty) or its table.
import type { ReactNode } from 'react';
import { QueryContent, queryStateText, type QueryStateText } from '../feedback';
import { PageHeader } from './page-header';
import { PlainTable } from './plain-table';

/** The page's words, in its own catalogue. */
export interface CollectionPageText extends QueryStateText {
  title: string;
  lead: string;
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
      <PageHeader title={text.title} lead={text.lead}>
        {action}
      </PageHeader>
      <QueryContent query={query} text={text} isEmpty={(items) => items.length === 0}>
        {(items) => (
          <PlainTable caption={text.title} columns={columns}>
            {rows(items)}
          </PlainTable>
        )}
      </QueryContent>
    </div>
  );
}

/** The page's words under the same keys in its catalogue namespace. */
export function collectionPageText(
  t: (key: keyof CollectionPageText) => string,
): CollectionPageText {
  return { title: t('title'), lead: t('lead'), ...queryStateText(t) };
}
