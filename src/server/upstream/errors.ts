// Helpers shared by the Huawei and Alibaba error mappers.
import { parseRetryAfter, type UpstreamResponse } from './http';
import type { UpstreamErrorInfo } from '../../shared/contracts';
import { UpstreamError } from './types';

const MAX_UPSTREAM_TEXT = 300;

/**
 * Upstream text is shown to users and logged, so keep it short and strip what could be a
 * signature or a secret: long hex or base64 runs, and any secret the caller names.
 */
export function redactUpstreamText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = out
    .replace(/\b[0-9a-fA-F]{40,}\b/g, '[redacted]')
    .replace(
      /(Signature|Authorization|Access|Credential|SecretKey|AccessKeySecret)=\S+/gi,
      '$1=[redacted]',
    );
  return out.length > MAX_UPSTREAM_TEXT ? `${out.slice(0, MAX_UPSTREAM_TEXT)}…` : out;
}

/** The reply could not be read as the API's documented shape. */
export function unreadableResponse(status: number, requestId: string | undefined): UpstreamError {
  return new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: 'upstream sent an unreadable response',
    upstream: { status, ...(requestId ? { request_id: requestId } : {}) },
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(
  record: Record<string, unknown>,
  ...names: string[]
): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/** What a provider's error body says: its code, message and request id, any of them absent. */
export interface UpstreamErrorDetail {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/**
 * What the BFF keeps of the cloud's account of a failure (its message with `secrets` scrubbed),
 * and the `status code` label that messages name it by.
 */
export function upstreamErrorInfo(
  status: number,
  detail: UpstreamErrorDetail,
  secrets: readonly string[],
): { upstream: UpstreamErrorInfo; label: string } {
  const code = detail.code;
  const upstreamMessage =
    detail.message === undefined ? undefined : redactUpstreamText(detail.message, secrets);
  const upstream = {
    status,
    ...(code !== undefined ? { code } : {}),
    ...(upstreamMessage !== undefined ? { message: upstreamMessage } : {}),
    ...(detail.requestId !== undefined ? { request_id: detail.requestId } : {}),
  };
  return { upstream, label: code ? `${status} ${code}` : `${status}` };
}

/** The cloud throttles this API: 429 with the wait its Retry-After asks for. */
export function throttledError(
  message: string,
  upstream: UpstreamErrorInfo,
  response: UpstreamResponse,
): UpstreamError {
  return new UpstreamError({
    status: 429,
    code: 'throttled',
    message,
    upstream,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}
