import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { lazyBffSchema } from '../../../lib/lazy-schema';
import type { FacetsResponse, QueryRecord } from '../../../shared/contracts';

const facetsResponseSchema = lazyBffSchema('FacetsResponseSchema');
import type { ListDescription } from '../list-config';

/** Paging and sort do not change the counts: leave them out so pages share one cache entry. */
function facetParams(params: QueryRecord): QueryRecord {
  const { offset: _offset, limit: _limit, sort_key: _key, sort_dir: _dir, ...rest } = params;
  return rest;
}

export function getFacetsQueryOptions(list: ListDescription, params: QueryRecord) {
  const request = facetParams(params);
  return queryOptions({
    queryKey: ['hss', `${list.list}-images`, 'facets', request],
    queryFn: ({ signal }) => apiGet(list.routes.facets, request, facetsResponseSchema, signal),
    placeholderData: keepPreviousData,
    // Counts are a help, not the page: a missing route (404) leaves the controls without them.
    retry: false,
  });
}

/** value → count for one field, or undefined while the counts are unknown. */
export function facetCounts(
  facets: FacetsResponse | undefined,
  field: string,
): Map<string, number> | undefined {
  const buckets = facets?.facets[field];
  if (!buckets) return undefined;
  return new Map(buckets.map((bucket) => [bucket.value, bucket.count]));
}

/** `enabled: false` asks nothing (a control that needs the counts only at times). */
export function useFacets(list: ListDescription, params: QueryRecord, enabled = true) {
  return useQuery({ ...getFacetsQueryOptions(list, params), enabled });
}
