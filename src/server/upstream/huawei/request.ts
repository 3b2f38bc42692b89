// What the HSS and SWR clients share: the URL under an endpoint, AK/SK-signed headers, and
// turning a response into validated data or an UpstreamError.
import type { z } from 'zod';
import { runUpstreamCall, type ClientDeps } from '../call';
import { unreadableResponse } from '../errors';
import type { UpstreamResponse } from '../http';
import { parseJsonLossless } from '../json';
import type { CallOptions, HuaweiCredentials, UpstreamApi, UpstreamResult } from '../types';
import { mapHuaweiError, huaweiRequestId } from './errors';
import { buildHuaweiQueryString, rfc3986Encode, signHuaweiRequest } from './sign';

/** `endpoint` may carry a base path (a proxy or the simulator); `path` is appended to it. */
export function huaweiUrl(endpoint: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = buildHuaweiQueryString(query);
  return url;
}

/** One path segment, RFC 3986-encoded (a `/` inside it becomes %2F). */
export const pathSegment = rfc3986Encode;

export function signedHuaweiGet(
  url: URL,
  credentials: HuaweiCredentials,
  extraHeaders: Record<string, string> = {},
): { url: URL; method: 'GET'; headers: Record<string, string> } {
  const headers = signHuaweiRequest(
    {
      method: 'GET',
      url,
      headers: {
        'Content-Type': 'application/json',
        'X-Project-Id': credentials.projectId,
        ...extraHeaders,
      },
    },
    { ak: credentials.ak, sk: credentials.sk },
  );
  return { url, method: 'GET', headers };
}

export function interpretHuaweiResponse<S extends z.ZodType>(
  response: UpstreamResponse,
  schema: S,
  credentials: HuaweiCredentials,
): UpstreamResult<z.output<S>> {
  if (response.status < 200 || response.status >= 300) {
    throw mapHuaweiError(response, [credentials.sk]);
  }
  let body: unknown;
  try {
    body = parseJsonLossless(response.text);
  } catch {
    throw unreadableResponse(response.status, huaweiRequestId(response.headers));
  }
  const requestId = huaweiRequestId(response.headers, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unreadableResponse(response.status, requestId);
  return { data: parsed.data, requestId, status: response.status };
}

/** What a Huawei client holds: the call's collaborators, the credentials and the API's endpoint. */
export interface HuaweiClientDeps extends ClientDeps {
  credentials: HuaweiCredentials;
  endpoint: string;
}

/** One signed GET of a Huawei API (budget, breaker, retries), its answer read with `schema`. */
export function runHuaweiGet<S extends z.ZodType>(
  deps: HuaweiClientDeps,
  call: {
    api: UpstreamApi;
    path: string;
    query?: Record<string, string>;
    schema: S;
    /** Headers some APIs declare (the region of ListImageBasicImage). */
    headers?: Record<string, string>;
  },
  opts?: CallOptions,
): Promise<UpstreamResult<z.output<S>>> {
  const { credentials, endpoint } = deps;
  return runUpstreamCall(
    deps,
    {
      api: call.api,
      prepare: () =>
        signedHuaweiGet(huaweiUrl(endpoint, call.path, call.query), credentials, call.headers),
      interpret: (response) => interpretHuaweiResponse(response, call.schema, credentials),
    },
    opts,
  );
}
