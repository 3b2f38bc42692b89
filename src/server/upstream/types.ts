// Shared types of the provider clients. Routes and the sync engine see only these.
import type { ErrorCode, UpstreamErrorInfo } from '../../shared/contracts';

export interface UpstreamResult<T> {
  data: T;
  /** The upstream's request id (X-Request-Id header or RequestId field). */
  requestId: string | undefined;
  status: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Skip the retry loop (the sync engine retries on its own schedule). */
  noRetry?: boolean;
  /** Background work (the basic-image enrichment): waits behind on-demand calls (budget.ts). */
  background?: boolean;
  /** Aborts only the wait for the budget, never a call under way (a graceful stop). */
  budgetSignal?: AbortSignal;
  /** Told of each failed attempt, retried or not (a waiting route reports a 429 without delay). */
  onAttemptFailed?: (error: UpstreamError) => void;
}

/** One upstream query call: the query, per-call options, the typed result. */
export type UpstreamQuery<Q, R> = (query: Q, options?: CallOptions) => Promise<UpstreamResult<R>>;

/**
 * An upstream failure mapped to the BFF's error vocabulary: `status` and `code` are what the
 * BFF answers (502 upstream_error, 504 upstream_timeout, 429 throttled, 404 not_found, ...);
 * `upstream` is what the cloud said. Never carries a secret.
 */
export class UpstreamError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly upstream: UpstreamErrorInfo;
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    status: number;
    code: ErrorCode;
    message: string;
    upstream?: UpstreamErrorInfo;
    retryAfterMs?: number;
  }) {
    super(options.message);
    this.name = 'UpstreamError';
    this.status = options.status;
    this.code = options.code;
    this.upstream = options.upstream ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface HuaweiCredentials {
  ak: string;
  sk: string;
  projectId: string;
  region: string;
}

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  regionId: string;
}

export type { UpstreamApi } from '../../shared/upstream/apis';
