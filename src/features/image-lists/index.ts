// The image lists (repository images, CI/CD images): one configuration per list (lists/*.ts)
// rendered by one view with its filters, facet counts, table and paging. The app's routes mount
// a list and give it the detail panel and the export action (other features).
export { ImageListView } from './components/image-list-view';
export type { ListConfig, ListDescription } from './list-config';
export { REGISTRY_LIST } from './lists/registry';
export { CICD_LIST } from './lists/cicd';
