import type { RowData } from '@tanstack/react-table';
import {
  useServerTable,
  type DataTableInstance,
  type ServerTableOptions,
} from '../../../components/data-table';
import { offsetToPage, pageToOffset } from '../acr-url-state';

type AcrTableOptions<Row extends RowData> = Omit<
  ServerTableOptions<Row>,
  'offset' | 'limit' | 'onPageChange'
> & {
  pageNo: number;
  pageSize: number;
  /** The page to put in the URL (null for the first, the URL's default) and the size. */
  onPage: (pageNo: number | null, pageSize: number) => void;
};

/** A table paged as ACR pages (PageNo from 1, PageSize) rather than by offset and limit. */
export function useAcrTable<Row extends RowData>({
  pageNo,
  pageSize,
  onPage,
  ...table
}: AcrTableOptions<Row>): DataTableInstance<Row> {
  return useServerTable({
    ...table,
    offset: pageToOffset(pageNo, pageSize),
    limit: pageSize,
    onPageChange: ({ offset, limit }) => {
      const next = offsetToPage(offset, limit);
      onPage(next === 1 ? null : next, limit);
    },
  });
}
