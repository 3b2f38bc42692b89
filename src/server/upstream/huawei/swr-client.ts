// SWR v2 ShowRepository: brief information on one image repository.
import { SwrRepositorySchema, type SwrRepository } from '../../../shared/contracts';
import type { CallOptions, UpstreamResult } from '../types';
import { pathSegment, runHuaweiGet, type HuaweiClientDeps } from './request';

export interface SwrClient {
  showRepository(
    namespace: string,
    repository: string,
    opts?: CallOptions,
  ): Promise<UpstreamResult<SwrRepository>>;
}

/** `deps.endpoint` e.g. https://swr-api.cn-north-4.myhuaweicloud.com */
export function createSwrClient(deps: HuaweiClientDeps): SwrClient {
  return {
    showRepository(namespace, repository, opts) {
      // A repository name may contain "/": it travels as %2F inside one segment.
      const path = `/v2/manage/namespaces/${pathSegment(namespace)}/repos/${pathSegment(repository)}`;
      return runHuaweiGet(
        deps,
        { api: 'swr.ShowRepository', path, schema: SwrRepositorySchema },
        opts,
      );
    },
  };
}
