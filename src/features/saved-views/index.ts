// Saved views: a list page's whole state under a name, shared with the team (GET/POST/PUT/DELETE
// /api/views). The list pages' Save view action, the navigation's Views menu, the /views page.
export { SaveViewMenu, type SaveViewMenuProps } from './components/save-view-menu';
export { SavedViewsMenu } from './components/saved-views-menu';
export { FilterSummary, SavedViewsPage } from './components/saved-views-page';
export { useSavedViews } from './api/saved-views';
