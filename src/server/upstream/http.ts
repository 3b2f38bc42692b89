// The one send function every provider client uses: global fetch with a deadline that covers the
// whole exchange (headers and body) and a cap on the response size.
import { UpstreamError } from './types';

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface SendUpstreamOptions {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
}

/** Why a fetch failed, without the URL's query or any header: e.g. "ECONNREFUSED". */
function networkFailureReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  if (cause instanceof Error) return cause.message.slice(0, 120);
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown error';
}

/** The request id a response carries in its headers (Huawei or Alibaba), for error reports. */
function headerRequestId(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('x-acs-request-id') ?? undefined;
}

async function readCapped(response: Response, maxBodyBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBodyBytes, response);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBodyBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBodyBytes, response);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function tooLarge(maxBodyBytes: number, response: Response): UpstreamError {
  const requestId = headerRequestId(response.headers);
  return new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: `upstream response is larger than ${maxBodyBytes} bytes`,
    upstream: { status: response.status, ...(requestId ? { request_id: requestId } : {}) },
  });
}

function timedOut(timeoutMs: number): UpstreamError {
  return new UpstreamError({
    status: 504,
    code: 'upstream_timeout',
    message: `upstream did not answer within ${timeoutMs} ms`,
  });
}

/**
 * Sends one request. Throws UpstreamError 504 `upstream_timeout` past the deadline, 502
 * `upstream_error` on a network failure or an oversized body, and the caller's abort reason
 * when the caller's signal aborts. Any HTTP status is returned, not thrown.
 */
export async function sendUpstream(options: SendUpstreamOptions): Promise<UpstreamResponse> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  // fetch derives Host from the URL (the same value the signer used) and refuses to take it as a header.
  const headers = Object.fromEntries(
    Object.entries(options.headers).filter(([name]) => name.toLowerCase() !== 'host'),
  );
  // Set once headers arrive: a body cut short still names the request that was answered.
  let answeredRequestId: string | undefined;
  try {
    const response = await fetch(options.url, {
      method: options.method,
      headers,
      body: options.method === 'POST' ? (options.body ?? '') : undefined,
      signal,
      redirect: 'manual',
    });
    answeredRequestId = headerRequestId(response.headers);
    const text = await readCapped(response, options.maxBodyBytes);
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    if (deadline.aborted) throw timedOut(options.timeoutMs);
    throw new UpstreamError({
      status: 502,
      code: 'upstream_error',
      message:
        answeredRequestId === undefined
          ? `could not reach the upstream at ${options.url.host} (${networkFailureReason(error)})`
          : `the upstream at ${options.url.host} broke off its answer (${networkFailureReason(error)})`,
      // No status: the answer was not received whole, so the call may be retried.
      ...(answeredRequestId !== undefined ? { upstream: { request_id: answeredRequestId } } : {}),
    });
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
