// ACR Enterprise Edition (cr 2018-12-01): ListRepoTag and ListRepository, as the SDK sends them:
// RPC style, POST /, parameters in the query string, empty body, ACS3-HMAC-SHA256.
import type { z } from 'zod';
import {
  ACR_API_VERSION,
  ListRepositoryResponseSchema,
  ListRepoTagResponseSchema,
  toQueryRecord,
  type ListRepositoryQuery,
  type ListRepositoryResponse,
  type ListRepoTagQuery,
  type ListRepoTagResponse,
} from '../../../shared/contracts';
import { runUpstreamCall, type ClientDeps } from '../call';
import { unreadableResponse } from '../errors';
import type { UpstreamResponse } from '../http';
import { parseJsonLossless } from '../json';
import type {
  AlibabaCredentials,
  CallOptions,
  UpstreamApi,
  UpstreamQuery,
  UpstreamResult,
} from '../types';
import { alibabaRequestId, isAlibabaFailureBody, mapAlibabaError } from './errors';
import { alibabaPercentEncode, signAcs3Request } from './sign';

export interface AcrClient {
  listRepoTag: UpstreamQuery<ListRepoTagQuery, ListRepoTagResponse>;
  listRepository: UpstreamQuery<ListRepositoryQuery, ListRepositoryResponse>;
}

export interface AcrClientDeps extends ClientDeps {
  credentials: AlibabaCredentials;
  /** https://cr.{region}.aliyuncs.com, or the simulator */
  endpoint: string;
}

function interpretAcrResponse<S extends z.ZodType>(
  response: UpstreamResponse,
  schema: S,
  secret: string,
): UpstreamResult<z.output<S>> {
  if (response.status < 200 || response.status >= 300) throw mapAlibabaError(response, [secret]);
  let body: unknown;
  try {
    body = parseJsonLossless(response.text);
  } catch {
    throw unreadableResponse(
      response.status,
      response.headers.get('x-acs-request-id') ?? undefined,
    );
  }
  // ACR reports some failures with HTTP 200 and IsSuccess: false.
  if (isAlibabaFailureBody(body)) throw mapAlibabaError(response, [secret]);
  const requestId = alibabaRequestId(body, response.headers);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unreadableResponse(response.status, requestId);
  return { data: parsed.data, requestId, status: response.status };
}

export function createAcrClient(deps: AcrClientDeps): AcrClient {
  const { credentials } = deps;

  function call<S extends z.ZodType>(
    api: UpstreamApi,
    action: string,
    query: Record<string, string>,
    schema: S,
    opts: CallOptions | undefined,
  ): Promise<UpstreamResult<z.output<S>>> {
    // Every parameter is sent, RegionId too (seed 004 marks it required for ListRepoTag).
    const params = query;
    return runUpstreamCall(
      deps,
      {
        api,
        prepare: () => {
          const url = new URL(deps.endpoint);
          url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;
          url.search = Object.entries(params)
            .map(([key, value]) => `${alibabaPercentEncode(key)}=${alibabaPercentEncode(value)}`)
            .join('&');
          const headers = signAcs3Request(
            {
              method: 'POST',
              url,
              headers: { accept: 'application/json' },
              body: '',
              action,
              version: ACR_API_VERSION,
            },
            { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret },
          );
          return { url, method: 'POST', headers, body: '' };
        },
        interpret: (response) =>
          interpretAcrResponse(response, schema, credentials.accessKeySecret),
      },
      opts,
    );
  }

  return {
    listRepoTag(query, opts) {
      return call(
        'acr.ListRepoTag',
        'ListRepoTag',
        toQueryRecord(query),
        ListRepoTagResponseSchema,
        opts,
      );
    },
    listRepository(query, opts) {
      return call(
        'acr.ListRepository',
        'ListRepository',
        toQueryRecord(query),
        ListRepositoryResponseSchema,
        opts,
      );
    },
  };
}
