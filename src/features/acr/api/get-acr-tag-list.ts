import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet, type QueryParams } from '../../../lib/api-client';
import { lazySchema, lazyBffSchema } from '../../../lib/lazy-schema';
import type { AcrTagListRow, FacetsResponse, ListPage } from '../../../shared/contracts';
import { API_ROUTES } from '../../../shared/contracts/facts';

const pageSchema = lazySchema(async () => {
  const [{ listPageSchema }, { AcrTagListRowSchema }] = await Promise.all([
    import('../../../shared/contracts/bff'),
    import('../../../shared/contracts/acr'),
  ]);
  return listPageSchema(AcrTagListRowSchema);
});
const facetsSchema = lazyBffSchema('FacetsResponseSchema');

// Keyed apart from ['acr', 'tags', …] (a repository's tags asked of ACR): the mirror is read from
// the inventory, so the header's reload, which spends ACR budget, leaves it alone.
const TAG_LIST_KEY = ['acr', 'tag-list'] as const;

/** One page of the mirrored tags (GET /api/acr/tags). */
export function useAcrTagList(params: QueryParams) {
  return useQuery({
    queryKey: [...TAG_LIST_KEY, params],
    queryFn: ({ signal }) =>
      apiGet<ListPage<AcrTagListRow>>(API_ROUTES.acrTagList, params, pageSchema, signal),
    placeholderData: keepPreviousData,
  });
}

/** The facet counts under the same filters; paging and sort do not change them. */
export function useAcrTagFacets(params: QueryParams) {
  const { offset: _offset, limit: _limit, sort_key: _key, sort_dir: _dir, ...filters } = params;
  return useQuery({
    queryKey: [...TAG_LIST_KEY, 'facets', filters],
    queryFn: ({ signal }) =>
      apiGet<FacetsResponse>(API_ROUTES.acrTagListFacets, filters, facetsSchema, signal),
    placeholderData: keepPreviousData,
    // Counts are a help, not the page: the filters work without them.
    retry: false,
  });
}
