import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiGet } from '../../../lib/api-client';
import type { QueryRecord } from '../../../shared/contracts';

/**
 * The query options of one overview read (`name` is the key and `route` the BFF route): the
 * charts stay on screen while another filter's figures load.
 */
export function overviewQueryOptions<T>(
  name: string,
  route: string,
  schema: z.ZodType<T>,
  params: QueryRecord,
) {
  return queryOptions({
    queryKey: ['hss', name, params],
    queryFn: ({ signal }) => apiGet(route, params, schema, signal),
    placeholderData: keepPreviousData,
  });
}
