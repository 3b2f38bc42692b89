// The call budget: every upstream call, sync or on-demand, first takes a token here. HSS allows
// 5 calls per minute per user and API, so the budget is a sliding-window log (never more than
// `limit` grants within any `windowMs`), a FIFO queue of waiters, and a pause plus halved pace
// after a 429. Background callers (the basic-image enrichment) have a queue of their own behind
// it: served only while no other caller waits, and never with the last call of a window, which
// stays free for an on-demand caller that may come.
import type { BudgetStatus } from '../../shared/contracts';
import { PerCredentialAndApi } from './per-credential';
import type { UpstreamApi } from './types';
import type { Rate } from '../../shared/upstream/rate';

export { parseRate, type Rate } from '../../shared/upstream/rate';

export interface BudgetClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Reads the globals at call time, so test fake timers apply. */
export const systemClock: BudgetClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CallBudgetOptions {
  clock?: BudgetClock;
  /**
   * Extra spacing added to the window, because the far end counts arrival times, which trail
   * grant times by a variable latency. Default: 5% of the window, 25 ms to 1 s.
   */
  safetyMarginMs?: number;
}

interface Waiter {
  background: boolean;
  resolve: (settle: () => void) => void;
  inFlight: boolean;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('the wait for the call budget was aborted', 'AbortError');
}

interface Grant {
  at: number;
  inFlight: boolean;
}

/** A call never settled (a bug, or a lost promise) stops counting as in flight after this. */
const MAX_IN_FLIGHT_MS = 5 * 60_000;

