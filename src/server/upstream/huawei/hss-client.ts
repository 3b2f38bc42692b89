// HSS v5 container-image APIs: ListRegistryImages, ListCicdImages, ListImageBasicImage.
import {
  ListCicdImagesResponseSchema,
  ListImageBasicImageResponseSchema,
  ListRegistryImagesResponseSchema,
  toQueryRecord,
  type ListCicdImagesQuery,
  type ListCicdImagesResponse,
  type ListImageBasicImageQuery,
  type ListImageBasicImageResponse,
  type ListRegistryImagesQuery,
  type ListRegistryImagesResponse,
} from '../../../shared/contracts';
import type { CallOptions, UpstreamQuery, UpstreamResult } from '../types';
import { pathSegment, runHuaweiGet, type HuaweiClientDeps } from './request';

export interface HssClient {
  listRegistryImages: UpstreamQuery<ListRegistryImagesQuery, ListRegistryImagesResponse>;
  listCicdImages: UpstreamQuery<ListCicdImagesQuery, ListCicdImagesResponse>;
  listImageBasicImage(
    imageId: string,
    query: ListImageBasicImageQuery,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListImageBasicImageResponse>>;
}

/** `deps.endpoint` e.g. https://hss.cn-north-4.myhuaweicloud.com, or the simulator's http://127.0.0.1:9090 */
export function createHssClient(deps: HuaweiClientDeps): HssClient {
  const projectPath = `/v5/${pathSegment(deps.credentials.projectId)}`;

  return {
    listRegistryImages(query, opts) {
      return runHuaweiGet(
        deps,
        {
          api: 'hss.ListRegistryImages',
          path: `${projectPath}/image/registries/images`,
          query: toQueryRecord(query),
          schema: ListRegistryImagesResponseSchema,
        },
        opts,
      );
    },

    listCicdImages(query, opts) {
      const path = `${projectPath}/image/cicd/images`;
      const call = { path, query: toQueryRecord(query), schema: ListCicdImagesResponseSchema };
      return runHuaweiGet(deps, { api: 'hss.ListCicdImages', ...call }, opts);
    },

    listImageBasicImage(imageId, query, opts) {
      return runHuaweiGet(
        deps,
        {
          api: 'hss.ListImageBasicImage',
          path: `${projectPath}/image/${pathSegment(imageId)}/basic-image`,
          query: toQueryRecord(query),
          schema: ListImageBasicImageResponseSchema,
          // The SDK model declares the region header required for this API only.
          headers: { region: deps.credentials.region },
        },
        opts,
      );
    },
  };
}
