// A small in-memory cache for the detail routes: answers live for a while (each call spends an
// upstream budget of 5/min), and identical concurrent requests share one upstream call.
// Failures are not cached.
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

interface PendingCall {
  promise: Promise<unknown>;
  /** When the call is expected to have its token (the answer follows within a round trip). */
  readyAt: number;
  position: number;
}

/**
 * Detail calls under the call budget: a call that the budget can serve within `waitLimitMs` is
 * awaited; otherwise the caller gets `queued` (the route answers 202 + Retry-After) while the
 * call stays queued for the budget in the background and stores its result where the next
 * request finds it. A repeated request while the call is pending joins it: one queue entry.
 */
export class BudgetedCalls {
  private readonly pending = new Map<string, PendingCall>();

  constructor(
    private readonly waitLimitMs = 1_500,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(
    key: string,
    budget: BudgetEstimate,
    call: () => Promise<T>,
  ): Promise<BudgetedOutcome<T>> {
    let entry = this.pending.get(key);
    if (!entry) {
      const position = budget.status().waiting;
      const readyAt = this.now() + budget.estimateWaitMs();
      const promise = call();
      const created: PendingCall = { promise, readyAt, position };
      entry = created;
      this.pending.set(key, created);
      // Nobody may be awaiting a queued call: its failure is only logged by the client.
      promise.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    const remaining = entry.readyAt - this.now();
    if (remaining <= this.waitLimitMs) return { kind: 'ready', value: (await entry.promise) as T };
    // A little beyond the token time: the answer itself takes a round trip.
    return { kind: 'queued', retryAfterMs: Math.ceil(remaining) + 250, position: entry.position };
  }

  get size(): number {
    return this.pending.size;
  }
}
