import type { ReactNode } from 'react';
import { QueryErrorState } from './error-state';

/** What a page says while its query shows nothing, in the page's own catalogue. */
export interface QueryStateText {
  failed: string;
  loading: string;
  empty: string;
  /** Under the empty state's title: what to do about it. */
  emptyHint?: string;
}

interface QueryContentProps<Data> {
  query: {
    data: Data | undefined;
    isError: boolean;
    error: unknown;
    refetch: () => Promise<unknown>;
  };
  text: QueryStateText;
  isEmpty: (data: Data) => boolean;
  /** The content, for data with something to show. */
  children: (data: Data) => ReactNode;
}

/** A query's content, or in its place why there is none: it failed, it is loading, it is empty. */
export function QueryContent<Data>({ query, text, isEmpty, children }: QueryContentProps<Data>) {
  if (query.isError) return <QueryErrorState query={query} title={text.failed} />;
  if (query.data === undefined)
    return (
      <p className="muted" role="status">
        {text.loading}
      </p>
    );
  if (isEmpty(query.data))
    return (
      <div className="state">
        <p className="state__title">{text.empty}</p>
        {text.emptyHint ? <p>{text.emptyHint}</p> : null}
      </div>
    );
  return children(query.data);
}

/** The words under the same keys in the page's catalogue namespace. */
export function queryStateText(t: (key: keyof QueryStateText) => string): QueryStateText {
  return {
    failed: t('failed'),
    loading: t('loading'),
    empty: t('empty'),
    emptyHint: t('emptyHint'),
  };
}
