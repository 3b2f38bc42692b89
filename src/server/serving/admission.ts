// Admission control for inventory computations (cache misses; issue 9, "stay up and truthful
// under load"). A miss computes on the one event loop and, on SQLite, holds the one connection
// for its whole read transaction: without a bound, never-repeated queries pile up behind each
// other and every client times out. Here at most `concurrency` computations run, at most
// `maxQueued` run or wait, and a client request whose estimated wait (the work ahead, each
// computation at its kind's moving average of recent times) exceeds `maxWaitMs` is answered at
// once with 429 and Retry-After instead. Cache hits never come here, nor do waiters of an identical computation
// already in flight (single-flight), so answered views stay fast while the server is busy.
//
// Who asks: a route passes its client's `disconnectSignal` down with the read (the list store's
// `ReadContext.signal`, then `QueryCache.answer`). Without a signal (the cache warmer, background
// work) a computation waits its turn but is never shed. A client that disconnects while its
// computation waits frees the slot.
import type { ServerResponse } from 'node:http';
import type { QueryAdmissionStats } from '../../shared/contracts';
import { HttpError } from '../plugins/error-handler';

export type { QueryAdmissionStats } from '../../shared/contracts';

/** Weight of the newest computation time in the moving average. */
const MEAN_WEIGHT = 0.2;
/** Before any computation was timed: a list page at 200,000 images. */
const INITIAL_COMPUTE_MS = 50;

export interface ComputeAdmissionOptions {
  /** Computations running or waiting at most (more are shed). */
  maxQueued: number;
  /** A client request whose estimated wait exceeds this is shed. */
  maxWaitMs: number;
  /** Computations running at once: 1 on SQLite (one connection), a few on PostgreSQL. */
  concurrency?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface Waiter {
  /** What this computation is expected to take (its kind's moving average when queued). */
  expectedMs: number;
  start: () => void;
  cancel: () => void;
}

/** Lets the event loop turn once (read sockets, answer hits) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Aborts when the client goes away before its response was sent (the connection closed while
 * the request waited). A response that finished normally never aborts it.
 */
export function disconnectSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (response.destroyed && !response.writableFinished) controller.abort();
  else
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
  return controller.signal;
}

/** The computation was not started: its client left while it waited. */
export class ComputationCancelledError extends HttpError {
  constructor() {
    // Nobody reads this answer (the client is gone); 499 is what proxies log for it.
    super(499, 'server_busy', 'The client closed the request before its computation started.');
    this.name = 'ComputationCancelledError';
  }
}

export class ComputeAdmission {
  private readonly maxQueued: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly waiting: Waiter[] = [];
  private running = 0;
  /** Expected end (clock ms) of each running computation. */
  private readonly runningEnds = new Set<{ endsAt: number }>();
  /** Moving average of computation times, over all kinds and per kind (a page is not facets). */
  private meanComputeMs = INITIAL_COMPUTE_MS;
  private readonly meanByKind = new Map<string, number>();
  /** Computations started. */
  private admitted = 0;
  private shed = 0;
  private cancelled = 0;

  constructor(options: ComputeAdmissionOptions) {
    this.maxQueued = Math.max(1, Math.floor(options.maxQueued));
    this.maxWaitMs = Math.max(0, options.maxWaitMs);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
    this.now = options.now ?? (() => performance.now());
  }

  /** How long a computation asked for now would wait before it starts. */
  estimatedWaitMs(): number {
    if (this.running < this.concurrency) return 0;
    const now = this.now();
    let work = 0;
    for (const running of this.runningEnds) work += Math.max(0, running.endsAt - now);
    for (const waiter of this.waiting) work += waiter.expectedMs;
    return work / this.concurrency;
  }

  /** What a computation of `kind` is expected to take: its kind's recent times, else all's. */
  expectedComputeMs(kind: string | undefined): number {
    return (kind === undefined ? undefined : this.meanByKind.get(kind)) ?? this.meanComputeMs;
  }

  /**
   * Runs `compute` when a slot is free. Refused at once (429 `server_busy`, Retry-After) when the
   * queue is full or its estimated wait is too long; only client requests (`signal` given) are
   * refused, background work always waits its turn. A signal that aborts while the request waits
   * removes it unstarted.
   */
  async run<T>(
    signal: AbortSignal | undefined,
    compute: () => Promise<T>,
    /** What is computed (e.g. `registry/facets`): its recent times estimate its cost. */
    kind?: string,
  ): Promise<T> {
    if (signal?.aborted) {
      this.cancelled += 1;
      throw new ComputationCancelledError();
    }
    if (signal !== undefined) this.refuseIfBusy();
    const expectedMs = this.expectedComputeMs(kind);
    if (this.running >= this.concurrency) await this.waitForSlot(signal, expectedMs);
    else this.running += 1;
    this.admitted += 1;
    const startedAt = this.now();
    const end = { endsAt: startedAt + expectedMs };
    this.runningEnds.add(end);
    try {
      return await compute();
    } finally {
      this.runningEnds.delete(end);
      const elapsed = Math.max(0, this.now() - startedAt);
      this.meanComputeMs += MEAN_WEIGHT * (elapsed - this.meanComputeMs);
      if (kind !== undefined) {
        const mean = this.meanByKind.get(kind);
        this.meanByKind.set(
          kind,
          mean === undefined ? elapsed : mean + MEAN_WEIGHT * (elapsed - mean),
        );
      }
      this.release();
    }
  }

  stats(): QueryAdmissionStats {
    return {
      max_queued: this.maxQueued,
      max_wait_ms: this.maxWaitMs,
      concurrency: this.concurrency,
      running: this.running,
      queued: this.waiting.length,
      admitted: this.admitted,
      shed: this.shed,
      cancelled: this.cancelled,
      mean_compute_ms: Math.round(this.meanComputeMs * 10) / 10,
      estimated_wait_ms: Math.round(this.estimatedWaitMs()),
    };
  }

  private refuseIfBusy(): void {
    const full = this.running + this.waiting.length >= this.maxQueued;
    const waitMs = this.estimatedWaitMs();
    if (!full && waitMs <= this.maxWaitMs) return;
    this.shed += 1;
    // When the work ahead should have drained (at least a second).
    const retryAfterMs = Math.max(waitMs, 1_000);
    const seconds = Math.ceil(retryAfterMs / 1_000);
    throw new HttpError(
      429,
      'server_busy',
      `The server is busy computing other answers (${this.running + this.waiting.length} queued); retry in ${seconds} s.`,
      { retryAfterMs },
    );
  }

  /** Resolves holding a slot (handed over by `release`), or rejects when `signal` aborts first. */
  private waitForSlot(signal: AbortSignal | undefined, expectedMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.cancel();
      const waiter: Waiter = {
        expectedMs,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          // Not in the finishing computation's microtask: requests that arrived meanwhile are
          // read (and hits answered, misses queued or shed) before the next computation runs.
          setImmediate(resolve);
        },
        cancel: () => {
          const index = this.waiting.indexOf(waiter);
          if (index === -1) return;
          this.waiting.splice(index, 1);
          this.cancelled += 1;
          reject(new ComputationCancelledError());
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The finished computation's slot goes straight to the next waiter (FIFO), else is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next.start();
  }
}
