import { describe, expect, it } from 'vitest';
import { BudgetedCalls, type BudgetEstimate } from './detail-cache';
import { HttpError } from '../plugins/error-handler';
import { UpstreamError } from '../upstream/types';

/** A budget whose next token is a minute away: every new call is queued. */
function busyBudget(): BudgetEstimate {
  return { estimateWaitMs: () => 60_000, status: () => ({ waiting: 0 }) };
}

const never = () => new Promise<string>(() => undefined);

describe('BudgetedCalls', () => {
  it('caps the calls pending per budget: one more is refused 429 with a retry time', async () => {
    const calls = new BudgetedCalls({ maxPendingPerBudget: 3 });
    const budget = busyBudget();
    for (const key of ['a', 'b', 'c']) {
      expect((await calls.run(key, budget, never)).kind).toBe('queued');
    }
    const refused = await calls.run('d', budget, never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 429, code: 'throttled', retryAfterMs: 60_000 });
    // Asking again for a pending call joins it: not refused.
    expect((await calls.run('a', budget, never)).kind).toBe('queued');
    // Another budget (another API or credential) has its own cap.
    expect((await calls.run('d', busyBudget(), never)).kind).toBe('queued');
    expect(calls.size).toBe(4);
  });

  it('frees a place when a pending call ends', async () => {
    const calls = new BudgetedCalls({ maxPendingPerBudget: 1, waitLimitMs: 0 });
    let finish: (value: string) => void = () => undefined;
    const budget = busyBudget();
    await calls.run('a', budget, () => new Promise<string>((resolve) => (finish = resolve)));
    await expect(calls.run('b', budget, never)).rejects.toBeInstanceOf(HttpError);
    finish('done');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await calls.run('b', budget, never)).kind).toBe('queued');
  });

  it('answers within its bound: the 429 the call is retrying after, else queued', async () => {
    const ready: BudgetEstimate = { estimateWaitMs: () => 0, status: () => ({ waiting: 0 }) };
    const calls = new BudgetedCalls({ answerWithinMs: 50 });
    const throttled = calls.run('a', ready, (hooks) => {
      hooks.onAttemptFailed(
        new UpstreamError({
          status: 429,
          code: 'throttled',
          message: 'throttled',
          upstream: { code: 'APIG.0308', request_id: 'r-1' },
          retryAfterMs: 1_000,
        }),
      );
      return never();
    });
    await expect(throttled).rejects.toMatchObject({
      status: 429,
      upstream: { code: 'APIG.0308', request_id: 'r-1' },
      retryAfterMs: 1_000,
    });
    const slow = await calls.run('b', ready, never);
    expect(slow).toMatchObject({ kind: 'queued', position: 0 });
  });
});
