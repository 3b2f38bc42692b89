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
import { runUpstreamCall, type ClientDeps } from '../call';
import type { CallOptions, HuaweiCredentials, UpstreamResult } from '../types';
import { huaweiUrl, interpretHuaweiResponse, pathSegment, signedHuaweiGet } from './request';

export interface HssClient {
  listRegistryImages(
    query: ListRegistryImagesQuery,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListRegistryImagesResponse>>;
  listCicdImages(
    query: ListCicdImagesQuery,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListCicdImagesResponse>>;
  listImageBasicImage(
    imageId: string,
    query: ListImageBasicImageQuery,
    opts?: CallOptions,
  ): Promise<UpstreamResult<ListImageBasicImageResponse>>;
}

export interface HssClientDeps extends ClientDeps {
  credentials: HuaweiCredentials;
  /** e.g. https://hss.cn-north-4.myhuaweicloud.com, or the simulator's http://127.0.0.1:9090 */
  endpoint: string;
}

export function createHssClient(deps: HssClientDeps): HssClient {
  const { credentials, endpoint } = deps;
  const projectPath = `/v5/${pathSegment(credentials.projectId)}`;

  return {
    listRegistryImages(query, opts) {
      return runUpstreamCall(
        deps,
        {
          api: 'hss.ListRegistryImages',
          prepare: () =>
            signedHuaweiGet(
              huaweiUrl(endpoint, `${projectPath}/image/registries/images`, toQueryRecord(query)),
              credentials,
            ),
          interpret: (response) =>
            interpretHuaweiResponse(response, ListRegistryImagesResponseSchema, credentials),
        },
        opts,
      );
    },

    listCicdImages(query, opts) {
      return runUpstreamCall(
        deps,
        {
          api: 'hss.ListCicdImages',
          prepare: () =>
            signedHuaweiGet(
              huaweiUrl(endpoint, `${projectPath}/image/cicd/images`, toQueryRecord(query)),
              credentials,
            ),
          interpret: (response) =>
            interpretHuaweiResponse(response, ListCicdImagesResponseSchema, credentials),
        },
        opts,
      );
    },

    listImageBasicImage(imageId, query, opts) {
      return runUpstreamCall(
        deps,
        {
          api: 'hss.ListImageBasicImage',
          prepare: () =>
            signedHuaweiGet(
              huaweiUrl(
                endpoint,
                `${projectPath}/image/${pathSegment(imageId)}/basic-image`,
                toQueryRecord(query),
              ),
              credentials,
              // The SDK model declares the region header required for this API only.
              { region: credentials.region },
            ),
          interpret: (response) =>
            interpretHuaweiResponse(response, ListImageBasicImageResponseSchema, credentials),
        },
        opts,
      );
    },
  };
}
