// The one error handler: every error leaves as `{ error: { code, message, field?, request_id,
// upstream? } }` (contracts ErrorBody). Details of 5xx failures go to the log only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorCode, ErrorDetail, UpstreamErrorInfo } from '../../shared/contracts';
import { isDatabaseUnavailable } from '../store/dialect';
import { UpstreamError } from '../upstream/types';

/** An error the BFF answers on purpose, with its status and code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** Machine-readable detail (search: `ambiguous_digest_prefix` and how many; a view's rules). */
  readonly detail: ErrorDetail | undefined;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    options: { field?: string; retryAfterMs?: number; detail?: ErrorDetail } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
  }
}

export function invalidParameter(field: string, message: string, detail?: ErrorDetail): HttpError {
  return new HttpError(400, 'invalid_parameter', message, {
    field,
    ...(detail === undefined ? {} : { detail }),
  });
}

export function errorBody(
  request: FastifyRequest,
  code: string,
  message: string,
  extra: {
    field?: string | undefined;
    upstream?: UpstreamErrorInfo | undefined;
    detail?: ErrorDetail | undefined;
  } = {},
): ErrorBody {
  const error: ErrorBody['error'] = { code, message, request_id: request.id };
  if (extra.field !== undefined) error.field = extra.field;
  if (extra.detail !== undefined) Object.assign(error, extra.detail);
  if (extra.upstream !== undefined && Object.keys(extra.upstream).length > 0)
    error.upstream = extra.upstream;
  return { error };
}

function setRetryAfter(reply: FastifyReply, retryAfterMs: number | undefined): void {
  reply.header('Retry-After', String(Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000))));
}

/** Longest upstream code or request id forwarded; real ones are a few dozen characters. */
export const MAX_UPSTREAM_IDENTIFIER_LENGTH = 128;

/**
 * An upstream's error code or request id as the client may see it: the characters identifiers
 * use, bounded, since the text comes from outside and is shown in the app and in support tickets.
 */
export function scrubUpstreamIdentifier(text: string): string {
  return text.replace(/[^A-Za-z0-9._:/-]/g, '').slice(0, MAX_UPSTREAM_IDENTIFIER_LENGTH);
}

/** Only the fields the upstream info may carry: nothing else of the error leaks out. */
function upstreamInfo(info: UpstreamErrorInfo): UpstreamErrorInfo {
  const out: UpstreamErrorInfo = {};
  if (info.status !== undefined) out.status = info.status;
  if (info.code !== undefined) out.code = scrubUpstreamIdentifier(info.code);
  if (info.message !== undefined) out.message = info.message;
  if (info.request_id !== undefined) out.request_id = scrubUpstreamIdentifier(info.request_id);
  return out;
}

function fastifyStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = error.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
  }
  return undefined;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof HttpError) {
      if (error.status === 429) setRetryAfter(reply, error.retryAfterMs);
      return reply.code(error.status).send(
        errorBody(request, error.code, error.message, {
          field: error.field,
          detail: error.detail,
        }),
      );
    }
    if (error instanceof UpstreamError) {
      request.log.warn(
        { code: error.code, status: error.status, upstream: error.upstream },
        error.message,
      );
      // 429 (throttled) and 503 (circuit open) both say when to ask again.
      if (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined))
        setRetryAfter(reply, error.retryAfterMs);
      const status = error.status >= 400 && error.status < 600 ? error.status : 502;
      return reply
        .code(status)
        .send(
          errorBody(request, error.code, error.message, { upstream: upstreamInfo(error.upstream) }),
        );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'the inventory database cannot be reached');
      reply.header('Retry-After', '5');
      return reply
        .code(503)
        .send(
          errorBody(
            request,
            'database_unavailable',
            'The inventory database cannot be reached; try again shortly.',
          ),
        );
    }
    const status = fastifyStatus(error);
    if (status !== undefined && status < 500) {
      // Fastify's own 4xx (malformed body, unsupported media type ...): safe to say what it was.
      const message = error instanceof Error ? error.message : 'bad request';
      const code: ErrorCode =
        status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : 'invalid_parameter';
      return reply.code(status).send(errorBody(request, code, message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(request, 'internal_error', 'Internal server error.'));
  });
}
