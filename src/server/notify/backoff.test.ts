// The retry schedule: exponential from the base, Retry-After as given, bounded, and none after
// the last attempt.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('waits 30 s, 2 min, 8 min, 32 min, then 2 h 8 min, and gives up after the sixth attempt', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((attempts) =>
      retryDelayMs(DEFAULT_RETRY_POLICY, attempts),
    );
    expect(waits).toEqual([30_000, 120_000, 480_000, 1_920_000, 7_680_000, undefined]);
  });

  it("honours the receiver's Retry-After instead of the backoff, within the bound", () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 5_000)).toBe(5_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 90_000)).toBe(90_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, 48 * 3_600_000)).toBe(6 * 3_600_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 6, 5_000)).toBeUndefined();
  });

  it('follows a compressed policy (tests)', () => {
    const policy = { baseMs: 10, factor: 2, maxAttempts: 3, maxDelayMs: 1_000 };
    expect([1, 2, 3].map((attempts) => retryDelayMs(policy, attempts))).toEqual([
      10,
      20,
      undefined,
    ]);
  });
});
