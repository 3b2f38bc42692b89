// When a failed delivery is tried again: exponentially later (30 s, 2 min, 8 min, 32 min, ~2 h
// by default), or when the receiver's Retry-After says, until the last attempt.

export interface RetryPolicy {
  /** The wait after the first failed attempt. */
  baseMs: number;
  /** Each further wait is this many times the previous one. */
  factor: number;
  /** Attempts in all, the first included; after the last one the delivery is `failed`. */
  maxAttempts: number;
  /** The longest wait, whatever the backoff or Retry-After say. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 30_000,
  factor: 4,
  maxAttempts: 6,
  maxDelayMs: 6 * 3_600_000,
};

/**
 * The wait before the next attempt after `attempts` attempts failed, or undefined when none is
 * left. A receiver's Retry-After is honoured as given (bounded by maxDelayMs).
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempts: number,
  retryAfterMs?: number,
): number | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const backoff = policy.baseMs * policy.factor ** Math.max(0, attempts - 1);
  return Math.min(policy.maxDelayMs, retryAfterMs ?? backoff);
}
