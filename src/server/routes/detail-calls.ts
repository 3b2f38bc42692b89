// The bounded call behind every detail route: an answer from the memory cache, or one call within
// the API's budget shared by identical concurrent requests; when the budget cannot serve it soon
// the route answers 202 + Retry-After and the call stays queued, filling the cache.
import type { FastifyReply } from 'fastify';
import { DATA_FETCHED_AT_HEADER, type QueuedResponse } from '../../shared/contracts';
import { BudgetedCalls, DetailCache, type BudgetedCallsOptions } from '../details/detail-cache';
import type { CallBudget } from '../upstream/budget';
import type { CallOptions } from '../upstream/types';

export function cacheKey(parts: Record<string, unknown>): string {
  return JSON.stringify(Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A cached answer and when it was fetched from the upstream. */
export interface Fetched<T> {
  value: T;
  fetchedAt: number;
  /** A reload was asked but the budget had no call to spare. */
  reloadRefused?: boolean;
}

function isFetched<T>(answer: Fetched<T> | FastifyReply): answer is Fetched<T> {
  return 'fetchedAt' in answer && typeof answer.fetchedAt === 'number';
}

/** The 202 answer of a call waiting for the budget (contracts QueuedResponse). */
export function sendQueued(
  reply: FastifyReply,
  outcome: { retryAfterMs: number; position: number },
) {
  const body: QueuedResponse = {
    status: 'queued',
    retry_after_ms: outcome.retryAfterMs,
    position: outcome.position,
  };
  return reply
    .code(202)
    .header('Retry-After', String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))))
    .send(body);
}

/** A detail answer as sent: the upstream's body. */
export function plain<T>(answer: Fetched<T> | FastifyReply): T | FastifyReply {
  return isFetched(answer) ? answer.value : answer;
}

/** A detail answer as sent with ACR's freshness extensions (contracts bff.ts, acrFreshnessShape). */
export function withFreshness<T extends object>(answer: Fetched<T> | FastifyReply) {
  if (!isFetched(answer)) return answer;
  return {
    ...answer.value,
    fetched_at: answer.fetchedAt,
    ...(answer.reloadRefused ? { reload_refused: true } : {}),
  };
}

/** One memory cache and one set of calls in flight, shared by the detail routes of an app. */
export class DetailCalls {
  private readonly cache = new DetailCache();
  /** Budgeted calls shared by identical requests (routes with their own cache use it directly). */
  readonly calls: BudgetedCalls;

  constructor(options: BudgetedCallsOptions = {}) {
    this.calls = new BudgetedCalls(options);
  }

  /**
   * From the memory cache, or one budgeted call whose answer is kept for `ttlMs`. The answer's
   * fetch time goes out in X-Data-Fetched-At. `reload` skips the cache only when the budget has
   * a call to spare now (a reload must not queue behind, or starve, other callers).
   */
  async cachedCall<T>(
    reply: FastifyReply,
    key: string,
    ttlMs: number,
    budget: CallBudget,
    load: (callOptions: CallOptions) => Promise<T>,
    options: { reload?: boolean } = {},
  ): Promise<Fetched<T> | FastifyReply> {
    const cache = this.cache;
    const hit = cache.peek<Fetched<T>>(key);
    const bypass = options.reload === true && budget.status().available > 0;
    if (hit !== undefined && !bypass) {
      reply.header(DATA_FETCHED_AT_HEADER, String(hit.fetchedAt));
      return options.reload ? { ...hit, reloadRefused: true } : hit;
    }
    const outcome = await this.calls.run(
      bypass ? `${key}\u0000reload` : key,
      budget,
      async (hooks) => {
        // Looked up again: a call that just finished may have filled it since the check above.
        const filled = bypass ? undefined : cache.peek<Fetched<T>>(key);
        if (filled !== undefined) return filled;
        const fetched: Fetched<T> = { value: await load(hooks), fetchedAt: Date.now() };
        cache.set(key, fetched, ttlMs);
        return fetched;
      },
    );
    if (outcome.kind === 'queued') return sendQueued(reply, outcome);
    reply.header(DATA_FETCHED_AT_HEADER, String(outcome.value.fetchedAt));
    return outcome.value;
  }
}
