// One search across the mirrored clouds: the header's box and the search page.
export { HeaderSearchBox } from './components/header-search-box';
export { SearchView } from './components/search-view';
export { CrossCloudCard } from './components/cross-cloud-card';
