// A saved view is its list page's query string, kept exactly: saving reads the address, opening
// goes back to it (with the view's columns as the page's column choice).
import {
  savedColumnChoice,
  storeColumnPreferences,
} from '../../components/data-table/use-column-preferences';
import { listColumnsKey } from '../../lib/list-columns';
import { APP_ROUTES, IMAGE_LISTS, type ImageList } from '../../shared/contracts/facts';

const LIST_PAGES: Record<ImageList, string> = {
  registry: APP_ROUTES.registryImages,
  cicd: APP_ROUTES.cicdImages,
};

/** The list a page shows, when the page is a list page. */
export function listOfPage(pathname: string): ImageList | undefined {
  return IMAGE_LISTS.find((list) => LIST_PAGES[list] === pathname);
}

/**
 * What a view keeps of a page's address: all of it but the reader's language (a view is shared;
 * each reader keeps their own language).
 */
export function viewQueryOf(search: string): string {
  const params = new URLSearchParams(search);
  if (!params.has('lang')) return search.startsWith('?') ? search.slice(1) : search;
  params.delete('lang');
  return params.toString();
}

export function viewHref(view: { list: ImageList; query: string }): string {
  const page = LIST_PAGES[view.list];
  return view.query ? `${page}?${view.query}` : page;
}

/** Before opening a view: its columns become the list page's column choice. */
export function applyViewColumns(view: { list: ImageList; columns?: string[] | undefined }) {
  storeColumnPreferences(
    listColumnsKey(view.list),
    view.columns ? savedColumnChoice(view.columns) : undefined,
  );
}

const PAGING = new Set(['offset', 'limit']);

/** A view's filters (in its order) and sort, for a summary: paging says nothing of what it is. */
export function queryFilters(query: string): {
  filters: [string, string][];
  sort: { key: string; dir: string } | undefined;
} {
  const params = new URLSearchParams(query);
  const filters = [...params].filter(
    ([key]) => !PAGING.has(key) && key !== 'sort_key' && key !== 'sort_dir',
  );
  const key = params.get('sort_key');
  return { filters, sort: key ? { key, dir: params.get('sort_dir') ?? 'desc' } : undefined };
}
