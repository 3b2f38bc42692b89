// Offset/limit (the API's page state, kept in the URL) ⇄ the table's page index and size.
import { OFFSET_MAX } from '../shared/contracts/facts';

export interface PageState {
  pageIndex: number;
  pageSize: number;
}

export function pageStateFromOffset(offset: number, limit: number): PageState {
  return { pageIndex: Math.floor(offset / limit), pageSize: limit };
}

/** The offset of a page, kept within the API's offset range. */
export function offsetFromPageState(state: PageState): number {
  return Math.min(state.pageIndex * state.pageSize, lastReachableOffset(state.pageSize));
}

/** The largest page-aligned offset the API accepts for this page size. */
function lastReachableOffset(pageSize: number): number {
  return Math.floor(OFFSET_MAX / pageSize) * pageSize;
}

/** Pages the user can reach: all of them, unless the total exceeds the API's offset range. */
export function reachablePageCount(total: number, pageSize: number): number {
  const pages = Math.ceil(total / pageSize);
  return Math.min(pages, lastReachableOffset(pageSize) / pageSize + 1);
}

/** Keeps the first row of the current page visible when the page size changes. */
export function resizePage(state: PageState, pageSize: number): PageState {
  const firstRow = state.pageIndex * state.pageSize;
  return { pageIndex: Math.floor(firstRow / pageSize), pageSize };
}
