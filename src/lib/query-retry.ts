// When the app's queries ask again (TanStack Query `retry` / `retryDelay`). A 429 with
// Retry-After means "busy, come back then" (the BFF sheds inventory computations under load,
// issue 9): asked again after the advised delay plus jitter, a bounded number of times, so that
// many tabs told the same delay do not all return at once. Other 4xx will not get better by
// asking again, nor will an answer of an unexpected shape; 5xx and network failures are retried
// twice with the usual backoff.
import { isApiError, type ApiError } from './api-client';

/** Busy answers asked again at most this often before the error is shown. */
export const MAX_BUSY_RETRIES = 4;
/** Other failures (network, 5xx) asked again at most this often. */
const MAX_OTHER_RETRIES = 2;
/** Up to this fraction of the advised delay is added at random. */
const BUSY_JITTER = 0.3;
/** A server advising longer than this is not waited for by a screen (the error shows). */
const MAX_BUSY_DELAY_MS = 60_000;

/** The server asked to be asked again later: 429 with a Retry-After. */
export function isServerBusy(error: unknown): error is ApiError {
  return isApiError(error) && error.status === 429 && error.retryAfterMs !== undefined;
}

/** When each busy error's retry is due (for the "retrying in N s" notice). */
const retryAtByError = new WeakMap<object, number>();

/** When the query that failed with `error` asks again (ms since epoch); undefined if not busy. */
export function busyRetryAt(error: unknown): number | undefined {
  return isServerBusy(error) ? retryAtByError.get(error) : undefined;
}

/**
 * Besides "busy" (above), only answers that may change by asking again: 5xx and network failures
 * (status 0). Other 4xx and unreadable 2xx answers will not, and showing them at once beats a
 * spinner for seconds.
 */
function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500;
}

/** TanStack Query `retry`: `failureCount` failures so far (0 on the first). */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (isServerBusy(error))
    return failureCount < MAX_BUSY_RETRIES && (error.retryAfterMs ?? 0) <= MAX_BUSY_DELAY_MS;
  if (!isRetryable(error)) return false;
  return failureCount < MAX_OTHER_RETRIES;
}

/**
 * TanStack Query `retryDelay`: Retry-After plus up to 30 % jitter for busy answers (never
 * sooner than advised), else exponential from 1 s. Records when the busy retry is due.
 */
export function queryRetryDelay(
  failureCount: number,
  error: unknown,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  if (isServerBusy(error)) {
    const advised = Math.max(1_000, error.retryAfterMs ?? 0);
    const delay = Math.round(advised * (1 + BUSY_JITTER * random()));
    retryAtByError.set(error, now + delay);
    return delay;
  }
  return Math.min(1_000 * 2 ** failureCount, 30_000);
}
