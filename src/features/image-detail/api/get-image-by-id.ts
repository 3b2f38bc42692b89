// One image by its key, for a pasted link to an image that is not on the list page at hand.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  API_ROUTES,
  CicdImageRowSchema,
  fillPath,
  RegistryImageRowSchema,
  type ImageList,
} from '../../../shared/contracts';
import type { DetailImage } from '../detail-image';

export function getImageByIdQueryOptions(
  kind: ImageList,
  key: string,
  account: string | undefined,
) {
  return queryOptions({
    queryKey: ['hss', kind === 'registry' ? 'registry-image' : 'cicd-image', key, account ?? ''],
    queryFn: async ({ signal }): Promise<DetailImage> => {
      const params = { account };
      if (kind === 'registry') {
        const path = fillPath(API_ROUTES.registryImage, { id: key });
        return { kind, image: await apiGet(path, params, RegistryImageRowSchema, signal) };
      }
      const path = fillPath(API_ROUTES.cicdImage, { record_key: key });
      return { kind, image: await apiGet(path, params, CicdImageRowSchema, signal) };
    },
    // The inventory row changes only when a sync brings news; a minute is fresh enough.
    staleTime: 60_000,
    // Retries follow the app's rule (lib/query-retry.ts): a 400 or 404 (a wrong link) shows at once.
  });
}

/** Fetches only when `enabled` (the image is not among the rows the list already holds). */
export function useImageById(
  kind: ImageList,
  key: string,
  account: string | undefined,
  enabled: boolean,
) {
  return useQuery({ ...getImageByIdQueryOptions(kind, key, account), enabled });
}
