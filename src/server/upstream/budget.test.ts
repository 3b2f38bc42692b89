import { afterEach, describe, expect, it, vi } from 'vitest';
import { BudgetRegistry, CallBudget, parseRate } from './budget';

/** Largest number of grants inside any window [t, t + windowMs). */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const start = sorted[i] ?? 0;
    const count = sorted.filter((t) => t >= start && t < start + windowMs).length;
    max = Math.max(max, count);
  }
  return max;
}

describe('parseRate', () => {
  it('accepts the documented forms', () => {
    expect(parseRate('5/min')).toEqual({ limit: 5, windowMs: 60_000 });
    expect(parseRate('5/s')).toEqual({ limit: 5, windowMs: 1000 });
    expect(parseRate('5/1s')).toEqual({ limit: 5, windowMs: 1000 });
    expect(parseRate('50/10s')).toEqual({ limit: 50, windowMs: 10_000 });
    expect(parseRate('100/h')).toEqual({ limit: 100, windowMs: 3_600_000 });
    expect(parseRate(' 600/min ')).toEqual({ limit: 600, windowMs: 60_000 });
  });

  it('refuses anything else with a clear message', () => {
    for (const bad of [
      '',
      '5',
      '5/',
      '/min',
      '0/min',
      '-1/min',
      '5/0s',
      '5/day',
      '5 per min',
      '1.5/s',
    ]) {
      expect(() => parseRate(bad)).toThrow(/invalid rate/);
    }
  });
});

describe('CallBudget', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never lets 20 concurrent callers exceed 5 per 200 ms, and serves them in order', async () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 5, windowMs: 200 });
    const grantTimes: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 20 }, (_, index) =>
      budget.acquire().then(() => {
        grantTimes.push(Date.now());
        order.push(index);
      }),
    );
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(grantTimes).toHaveLength(20);
    expect(maxInAnyWindow(grantTimes, 200)).toBe(5);
    expect(order).toEqual([...Array(20).keys()]);
    // Four windows' worth: the last five go after three full windows (plus the safety margin).
    const elapsed = Math.max(...grantTimes) - Math.min(...grantTimes);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(800);
    expect(budget.status().used).toBe(20);
  });

  it('holds the limit in real time too', async () => {
    const budget = new CallBudget({ limit: 5, windowMs: 100 });
    const grantTimes: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () => budget.acquire().then(() => grantTimes.push(Date.now()))),
    );
    expect(maxInAnyWindow(grantTimes, 100)).toBeLessThanOrEqual(5);
  });

  it('tryAcquire takes free tokens only', () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 2, windowMs: 1000 });
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
    expect(budget.status()).toMatchObject({ limit: 2, window_ms: 1000, available: 0, used: 2 });
    vi.advanceTimersByTime(1100);
    expect(budget.tryAcquire()).toBe(true);
  });

  it('estimates the wait counting the queue', () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 1, windowMs: 1000 }, { safetyMarginMs: 0 });
    expect(budget.estimateWaitMs()).toBe(0);
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.estimateWaitMs()).toBe(1000);
    void budget.acquire();
    void budget.acquire();
    expect(budget.status().waiting).toBe(2);
    expect(budget.estimateWaitMs()).toBe(3000);
    expect(budget.status().next_token_in_ms).toBe(1000);
  });

  it('rejects an aborted waiter without spending a token', async () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 1, windowMs: 1000 }, { safetyMarginMs: 0 });
    await budget.acquire();
    const controller = new AbortController();
    const aborted = budget.acquire(controller.signal);
    const next = budget.acquire();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(budget.status().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await next;
    expect(budget.status().used).toBe(2);
    await expect(budget.acquire(AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('pauses every caller for Retry-After after a 429, then runs at half pace', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const budget = new CallBudget({ limit: 4, windowMs: 1000 }, { safetyMarginMs: 0 });
    await budget.acquire();
    budget.penalize(3000);
    expect(budget.tryAcquire()).toBe(false);
    expect(budget.estimateWaitMs()).toBe(3000);
    expect(budget.status().available).toBe(0);
    const grantTimes: number[] = [];
    const waiting = Array.from({ length: 4 }, () =>
      budget.acquire().then(() => grantTimes.push(Date.now() - start)),
    );
    await vi.advanceTimersByTimeAsync(2999);
    expect(grantTimes).toEqual([]);
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(waiting);
    // Half pace: two per window after the pause.
    expect(grantTimes).toEqual([3000, 3000, 4000, 4000]);
    expect(budget.throttled).toBe(1);
  });

  it('grows the pause with consecutive 429s and starts afresh after a success', () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 5, windowMs: 60_000 }, { safetyMarginMs: 0 });
    budget.penalize();
    const first = budget.estimateWaitMs();
    budget.penalize();
    const second = budget.estimateWaitMs();
    budget.penalize();
    const third = budget.estimateWaitMs();
    expect(first).toBe(2000);
    expect(second).toBe(4000);
    expect(third).toBe(8000);
    budget.recordSuccess();
    vi.advanceTimersByTime(10_000);
    budget.penalize();
    expect(budget.estimateWaitMs()).toBe(2000);
  });
});

