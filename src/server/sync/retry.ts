// After a failed sync: how long to wait before the next try, and what /api/sync shows of the error.
import type { SyncError } from '../../shared/contracts';
import { UpstreamError } from '../upstream/types';
import { CrawlError } from './crawl-errors';

/** The wait after a first failure (tests shorten it). */
export const FIRST_RETRY_MS = 5_000;

/** Backoff after `failures` consecutive failures: 5 s, 10 s, 20 s ... capped at the interval. */
export function retryDelayMs(
  failures: number,
  intervalMs: number,
  retryAfterMs?: number,
  firstRetryMs: number = FIRST_RETRY_MS,
): number {
  const exponential = firstRetryMs * 2 ** Math.max(0, Math.min(failures - 1, 16));
  return Math.max(retryAfterMs ?? 0, Math.min(exponential, Math.max(intervalMs, firstRetryMs)));
}

export function toSyncError(error: unknown, at: number): SyncError {
  if (error instanceof CrawlError) {
    return {
      at,
      message: error.message,
      code: error.code,
      offset: error.offset,
      ...(error.requestId !== undefined ? { request_id: error.requestId } : {}),
    };
  }
  if (error instanceof UpstreamError) {
    const out: SyncError = {
      at,
      message: error.message,
      code: error.code,
      upstream: error.upstream,
    };
    if (error.upstream.request_id !== undefined) out.request_id = error.upstream.request_id;
    return out;
  }
  // Anything else is our own fault; keep the message generic here (the detail goes to the log).
  return {
    at,
    message: 'The sync failed with an internal error; see the server log.',
    code: 'internal_error',
  };
}

/** Waits `ms`, or less if `signal` aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits `ms` like abortableDelay, but `onWaker` receives a function that ends the wait early (a
 * background loop woken by new work); it is given `undefined` once the wait is over.
 */
export async function wakeableDelay(
  ms: number,
  signal: AbortSignal,
  onWaker: (wake: (() => void) | undefined) => void,
): Promise<void> {
  const early = new AbortController();
  const onAbort = () => early.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  onWaker(() => early.abort());
  try {
    await abortableDelay(Math.min(ms, 2 ** 31 - 1), early.signal);
  } finally {
    onWaker(undefined);
    signal.removeEventListener('abort', onAbort);
  }
}