export class CallBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: BudgetClock;
  /** The window plus the safety margin (read by SharedCallBudget, which enforces the same). */
  protected readonly spacingMs: number;
  /**
   * Grants, oldest first. A call still in flight counts as made "now" (it may reach the far end
   * at any moment) until it is settled with its completion time, an upper bound on its arrival:
   * so the far end never sees more than `limit` arrivals in any window, whatever the latency.
   */
  private grants: Grant[] = [];
  /** Waiters in arrival order; a Set, so that an aborted waiter leaves in O(1). */
  private readonly queue = new Set<Waiter>();
  /** Background waiters, in arrival order: served after `queue`, never with a window's last call. */
  private readonly backgroundQueue = new Set<Waiter>();
  private timer: unknown = undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private used = 0;
  private pausedUntil = 0;
  private slowUntil = 0;
  private consecutiveThrottles = 0;
  private throttledTotal = 0;

  constructor(rate: Rate, options: CallBudgetOptions = {}) {
    if (!Number.isInteger(rate.limit) || rate.limit < 1 || !(rate.windowMs > 0)) {
      throw new Error('a call budget needs a limit of at least 1 and a positive window');
    }
    this.limit = rate.limit;
    this.windowMs = rate.windowMs;
    this.clock = options.clock ?? systemClock;
    const margin =
      options.safetyMarginMs ?? Math.min(1000, Math.max(25, Math.round(rate.windowMs * 0.05)));
    this.spacingMs = rate.windowMs + margin;
  }

  /**
   * Waits for a token, first come first served. Rejects with the abort reason when aborted.
   * With `inFlight`, the call counts as in progress until the returned function is called when
   * it completes (the provider clients do); otherwise it counts at its grant time.
   * With `background`, the caller waits behind every other (see the file comment).
   */
  acquire(
    signal?: AbortSignal,
    options: { inFlight?: boolean; background?: boolean } = {},
  ): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const inFlight = options.inFlight === true;
    const background = options.background === true;
    const now = this.clock.now();
    const free = background
      ? this.queue.size === 0 &&
        this.backgroundQueue.size === 0 &&
        this.nextGrantAt(now, undefined, true) <= now
      : this.queue.size === 0 && this.nextGrantAt(now) <= now;
    if (free) return Promise.resolve(this.grant(now, inFlight));
    const queue = background ? this.backgroundQueue : this.queue;
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = { background, resolve, reject, inFlight, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          queue.delete(waiter);
          reject(abortReason(signal));
          this.schedule();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      queue.add(waiter);
      this.schedule();
    });
  }

  /** Takes a token only if one is free now and nobody is waiting. */
  tryAcquire(): boolean {
    const now = this.clock.now();
    if (this.queue.size > 0 || this.nextGrantAt(now) > now) return false;
    this.grant(now, false);
    return true;
  }

  /**
   * How long a caller arriving now would wait, behind everyone already queued. The first grants
   * are worked out one by one (a pause or slow-down may shape them); once `limit` of them are
   * placed in steady pace the rest repeat every window, so the cost does not grow with the queue.
   */
  estimateWaitMs(): number {
    const now = this.clock.now();
    const grants = this.recentGrants(now);
    const queued = this.queue.size;
    const placed: number[] = [];
    let at = now;
    for (let position = 0; position <= queued; position += 1) {
      const limit = this.effectiveLimit(at);
      if (placed.length >= limit && at >= this.pausedUntil && at >= this.slowUntil) {
        // Steady pace: position + j is granted one window after the grant `limit` places before.
        const ahead = queued - position;
        const base = placed[placed.length - limit + (ahead % limit)] ?? at;
        at = base + (Math.floor(ahead / limit) + 1) * this.spacingMs;
        break;
      }
      at = this.nextGrantAt(at, grants);
      grants.push(at);
      placed.push(at);
    }
    return Math.max(0, Math.ceil(at - now));
  }

  /**
   * After a 429: pause every caller for Retry-After (or a backoff that doubles with each
   * consecutive 429), then run at half pace for a few windows.
   */
  penalize(retryAfterMs?: number): void {
    const now = this.clock.now();
    this.consecutiveThrottles += 1;
    this.throttledTotal += 1;
    const base = Math.min(2000, Math.max(100, this.windowMs / this.limit));
    const cap = Math.max(1000, Math.min(5 * 60_000, this.windowMs * 2));
    const backoff = Math.min(cap, base * 2 ** (this.consecutiveThrottles - 1));
    const pause =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? Math.max(retryAfterMs, backoff / 2)
        : backoff;
    this.pausedUntil = Math.max(this.pausedUntil, now + pause);
    this.slowUntil = this.pausedUntil + 3 * this.windowMs;
    this.schedule();
  }

  /** A call went through without a 429: the next 429 starts the backoff afresh. */
  recordSuccess(): void {
    this.consecutiveThrottles = 0;
  }

  /** 429s seen through this budget since start. */
  get throttled(): number {
    return this.throttledTotal;
  }

  status(): BudgetStatus {
    const now = this.clock.now();
    const inWindow = this.recentGrants(now).filter((at) => at > now - this.spacingMs).length;
    const free =
      now < this.pausedUntil || this.queue.size > 0
        ? 0
        : Math.max(0, this.effectiveLimit(now) - inWindow);
    return {
      limit: this.limit,
      window_ms: this.windowMs,
      available: free,
      used: this.used,
      // On-demand callers only: a queue position never counts the background ones behind them.
      waiting: this.queue.size,
      next_token_in_ms: free > 0 ? 0 : Math.max(0, Math.ceil(this.nextGrantAt(now) - now)),
    };
  }

  private effectiveLimit(at: number, background = false): number {
    const limit = at < this.slowUntil ? Math.max(1, Math.floor(this.limit / 2)) : this.limit;
    // A background caller leaves the window's last call to on-demand ones (unless it is the only one).
    return background && limit > 1 ? limit - 1 : limit;
  }

  /** Times of the grants that still count, ascending (calls in flight count as `now`). */
  private recentGrants(now: number): number[] {
    const since = now - this.spacingMs;
    this.grants = this.grants.filter((grant) => grant.inFlight || grant.at > since);
    return this.grants
      .map((grant) => (grant.inFlight ? Math.min(now, grant.at + MAX_IN_FLIGHT_MS) : grant.at))
      .filter((at) => at > since)
      .sort((a, b) => a - b)
      .slice(-this.limit);
  }

  /**
   * Earliest time >= `from` at which one more grant keeps every window within the limit (for a
   * background caller: leaves one call of the window free).
   */
  private nextGrantAt(
    from: number,
    grants: readonly number[] = this.recentGrants(from),
    background = false,
  ): number {
    let at = Math.max(from, this.pausedUntil);
    const limit = this.effectiveLimit(at, background);
    const blocking = grants[grants.length - limit];
    if (grants.length >= limit && blocking !== undefined) {
      at = Math.max(at, blocking + this.spacingMs);
    }
    return at;
  }

  private grant(at: number, inFlight: boolean): () => void {
    const grant: Grant = { at, inFlight };
    this.grants.push(grant);
    this.used += 1;
    if (!inFlight) return () => undefined;
    return () => {
      if (!grant.inFlight) return;
      grant.inFlight = false;
      grant.at = Math.max(grant.at, this.clock.now());
      this.schedule();
    };
  }

  /** The next waiter to serve now, if any: on-demand ones first, background ones after. */
  private nextServable(now: number): { waiter: Waiter; queue: Set<Waiter> } | undefined {
    if (this.queue.size > 0) {
      const waiter = this.queue.values().next().value;
      return waiter && this.nextGrantAt(now) <= now ? { waiter, queue: this.queue } : undefined;
    }
    const waiter = this.backgroundQueue.values().next().value;
    return waiter && this.nextGrantAt(now, undefined, true) <= now
      ? { waiter, queue: this.backgroundQueue }
      : undefined;
  }

  private schedule(): void {
    const now = this.clock.now();
    for (let next = this.nextServable(now); next; next = this.nextServable(now)) {
      const { waiter, queue } = next;
      queue.delete(waiter);
      if (waiter.signal && waiter.onAbort) {
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      }
      waiter.resolve(this.grant(now, waiter.inFlight));
    }
    if (this.queue.size === 0 && this.backgroundQueue.size === 0) {
      this.clearTimer();
      return;
    }
    const due = this.nextGrantAt(now, undefined, this.queue.size === 0);
    if (this.timer !== undefined && this.timerAt === due) return;
    this.clearTimer();
    this.timerAt = due;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.schedule();
      },
      Math.max(0, due - now),
    );
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}

export interface BudgetRegistryOptions extends CallBudgetOptions {
  /** The rate of every API without its own entry (HSS_CALL_BUDGET, default 5/min). */
  defaultRate: Rate;
  rates?: Partial<Record<UpstreamApi, Rate>>;
  /** Builds each budget (scale-out: a SharedCallBudget per key); default a local CallBudget. */
  create?: (rate: Rate, credentialId: string, api: UpstreamApi) => CallBudget;
}

/** One budget per credential and API, shared by the sync engine and the detail routes. */
export class BudgetRegistry {
  private readonly budgets: PerCredentialAndApi<CallBudget>;

  constructor(private readonly options: BudgetRegistryOptions) {
    this.budgets = new PerCredentialAndApi((credentialId, api) => {
      const rate = this.options.rates?.[api] ?? this.options.defaultRate;
      return this.options.create
        ? this.options.create(rate, credentialId, api)
        : new CallBudget(rate, this.options);
    });
  }

  get(credentialId: string, api: UpstreamApi): CallBudget {
    return this.budgets.get(credentialId, api);
  }

  /** Status of every budget this credential has used, by API name. */
  snapshot(credentialId: string): Record<string, BudgetStatus> {
    return this.budgets.readAll(credentialId, (budget) => budget.status());
  }
}
