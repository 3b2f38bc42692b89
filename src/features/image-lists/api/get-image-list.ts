import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { RowData } from '@tanstack/react-table';
import { apiGet } from '../../../lib/api-client';
import type { QueryRecord } from '../../../shared/contracts';
import type { ListConfig } from '../list-config';

/** `params` are the validated URL parameters as strings, exactly what the BFF receives. */
export function getImageListQueryOptions<TRow extends RowData>(
  config: ListConfig<TRow>,
  params: QueryRecord,
) {
  return queryOptions({
    // The whole request is the key, so every page, size and filter is its own cache entry.
    queryKey: ['hss', `${config.list}-images`, params],
    queryFn: ({ signal }) => apiGet(config.routes.page, params, config.pageSchema, signal),
    // Keep the previous page on screen while the next one loads (no flash of skeleton).
    placeholderData: keepPreviousData,
  });
}

export function useImageList<TRow extends RowData>(config: ListConfig<TRow>, params: QueryRecord) {
  return useQuery(getImageListQueryOptions(config, params));
}
