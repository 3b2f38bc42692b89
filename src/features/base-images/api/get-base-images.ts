import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, type QueryParams } from '../../../lib/api-client';
import { lazySchema } from '../../../lib/lazy-schema';
import { API_ROUTES, type BaseImagesPage } from '../../../shared/contracts/facts';

// The answer's check loads with the first answer, not with the page's code.
const pageSchema = lazySchema(
  async () => (await import('../../../shared/contracts/base-images')).BaseImagesPageSchema,
);

/** While digests still wait for their basic image, the counts grow: ask again now and then. */
const ENRICHING_REFRESH_MS = 30_000;

export function getBaseImagesQueryOptions(params: QueryParams) {
  return queryOptions({
    queryKey: ['base-images', params],
    queryFn: ({ signal }) =>
      apiGet<BaseImagesPage>(API_ROUTES.baseImages, params, pageSchema, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const enrichment = query.state.data?.enrichment;
      return enrichment?.enabled && enrichment.known < enrichment.total
        ? ENRICHING_REFRESH_MS
        : false;
    },
  });
}

export function useBaseImages(params: QueryParams) {
  return useQuery(getBaseImagesQueryOptions(params));
}

/** Images (both lists) on a basic image past end of life: the overview card's count. */
export function useEndOfLifeImageCount(account: string | undefined) {
  return useQuery({
    ...getBaseImagesQueryOptions({ account, eol: 'eol', limit: 1 }),
    select: (page) => page.eol_images,
  });
}
