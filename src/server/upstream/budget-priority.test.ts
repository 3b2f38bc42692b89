// Background callers (the basic-image enrichment) draw from the same budget as on-demand ones,
// but behind them: they wait while any on-demand caller waits, and never take the last call of
// a window, which stays for an on-demand caller that may arrive.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallBudget } from './budget';

describe('CallBudget background priority', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a waiting on-demand caller before any queued background caller', async () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 2, windowMs: 1000 }, { safetyMarginMs: 0 });
    const order: string[] = [];
    // The window is spent; three background callers queue, then one on-demand caller.
    await budget.acquire();
    await budget.acquire();
    const background = [1, 2, 3].map((n) =>
      budget.acquire(undefined, { background: true }).then(() => order.push(`background ${n}`)),
    );
    await vi.advanceTimersByTimeAsync(10);
    const foreground = budget.acquire().then(() => order.push('on demand'));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all([...background, foreground]);
    expect(order[0]).toBe('on demand');
    expect(order.slice(1)).toEqual(['background 1', 'background 2', 'background 3']);
  });

  it('never takes the last free call of a window for a background caller', async () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 3, windowMs: 1000 }, { safetyMarginMs: 0 });
    const grants: number[] = [];
    const background = Array.from({ length: 4 }, () =>
      budget.acquire(undefined, { background: true }).then(() => grants.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(0);
    // Two of three at once; the third call of the window stays free for an on-demand caller.
    expect(grants).toHaveLength(2);
    expect(budget.status().available).toBe(1);
    expect(budget.tryAcquire()).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(background);
    expect(grants).toHaveLength(4);
  });

  it('lets a background caller through at once when nobody waits and calls are free', async () => {
    const budget = new CallBudget({ limit: 5, windowMs: 60_000 });
    await budget.acquire(undefined, { background: true });
    expect(budget.status().used).toBe(1);
  });

  it('rejects an aborted background waiter and forgets it', async () => {
    vi.useFakeTimers();
    const budget = new CallBudget({ limit: 2, windowMs: 1000 }, { safetyMarginMs: 0 });
    await budget.acquire();
    const controller = new AbortController();
    const waiting = budget.acquire(controller.signal, { background: true });
    controller.abort();
    await expect(waiting).rejects.toThrow();
    // Forgotten: the next on-demand caller is served as soon as the window allows.
    await vi.advanceTimersByTimeAsync(1000);
    await budget.acquire();
    expect(budget.status().used).toBe(2);
  });
});
