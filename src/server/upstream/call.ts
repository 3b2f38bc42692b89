// The attempt loop shared by the provider clients: take a budget token, sign afresh, send, map
// the outcome; retry read-only calls on 429, 5xx and network failures with jittered backoff.
import type { BudgetRegistry } from './budget';
import type { CircuitBreakerRegistry } from './circuit-breaker';
import { sendUpstream, type UpstreamResponse } from './http';
import { UpstreamError, type CallOptions, type UpstreamApi, type UpstreamResult } from './types';

export interface ClientDeps {
  budgets: BudgetRegistry;
  credentialId: string;
  /** Fails fast while an upstream keeps failing; none means no breaker. */
  breakers?: CircuitBreakerRegistry;
  /** Per attempt. Default 15000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Default 32 MiB. */
  maxBodyBytes?: number;
  logger?: { warn(obj: object, msg: string): void };
}

export const CLIENT_DEFAULTS = {
  timeoutMs: 15_000,
  maxRetries: 3,
  maxBodyBytes: 32 * 1024 * 1024,
} as const;

export interface PreparedRequest {
  url: URL;
  method: 'GET' | 'POST';
  /** Signed headers for this attempt (a fresh date and nonce each time). */
  headers: Record<string, string>;
  body?: string;
}

export interface UpstreamCall<T> {
  api: UpstreamApi;
  /** Builds and signs the request; called once per attempt. */
  prepare(): PreparedRequest;
  /** Turns a response into data or throws an UpstreamError. */
  interpret(response: UpstreamResponse): UpstreamResult<T>;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8000;

/** Full-jitter exponential backoff, never shorter than Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
  return Math.max(retryAfterMs ?? 0, Math.round(jittered));
}

/** Worth another attempt: throttled, the upstream failed (5xx), or it could not be reached. */
function isRetryable(error: UpstreamError): boolean {
  if (error.code === 'throttled') return true;
  if (error.code !== 'upstream_error') return false;
  // No upstream status means the request never got an answer (connection refused, reset).
  const status = error.upstream.status;
  return status === undefined || status >= 500;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runUpstreamCall<T>(
  deps: ClientDeps,
  call: UpstreamCall<T>,
  options: CallOptions = {},
): Promise<UpstreamResult<T>> {
  const budget = deps.budgets.get(deps.credentialId, call.api);
  const maxRetries = options.noRetry ? 0 : (deps.maxRetries ?? CLIENT_DEFAULTS.maxRetries);
  const breaker = deps.breakers?.get(deps.credentialId, call.api);
  for (let attempt = 0; ; attempt += 1) {
    // An open circuit fails fast (503) before spending a budget token.
    breaker?.beforeCall();
    // Settled when the attempt ends: the budget counts the call until then (see budget.ts).
    let settle: () => void;
    try {
      settle = await budget.acquire(options.budgetSignal ?? options.signal, {
        inFlight: true,
        background: options.background === true,
      });
    } catch (error) {
      breaker?.cancel();
      throw error;
    }
    try {
      const request = call.prepare();
      const response = await sendUpstream({
        ...request,
        timeoutMs: deps.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs,
        maxBodyBytes: deps.maxBodyBytes ?? CLIENT_DEFAULTS.maxBodyBytes,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      settle();
      const result = call.interpret(response);
      budget.recordSuccess();
      breaker?.record(undefined);
      return result;
    } catch (error) {
      settle();
      if (!(error instanceof UpstreamError)) {
        breaker?.cancel();
        throw error;
      }
      breaker?.record(error);
      options.onAttemptFailed?.(error);
      if (error.code === 'throttled') budget.penalize(error.retryAfterMs);
      else budget.recordSuccess();
      if (attempt >= maxRetries || !isRetryable(error)) throw error;
      const delay = retryDelayMs(attempt, error.retryAfterMs);
      deps.logger?.warn(
        {
          api: call.api,
          attempt: attempt + 1,
          status: error.upstream.status,
          code: error.upstream.code ?? error.code,
          request_id: error.upstream.request_id,
          retry_in_ms: delay,
        },
        'upstream call failed; retrying',
      );
      await sleep(delay, options.signal);
    } finally {
      settle();
    }
  }
}
