// A small in-memory cache for the detail routes: answers live for a while (each call spends an
// upstream budget of 5/min), and identical concurrent requests share one upstream call.
// Failures are not cached.
import { HttpError } from '../plugins/error-handler';
import { UpstreamError } from '../upstream/types';

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class DetailCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<{ value: T; cached: boolean }> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return { value: entry.value as T, cached: true };
    if (entry) this.entries.delete(key);

    const pending = this.inFlight.get(key);
    if (pending) return { value: (await pending) as T, cached: true };

    const promise = load();
    this.inFlight.set(key, promise);
    try {
      const value = await promise;
      this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
      this.evict();
      return { value, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** A live cached value, without loading. */
  peek<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set<T>(key: string, value: T, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.evict();
  }

  private evict(): void {
    // Map keeps insertion order: the first keys are the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

/** What a budget tells a caller deciding whether to wait (see upstream/budget.ts). */
export interface BudgetEstimate {
  estimateWaitMs(): number;
  status(): { waiting: number };
}

export type BudgetedOutcome<T> =
  { kind: 'ready'; value: T } | { kind: 'queued'; retryAfterMs: number; position: number };

/** Handed to each call: the provider clients report every failed attempt through it. */
export interface CallHooks {
  onAttemptFailed(error: UpstreamError): void;
}

interface PendingCall {
  promise: Promise<unknown>;
  /** When the call is expected to have its token (the answer follows within a round trip). */
  readyAt: number;
  position: number;
  budget: BudgetEstimate;
  /** The last failed attempt of this call (it is retrying after it). */
  lastFailure: UpstreamError | undefined;
}

export interface BudgetedCallsOptions {
  /** A call the budget serves within this is awaited; a longer wait answers 202 at once. */
  waitLimitMs?: number;
  /**
   * A request is answered within this, whatever the upstream does: a call still running then
   * (retrying after 429s, 5xx, timeouts) goes on in the background and the caller gets 202, or
   * the 429/503 its last attempt drew.
   */
  answerWithinMs?: number;
  /** Distinct calls pending per budget; one more is refused 429 + Retry-After. */
  maxPendingPerBudget?: number;
  now?: () => number;
}

export const BUDGETED_CALL_DEFAULTS = {
  waitLimitMs: 1_500,
  answerWithinMs: 4_000,
  maxPendingPerBudget: 20,
} as const;

/** What a failed attempt tells a waiting caller at once: throttled, or the upstream is down. */
function isRefusal(error: UpstreamError): boolean {
  return error.status === 429 || error.status === 503;
}

/**
 * Detail calls under the call budget: a call that the budget can serve within `waitLimitMs` is
 * awaited, up to `answerWithinMs`; otherwise the caller gets `queued` (the route answers 202 +
 * Retry-After) while the call stays queued for the budget in the background and stores its result
 * where the next request finds it. A repeated request while the call is pending joins it: one
 * queue entry. At most `maxPendingPerBudget` distinct calls wait per budget: a flood of made-up
 * keys is refused (429) instead of filling the budget's queue for hours.
 */
export class BudgetedCalls {
  private readonly pending = new Map<string, PendingCall>();
  private readonly pendingPerBudget = new Map<BudgetEstimate, number>();
  private readonly waitLimitMs: number;
  private readonly answerWithinMs: number;
  private readonly maxPendingPerBudget: number;
  private readonly now: () => number;

  constructor(options: BudgetedCallsOptions = {}) {
    this.waitLimitMs = options.waitLimitMs ?? BUDGETED_CALL_DEFAULTS.waitLimitMs;
    this.answerWithinMs = options.answerWithinMs ?? BUDGETED_CALL_DEFAULTS.answerWithinMs;
    this.maxPendingPerBudget =
      options.maxPendingPerBudget ?? BUDGETED_CALL_DEFAULTS.maxPendingPerBudget;
    this.now = options.now ?? Date.now;
  }

  async run<T>(
    key: string,
    budget: BudgetEstimate,
    call: (hooks: CallHooks) => Promise<T>,
  ): Promise<BudgetedOutcome<T>> {
    const startedAt = this.now();
    let entry = this.pending.get(key);
    if (!entry) entry = this.start(key, budget, call);
    const remaining = entry.readyAt - this.now();
    if (remaining > this.waitLimitMs) {
      // A little beyond the token time: the answer itself takes a round trip.
      return { kind: 'queued', retryAfterMs: Math.ceil(remaining) + 250, position: entry.position };
    }
    const boundMs = Math.max(0, startedAt + this.answerWithinMs - this.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<'overdue'>((resolve) => {
      timer = setTimeout(() => resolve('overdue'), boundMs);
    });
    try {
      const settled = await Promise.race([
        entry.promise.then((value) => ({ value: value as T })),
        overdue,
      ]);
      if (settled !== 'overdue') return { kind: 'ready', value: settled.value };
    } finally {
      clearTimeout(timer);
    }
    const waitMs = budget.estimateWaitMs();
    const failure = entry.lastFailure;
    if (failure && isRefusal(failure)) {
      // Said now rather than after the retries: when to ask again, and what the cloud said.
      throw new UpstreamError({
        status: failure.status,
        code: failure.code,
        message: failure.message,
        upstream: failure.upstream,
        retryAfterMs: Math.max(failure.retryAfterMs ?? 1_000, waitMs),
      });
    }
    return {
      kind: 'queued',
      retryAfterMs: Math.max(1_000, waitMs + 250),
      position: budget.status().waiting,
    };
  }

  get size(): number {
    return this.pending.size;
  }

  private start<T>(
    key: string,
    budget: BudgetEstimate,
    call: (hooks: CallHooks) => Promise<T>,
  ): PendingCall {
    const count = this.pendingPerBudget.get(budget) ?? 0;
    const waitMs = budget.estimateWaitMs();
    if (count >= this.maxPendingPerBudget) {
      throw new HttpError(
        429,
        'throttled',
        `${count} calls of this kind are already waiting for the call budget; ask again later.`,
        { retryAfterMs: Math.max(1_000, waitMs) },
      );
    }
    const entry: PendingCall = {
      promise: Promise.resolve(),
      readyAt: this.now() + waitMs,
      position: budget.status().waiting,
      budget,
      lastFailure: undefined,
    };
    entry.promise = call({
      onAttemptFailed: (error) => {
        entry.lastFailure = error;
      },
    });
    this.pending.set(key, entry);
    this.pendingPerBudget.set(budget, count + 1);
    const done = () => {
      this.pending.delete(key);
      const left = (this.pendingPerBudget.get(budget) ?? 1) - 1;
      if (left > 0) this.pendingPerBudget.set(budget, left);
      else this.pendingPerBudget.delete(budget);
    };
    // Nobody may be awaiting a queued call: its failure is only logged by the client.
    entry.promise.then(done, done);
    return entry;
  }
}
