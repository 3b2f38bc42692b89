import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { API_ROUTES, CicdImagesPageSchema, type QueryRecord } from '../../../shared/contracts';

/** `params` are the validated URL parameters as strings, exactly what the BFF receives. */
export function getCicdImagesQueryOptions(params: QueryRecord) {
  return queryOptions({
    // The whole request is the key, so every page, size and filter is its own cache entry.
    queryKey: ['hss', 'cicd-images', params],
    queryFn: ({ signal }) => apiGet(API_ROUTES.cicdImages, params, CicdImagesPageSchema, signal),
    // Keep the previous page on screen while the next one loads (no flash of skeleton).
    placeholderData: keepPreviousData,
  });
}

export function useCicdImages(params: QueryRecord) {
  return useQuery(getCicdImagesQueryOptions(params));
}
