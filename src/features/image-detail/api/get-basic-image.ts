// The basic image (OS and layer) an image is built on: HSS ListImageBasicImage through the BFF.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import {
  API_ROUTES,
  fillPath,
  ListImageBasicImageResponseSchema,
  type ListImageBasicImageResponse,
} from '../../../shared/contracts';
import type { BasicImageRequest } from '../detail-image';
import { queueableSchema, refetchWhileQueued, type Queueable } from './queued';

const BasicImageAnswerSchema = queueableSchema(ListImageBasicImageResponseSchema);

interface BasicImagePage {
  request: Extract<BasicImageRequest, { available: true }>;
  /** The image's digest: the same content has the same basic image, so it keys the cache. */
  digest: string;
  account: string | undefined;
  offset: number;
  limit: number;
}

export function getBasicImageQueryOptions({
  request,
  digest,
  account,
  offset,
  limit,
}: BasicImagePage) {
  return queryOptions({
    // By digest when there is one (content-addressed, so valid for good); else by the lookup.
    queryKey: [
      'hss',
      'basic-image',
      account ?? '',
      digest || `${request.imageId}?${new URLSearchParams(request.params).toString()}`,
      offset,
      limit,
    ],
    queryFn: ({ signal }): Promise<Queueable<ListImageBasicImageResponse>> =>
      apiGet(
        fillPath(API_ROUTES.basicImage, { image_id: request.imageId }),
        { ...request.params, offset, limit, account },
        BasicImageAnswerSchema,
        signal,
      ),
    // An image's basic image never changes for the same digest: never stale, never re-asked.
    staleTime: digest ? Infinity : 30 * 60_000,
    refetchInterval: (query) => refetchWhileQueued(query.state.data),
  });
}

export function useBasicImage(page: BasicImagePage) {
  return useQuery(getBasicImageQueryOptions(page));
}
