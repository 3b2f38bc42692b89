export { DataTable, VIRTUALISE_ABOVE, type SortState } from './data-table';
export { ColumnMenu, visibleExportKeys } from './column-menu';
export {
  reconcilePreferences,
  useColumnPreferences,
  type ColumnPreferences,
} from './use-column-preferences';
export { DataTablePagination } from './data-table-pagination';
export { ServerDataTable } from './server-data-table';
export {
  dataTableFeatures,
  type DataTableColumnMeta,
  type DataTableFeatures,
  type DataTableInstance,
} from './table-features';
export {
  createDataTableColumnHelper,
  usePreferredServerTable,
  useServerTable,
  type DataTableColumns,
  type PreferredServerTableOptions,
  type ServerTableOptions,
} from './use-server-table';
export { useUrlList, type UrlListOptions } from './use-url-list';
