// SWR v2 ShowRepository: brief information on one image repository.
import { SwrRepositorySchema, type SwrRepository } from '../../../shared/contracts';
import { runUpstreamCall, type ClientDeps } from '../call';
import type { CallOptions, HuaweiCredentials, UpstreamResult } from '../types';
import { huaweiUrl, interpretHuaweiResponse, pathSegment, signedHuaweiGet } from './request';

export interface SwrClient {
  showRepository(
    namespace: string,
    repository: string,
    opts?: CallOptions,
  ): Promise<UpstreamResult<SwrRepository>>;
}

export interface SwrClientDeps extends ClientDeps {
  credentials: HuaweiCredentials;
  /** e.g. https://swr-api.cn-north-4.myhuaweicloud.com */
  endpoint: string;
}

export function createSwrClient(deps: SwrClientDeps): SwrClient {
  const { credentials, endpoint } = deps;
  return {
    showRepository(namespace, repository, opts) {
      // A repository name may contain "/": it travels as %2F inside one segment.
      const path = `/v2/manage/namespaces/${pathSegment(namespace)}/repos/${pathSegment(repository)}`;
      return runUpstreamCall(
        deps,
        {
          api: 'swr.ShowRepository',
          prepare: () => signedHuaweiGet(huaweiUrl(endpoint, path), credentials),
          interpret: (response) =>
            interpretHuaweiResponse(response, SwrRepositorySchema, credentials),
        },
        opts,
      );
    },
  };
}
