export { DataTable } from './data-table';
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
  useServerTable,
  type DataTableColumns,
} from './use-server-table';
