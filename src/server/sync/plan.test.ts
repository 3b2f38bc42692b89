import { describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../shared/contracts';
import { crawlEtaMs, pageIntervalMs, sweepPlan, type PlanInputs } from './plan';

const FIVE_A_MINUTE: BudgetStatus = {
  limit: 5,
  window_ms: 60_000,
  available: 0,
  used: 0,
  waiting: 0,
  next_token_in_ms: 0,
};
const HOUR = 3_600_000;

function plan(overrides: Partial<PlanInputs> = {}): PlanInputs {
  return {
    budget: FIVE_A_MINUTE,
    intervalMs: 5 * 60_000,
    cycleCalls: 3,
    sweepIntervalMs: 6 * HOUR,
    total: 1_000_000,
    lastSweepMs: null,
    crawlPace: null,
    ...overrides,
  };
}

describe('the sync plan', () => {
  it.each([
    // 25 calls per 5 min, 3 for the cycle: 22 pages, one every 300 s / 22.
    ['the budget cycles leave', plan(), 300_000 / 22],
    // Cycles costlier than the interval allows: still one page between two cycles.
    ['at least one page per cycle', plan({ cycleCalls: 40 }), 41 * 12_000],
    ['no cycle cost', plan({ cycleCalls: 0 }), 12_000],
  ])('spaces pages on %s', (_name, inputs, expected) => {
    expect(pageIntervalMs(inputs)).toBeCloseTo(expected, 6);
  });

  it('plans 1,000,000 images: about 19 h a sweep, back to back, removals within 3 sweeps', () => {
    const { sweepMs, sweepPeriodMs, removalBoundMs } = sweepPlan(plan());
    expect(sweepMs).toBe(Math.round(5_000 * (300_000 / 22)));
    expect(sweepMs / HOUR).toBeCloseTo(18.9, 1);
    expect(sweepPeriodMs).toBe(sweepMs);
    expect(removalBoundMs).toBe(3 * sweepMs);
  });

  it('keeps SYNC_SWEEP_INTERVAL_MS between sweep starts when a sweep is shorter', () => {
    const small = sweepPlan(plan({ total: 20_000 }));
    expect(small.sweepPeriodMs).toBe(6 * HOUR);
    expect(small.removalBoundMs).toBe(12 * HOUR + small.sweepMs);
  });

  it('follows the measured pace when pages are slower than the budget', () => {
    // A third of the way in after 10 h: the sweep takes 30 h, not the 19 h planned.
    const slow = plan({ crawlPace: { elapsedMs: 10 * HOUR, rowsDone: 333_333 } });
    expect(sweepPlan(slow).sweepMs / HOUR).toBeCloseTo(30, 1);
    expect(crawlEtaMs(666_667, slow) / HOUR).toBeCloseTo(20, 1);
    // And the last sweep's length when it was longer still.
    expect(sweepPlan(plan({ lastSweepMs: 40 * HOUR })).sweepMs).toBe(40 * HOUR);
  });

  it('spends the calls in the bucket first, and needs none for a finished crawl', () => {
    const withBucket = plan({ budget: { ...FIVE_A_MINUTE, available: 5 } });
    expect(crawlEtaMs(1_000, withBucket)).toBe(0);
    expect(crawlEtaMs(2_000, withBucket)).toBe(Math.round(5 * (300_000 / 22)));
    expect(crawlEtaMs(0, plan())).toBe(0);
  });
});
