export { AppFrame } from './app-frame';
export { LanguageSwitch } from './language-switch';
export { CollectionPage, collectionPageText, type CollectionPageText } from './collection-page';
export { NewerOlderPagination } from './newer-older-pagination';
export { PageHeader } from './page-header';
export { PageStepButtons } from './page-step-buttons';
export { PlainTable } from './plain-table';
