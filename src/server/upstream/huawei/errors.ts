// Maps Huawei Cloud (APIG, HSS, SWR) failures to UpstreamError (upstream-apis.md §C).
import { isRecord, stringField, throttledError, upstreamErrorInfo } from '../errors';
import type { UpstreamResponse } from '../http';
import { parseJsonLossless } from '../json';
import { UpstreamError } from '../types';

export interface HuaweiErrorDetail {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/** Field-name pairs in the order python-v3 `_process_sdk_error` tries them. */
const CODE_MESSAGE_PAIRS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['error_code', ['error_msg', 'error_message']],
  ['errorCode', ['errorMsg', 'errorMessage']],
  ['code', ['message', 'msg']],
];

function findCodeMessage(
  value: unknown,
  depth: number,
): { code: string | undefined; message: string | undefined } | undefined {
  if (depth > 3) return undefined;
  if (Array.isArray(value)) {
    // SWR's older body is a bare array of {errorCode, errorMessage}.
    for (const item of value) {
      const found = findCodeMessage(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const [codeName, messageNames] of CODE_MESSAGE_PAIRS) {
    const code = stringField(value, codeName);
    if (code !== undefined) return { code, message: stringField(value, ...messageNames) };
  }
  // Nested: Node's `{error: {code, message}}`, SWR's `{errors: [...]}`, and the like.
  for (const nested of Object.values(value)) {
    if (typeof nested !== 'object' || nested === null) continue;
    const found = findCodeMessage(nested, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Request id: the X-Request-Id header, else `request_id` in the body. */
export function huaweiRequestId(headers: Headers, body?: unknown): string | undefined {
  const header = headers.get('x-request-id');
  if (header) return header;
  return isRecord(body) ? stringField(body, 'request_id', 'requestId') : undefined;
}

export function parseHuaweiErrorBody(text: string, headers: Headers): HuaweiErrorDetail {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : parseJsonLossless(text);
  } catch {
    body = undefined;
  }
  const found = findCodeMessage(body, 0);
  return {
    code: found?.code,
    message: found?.message,
    requestId: huaweiRequestId(headers, body),
  };
}

const AUTH_CODES = /^APIGW?\.030[12]$/;
const THROTTLE_CODES = /^APIGW?\.0308$/;
const NO_SUCH_API_CODES = /^APIGW?\.0101$/;
const SWR_NOT_FOUND = /^SVCSTG\.SWR\.404\d*$/;

/**
 * Turns a non-2xx Huawei response into the BFF's vocabulary. `secrets` are scrubbed from any
 * upstream text that is kept.
 */
export function mapHuaweiError(
  response: UpstreamResponse,
  secrets: readonly string[] = [],
): UpstreamError {
  const detail = parseHuaweiErrorBody(response.text, response.headers);
  const code = detail.code;
  const { upstream, label } = upstreamErrorInfo(response.status, detail, secrets);

  if (response.status === 429 || (code !== undefined && THROTTLE_CODES.test(code))) {
    return throttledError(
      'the cloud is throttling calls to this API; try again shortly',
      upstream,
      response,
    );
  }
  if (
    response.status === 401 ||
    response.status === 403 ||
    (code !== undefined && AUTH_CODES.test(code))
  ) {
    return new UpstreamError({
      status: 502,
      code: 'upstream_error',
      message: `the cloud refused the credentials (${label}): check the access key, secret key, project id and the account's permissions`,
      upstream,
    });
  }
  if (code === 'HSS.0011' || (code !== undefined && SWR_NOT_FOUND.test(code))) {
    return new UpstreamError({
      status: 404,
      code: 'not_found',
      message: 'not found upstream',
      upstream,
    });
  }
  if (response.status === 404 && !(code !== undefined && NO_SUCH_API_CODES.test(code))) {
    return new UpstreamError({
      status: 404,
      code: 'not_found',
      message: 'not found upstream',
      upstream,
    });
  }
  if (response.status >= 500) {
    return new UpstreamError({
      status: 502,
      code: 'upstream_error',
      message: `the cloud API failed (${label})`,
      upstream,
    });
  }
  // The BFF validated the input, so any other 4xx is a problem on the upstream side.
  return new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: `the cloud API refused the request (${label})`,
    upstream,
  });
}
