// Filters of the image lists: definitions from the contracts, the filter bar, facet counts.
export { FilterBar } from './components/filter-bar';
export { useFacets } from './api/get-facets';
export { FILTERS, type ImageListKind } from './filter-definitions';
export { activeFilterChips, clearAllPatch } from './filter-state';
export { ImageExplorer } from './components/image-explorer';
