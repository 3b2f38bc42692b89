// Maps Alibaba Cloud (ACR EE) failures to UpstreamError (upstream-apis.md §D.4). Alibaba puts the
// meaning in `Code`, not the HTTP status (Throttling.User comes back as 400 or 429), and a reply
// with HTTP 200 and `IsSuccess: false` is a failure too.
import { isRecord, stringField, throttledError, upstreamErrorInfo } from '../errors';
import type { UpstreamResponse } from '../http';
import { parseJsonLossless } from '../json';
import { UpstreamError } from '../types';

export interface AlibabaErrorDetail {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
  recommend: string | undefined;
}

export function alibabaErrorDetail(body: unknown, headers: Headers): AlibabaErrorDetail {
  const record = isRecord(body) ? body : {};
  // The XML flavour nests everything under `Error`.
  const inner = isRecord(record.Error) ? record.Error : record;
  return {
    code: stringField(inner, 'Code', 'code', 'ErrorCode'),
    message: stringField(inner, 'Message', 'message', 'ErrorMessage', 'Description'),
    requestId:
      stringField(inner, 'RequestId', 'requestId') ??
      stringField(record, 'RequestId', 'requestId') ??
      headers.get('x-acs-request-id') ??
      undefined,
    recommend: stringField(inner, 'Recommend'),
  };
}

/** The request id of a successful reply: `RequestId` in the body, else the x-acs-request-id header. */
export function alibabaRequestId(body: unknown, headers: Headers): string | undefined {
  return alibabaErrorDetail(body, headers).requestId;
}

/** True when a parsed 2xx body nevertheless reports failure. */
export function isAlibabaFailureBody(body: unknown): boolean {
  if (!isRecord(body)) return false;
  return body.IsSuccess === false || body.IsSuccess === 'false';
}

const CREDENTIAL_CODES =
  /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId.*|Forbidden.*|NoPrivilege|NoPermission|InvalidSecurityToken.*)$/;
const NOT_FOUND_CODES = /(\.NotFound$|NOT_EXIST|NotExist)/;
const CONFIGURATION_NOT_FOUND = /^(InvalidAccessKeyId\.NotFound|InvalidApi\.NotFound)$/;

/** Maps an Alibaba failure (any status, body text already read) to the BFF's vocabulary. */
export function mapAlibabaError(
  response: UpstreamResponse,
  secrets: readonly string[] = [],
): UpstreamError {
  let body: unknown;
  try {
    body = response.text.trim() === '' ? undefined : parseJsonLossless(response.text);
  } catch {
    body = undefined;
  }
  const detail = alibabaErrorDetail(body, response.headers);
  const code = detail.code;
  const { upstream, label } = upstreamErrorInfo(response.status, detail, secrets);

  if ((code !== undefined && code.startsWith('Throttling')) || response.status === 429) {
    return throttledError(
      'Alibaba Cloud is throttling calls to this API; try again shortly',
      upstream,
      response,
    );
  }
  if (code !== undefined && CREDENTIAL_CODES.test(code)) {
    return new UpstreamError({
      status: 502,
      code: 'upstream_error',
      message: `Alibaba Cloud refused the credentials (${label}): check the AccessKey pair and its RAM permissions`,
      upstream,
    });
  }
  if (
    (code !== undefined && NOT_FOUND_CODES.test(code) && !CONFIGURATION_NOT_FOUND.test(code)) ||
    (code === undefined && response.status === 404)
  ) {
    return new UpstreamError({
      status: 404,
      code: 'not_found',
      message: 'not found upstream',
      upstream,
    });
  }
  return new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message:
      response.status >= 500
        ? `the Alibaba Cloud API failed (${label})`
        : `the Alibaba Cloud API refused the request (${label})`,
    upstream,
  });
}
