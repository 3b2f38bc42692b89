// The SPA's only door to the BFF: same-origin GET, errors turned into ApiError from the contract's
// error body, success bodies checked against the contract schema so a drifted shape fails loudly.
// The schemas may come lazily (lib/lazy-schema.ts): the error body's does, so zod stays off the
// first page.
import type { z } from 'zod';
import type { ErrorDetail, UpstreamErrorInfo } from '../shared/contracts/bff';
import { isLazySchema, type LazySchema, lazyBffSchema } from './lazy-schema';

export type QueryParams = Record<string, string | number | boolean | undefined | null>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  readonly upstream: UpstreamErrorInfo | undefined;
  /** A 400's machine-readable reason and candidates' count (an ambiguous search key). */
  readonly reason: string | undefined;
  readonly candidates: number | undefined;
  /** From a Retry-After header (429, 503): when the server advises asking again. */
  readonly retryAfterMs: number | undefined;
  /** The body's machine-readable detail (a refused deletion's dependants, for instance). */
  readonly detail: ErrorDetail;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    field?: string | undefined;
    requestId?: string | undefined;
    upstream?: UpstreamErrorInfo | undefined;
    reason?: string | undefined;
    candidates?: number | undefined;
    retryAfterMs?: number | undefined;
    detail?: ErrorDetail | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
    this.upstream = init.upstream;
    this.reason = init.reason;
    this.candidates = init.candidates;
    this.retryAfterMs = init.retryAfterMs;
    this.detail = init.detail ?? {};
  }

  /** The session cookie is missing or expired: only the start-up link can fix it. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** `path?a=1&b=2`, dropping absent values and keeping the caller's key order. */
export function buildUrl(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Retry-After in ms (seconds or an HTTP date, RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; Date.parse alone would also read "-1" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

const errorBodySchema = lazyBffSchema('ErrorBodySchema');

async function errorFromResponse(response: Response, body: unknown): Promise<ApiError> {
  const headerRequestId = response.headers.get('x-request-id') ?? undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const parsed = (await errorBodySchema.load()).safeParse(body);
  if (parsed.success) {
    const { error } = parsed.data;
    const { reason, candidates, rules, hidden_rules } = error;
    return new ApiError({
      detail: { reason, candidates, rules, hidden_rules },
      status: response.status,
      code: error.code,
      message: error.message,
      field: error.field,
      requestId: error.request_id ?? headerRequestId,
      upstream: error.upstream,
      reason: error.reason,
      candidates: error.candidates,
      retryAfterMs,
    });
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: `The server answered ${response.status} ${response.statusText}`.trim(),
    requestId: headerRequestId,
    retryAfterMs,
  });
}

/**
 * The one request to the BFF: same-origin credentials, JSON asked for. A failure to reach the
 * server becomes a `network_error`; an abort (TanStack Query cancelling a stale request) is let
 * through untouched.
 */
async function send(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  params?: QueryParams,
  signal?: AbortSignal,
  body?: unknown,
): Promise<Response> {
  try {
    return await fetch(buildUrl(path, params), {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'The dashboard server could not be reached. Is it still running?',
    });
  }
}

/**
 * POST to a BFF route that answers no body the caller needs (an action). `alsoOk` lists statuses
 * that mean the action's goal is already reached (signing out a session that has ended: 401).
 */
export async function apiPost(
  path: string,
  params?: QueryParams,
  alsoOk: readonly number[] = [],
): Promise<void> {
  const response = await send('POST', path, params);
  if (response.ok || alsoOk.includes(response.status)) return;
  throw await errorFromResponse(response, await readJson(response));
}

/**
 * Sends a JSON body (create, replace) or none (delete, an action) to a BFF route and answers
 * its JSON body (`undefined` for 204). The caller takes responsibility for the body's shape.
 */
export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await send(method, path, undefined, undefined, body);
  const answer = await readJson(response);
  if (!response.ok) throw await errorFromResponse(response, answer);
  return answer as T;
}

/** A schema to check an answer with, or one loaded when the answer arrives. */
export type AnswerSchema<T> = z.ZodType<T> | LazySchema<z.ZodType<T>>;

/**
 * GET a BFF route. With a schema the body is parsed by it (and its output returned); without
 * one the caller takes responsibility for the body's shape.
 */
export async function apiGet<T>(
  path: string,
  params?: QueryParams,
  schema?: AnswerSchema<T>,
  signal?: AbortSignal,
): Promise<T> {
  const response = await send('GET', path, params, signal);
  const body = await readJson(response);
  if (!response.ok) throw await errorFromResponse(response, body);
  if (!schema) return body as T;

  const checker = isLazySchema(schema) ? await schema.load() : schema;
  const parsed = checker.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: `The server's answer has an unexpected shape${where}: ${issue?.message ?? 'invalid'}`,
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
  }
  return parsed.data;
}

/** GET a BFF route that answers a whole collection (`{ data_list }`, no paging): its items. */
export async function apiGetAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  return (await apiGet<{ data_list: T[] }>(path, undefined, undefined, signal)).data_list;
}
