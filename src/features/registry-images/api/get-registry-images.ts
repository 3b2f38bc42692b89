import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { API_ROUTES, RegistryImagesPageSchema, type QueryRecord } from '../../../shared/contracts';

/** `params` are the validated URL parameters as strings, exactly what the BFF receives. */
export function getRegistryImagesQueryOptions(params: QueryRecord) {
  return queryOptions({
    // The whole request is the key, so every page, size and filter is its own cache entry.
    queryKey: ['hss', 'registry-images', params],
    queryFn: ({ signal }) =>
      apiGet(API_ROUTES.registryImages, params, RegistryImagesPageSchema, signal),
    // Keep the previous page on screen while the next one loads (no flash of skeleton).
    placeholderData: keepPreviousData,
  });
}

export function useRegistryImages(params: QueryRecord) {
  return useQuery(getRegistryImagesQueryOptions(params));
}
