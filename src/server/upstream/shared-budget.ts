// Scale-out: one call budget per credential and API shared by every replica through PostgreSQL,
// so that adding a replica never multiplies the calls HSS sees (its limit is per user).
//
// Each grant is decided in one transaction: the key's row in `call_budget` is locked
// (SELECT … FOR UPDATE, so replicas decide one at a time), the grants of the sliding window are
// read from `call_budget_log`, and a grant is inserted only if the window still has room; else
// the caller sleeps until the earliest free moment and asks again. As in the local budget, a call
// counts as made "now" while in flight and at its completion time once settled, and windows are
// spaced by the same safety margin. Times come from the database's clock (one clock for all).
//
// The local budget (the base class) still runs first: it keeps this replica's callers in FIFO
// order and paced, and its status/estimates; the database then has the final word.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { BudgetStatus } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { epochMsNow } from '../store/dialect';
import { CallBudget, type CallBudgetOptions, type Rate } from './budget';

/** A call never settled (its replica died mid-call) stops counting as in flight after this. */
const MAX_IN_FLIGHT_MS = 5 * 60_000;
/** How stale the cached view of the shared window may get before estimates refresh it. */
const VIEW_TTL_MS = 1_000;

interface Decision {
  /** The grant's id when granted, else undefined. */
  grantId: string | undefined;
  /** 0 when granted; else how long until a grant may be possible. */
  waitMs: number;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('the wait for the call budget was aborted', 'AbortError');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class SharedCallBudget extends CallBudget {
  private readonly db: InventoryDb;
  private readonly key: string;
  /** The last known wait of the shared window (for estimates), and when it was read. */
  private sharedWaitMs = 0;
  private sharedReadAt = 0;
  private refreshing = false;

  constructor(
    rate: Rate,
    options: CallBudgetOptions & { db: InventoryDb; credentialId: string; api: string },
  ) {
    super(rate, options);
    this.db = options.db;
    this.key = `${options.credentialId}:${options.api}`;
  }

  override async acquire(
    signal?: AbortSignal,
    options: { inFlight?: boolean; background?: boolean } = {},
  ): Promise<() => void> {
    const settleLocal = await super.acquire(signal, options);
    let grantId: string;
    try {
      grantId = await this.reserve(signal, options.background === true);
    } catch (error) {
      settleLocal();
      throw error;
    }
    if (!options.inFlight) {
      void this.settle(grantId);
      return settleLocal;
    }
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      settleLocal();
      void this.settle(grantId);
    };
  }

  /** A shared grant needs the database, which cannot answer synchronously: use `acquire`. */
  override tryAcquire(): boolean {
    return false;
  }

  override estimateWaitMs(): number {
    this.refreshView();
    const shared = Math.max(0, this.sharedWaitMs - (Date.now() - this.sharedReadAt));
    return Math.max(super.estimateWaitMs(), shared);
  }

  override status(): BudgetStatus {
    this.refreshView();
    const local = super.status();
    const shared = Math.max(0, this.sharedWaitMs - (Date.now() - this.sharedReadAt));
    if (shared === 0) return local;
    return {
      ...local,
      available: 0,
      next_token_in_ms: Math.max(local.next_token_in_ms, Math.ceil(shared)),
    };
  }

  /** After a 429 every replica pauses: the pause and slow-down are written to the shared row. */
  override penalize(retryAfterMs?: number): void {
    super.penalize(retryAfterMs);
    const pauseMs = super.status().next_token_in_ms;
    const now = epochMsNow('postgres');
    void sql`insert into call_budget (budget_key, paused_until, slow_until)
        values (${this.key}, ${now} + ${pauseMs}, ${now} + ${pauseMs + 3 * this.windowMs})
        on conflict (budget_key) do update set
          paused_until = greatest(call_budget.paused_until, excluded.paused_until),
          slow_until = greatest(call_budget.slow_until, excluded.slow_until),
          consecutive_throttles = call_budget.consecutive_throttles + 1`
      .execute(this.db)
      .catch(() => undefined); // the local pause still holds this replica back
  }

  /**
   * Waits until the shared window grants; returns the grant's id. A background caller leaves the
   * window's last call to on-demand callers of every replica.
   */
  private async reserve(signal: AbortSignal | undefined, background: boolean): Promise<string> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const decision = await this.decide(true, background);
      if (decision.grantId !== undefined) return decision.grantId;
      await sleep(Math.max(5, Math.ceil(decision.waitMs)), signal);
    }
  }

  /** One locked look at the shared window; with `take`, records a grant if there is room. */
  private async decide(take: boolean, background = false): Promise<Decision> {
    const decision = await this.db.transaction().execute(async (trx) => {
      await sql`insert into call_budget (budget_key) values (${this.key})
        on conflict (budget_key) do nothing`.execute(trx);
      const state = await sql<{ paused_until: number; slow_until: number; now: number }>`
        select paused_until, slow_until, ${epochMsNow('postgres')} as now
        from call_budget where budget_key = ${this.key} for update`.execute(trx);
      const row = state.rows[0];
      if (!row) throw new Error('the shared call budget row is missing');
      const now = Number(row.now);
      const since = now - this.spacingMs;
      // Forget grants that no longer count (settled before the window, or lost in flight).
      await sql`delete from call_budget_log where budget_key = ${this.key}
        and coalesce(settled_at, granted_at + ${MAX_IN_FLIGHT_MS}) <= ${since}`.execute(trx);
      const grants = await sql<{ at: number }>`
        select least(coalesce(settled_at, ${now}), granted_at + ${MAX_IN_FLIGHT_MS}) as at
        from call_budget_log where budget_key = ${this.key} order by at asc`.execute(trx);
      const times = grants.rows.map((grant) => Number(grant.at));
      const paced =
        now < Number(row.slow_until) ? Math.max(1, Math.floor(this.limit / 2)) : this.limit;
      const limit = background && paced > 1 ? paced - 1 : paced;
      let at = Math.max(now, Number(row.paused_until));
      const blocking = times[times.length - limit];
      if (times.length >= limit && blocking !== undefined)
        at = Math.max(at, blocking + this.spacingMs);
      if (at > now || !take) return { grantId: undefined, waitMs: at - now };
      const grantId = randomUUID();
      await sql`insert into call_budget_log (grant_id, budget_key, granted_at, settled_at)
        values (${grantId}, ${this.key}, ${now}, null)`.execute(trx);
      return { grantId, waitMs: 0 };
    });
    this.sharedWaitMs = decision.waitMs;
    this.sharedReadAt = Date.now();
    return decision;
  }

  /** The call ended: it counts from its completion time from now on. */
  private async settle(grantId: string): Promise<void> {
    try {
      await sql`update call_budget_log set settled_at = ${epochMsNow('postgres')}
        where grant_id = ${grantId}`.execute(this.db);
    } catch {
      // Unreachable database: the grant counts as in flight until MAX_IN_FLIGHT_MS (safe side).
    }
  }

  /** Refreshes the cached shared wait in the background when it is stale. */
  private refreshView(): void {
    if (this.refreshing || Date.now() - this.sharedReadAt < VIEW_TTL_MS) return;
    this.refreshing = true;
    void this.decide(false)
      .catch(() => undefined)
      .finally(() => {
        this.refreshing = false;
      });
  }
}