describe('BudgetRegistry', () => {
  it('hands out one budget per credential and API, with per-API rates', () => {
    const registry = new BudgetRegistry({
      defaultRate: { limit: 5, windowMs: 60_000 },
      rates: { 'acr.ListRepoTag': { limit: 10, windowMs: 1000 } },
    });
    const hss = registry.get('huawei-1', 'hss.ListRegistryImages');
    expect(registry.get('huawei-1', 'hss.ListRegistryImages')).toBe(hss);
    expect(registry.get('huawei-2', 'hss.ListRegistryImages')).not.toBe(hss);
    expect(registry.get('huawei-1', 'hss.ListCicdImages')).not.toBe(hss);
    expect(registry.get('ali', 'acr.ListRepoTag').limit).toBe(10);
    expect(hss.tryAcquire()).toBe(true);
    const snapshot = registry.snapshot('huawei-1');
    expect(Object.keys(snapshot).sort()).toEqual(['hss.ListCicdImages', 'hss.ListRegistryImages']);
    expect(snapshot['hss.ListRegistryImages']).toMatchObject({ used: 1, available: 4, limit: 5 });
    expect(registry.snapshot('nobody')).toEqual({});
  });
});

describe('CallBudget queue at scale', () => {
  it('estimates the wait of the 60,000th waiter exactly, without walking the queue', () => {
    // A clock that stands still: the estimates are exact.
    const clock = {
      now: () => 1_000_000,
      setTimeout: () => undefined,
      clearTimeout: () => undefined,
    };
    const budget = new CallBudget({ limit: 5, windowMs: 1_000 }, { safetyMarginMs: 50, clock });
    const spacing = 1_050;
    for (let index = 0; index < 5; index += 1) void budget.acquire();
    // Each arrival asks for an estimate first, as the detail routes do: a walk of the queue per
    // request made this quadratic (minutes for 60,000 waiters).
    const waiters = 60_000;
    for (let index = 0; index < waiters; index += 1) {
      const expected = (Math.floor(index / 5) + 1) * spacing;
      const estimate = budget.estimateWaitMs();
      if (estimate !== expected) expect(estimate, `waiter ${index}`).toBe(expected);
      void budget.acquire();
    }
    expect(budget.status().waiting).toBe(waiters);
  });

  it('lets a waiter from the middle leave the queue, and keeps the others in order', async () => {
    vi.useFakeTimers();
    try {
      const budget = new CallBudget({ limit: 1, windowMs: 100 }, { safetyMarginMs: 0 });
      await budget.acquire();
      const order: number[] = [];
      const controllers = Array.from({ length: 5 }, () => new AbortController());
      const all = controllers.map((controller, index) =>
        budget.acquire(controller.signal).then(
          () => order.push(index),
          () => undefined,
        ),
      );
      controllers[2]?.abort();
      expect(budget.status().waiting).toBe(4);
      await vi.advanceTimersByTimeAsync(1_000);
      await Promise.all(all);
      expect(order).toEqual([0, 1, 3, 4]);
    } finally {
      vi.useRealTimers();
    }
  });
});
