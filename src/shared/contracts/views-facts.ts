// Saved views' facts that need no schema (facts.ts): limits and the answer's shape, for the
// browser's navigation menu, which is on every page.
import type { ImageList } from './bff-facts';

export const VIEW_NAME_MAX = 100;
export const VIEW_QUERY_MAX = 4_096;
export const VIEWS_MAX = 1_000;

/** A saved view as the BFF answers it (contracts/views.ts validates the input). */
export interface SavedViewAnswer {
  id: string;
  name: string;
  list: ImageList;
  /** The list page's query string, without the leading `?`. */
  query: string;
  /** The visible columns, in order (absent: the list's defaults). */
  columns?: string[] | undefined;
  created_at: number;
  updated_at: number;
}
