import type { ImageList } from '../shared/contracts/facts';

/** Where a list page keeps its column choice (components/data-table/use-column-preferences.ts). */
export const listColumnsKey = (list: ImageList) => `${list}-images`;
