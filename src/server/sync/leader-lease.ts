// Scale-out: exactly one replica syncs at a time. The replicas share a lease row (`sync_lease`):
// the holder renews it every `ttlMs / 3`; once it has expired (the holder died or lost the
// database), any replica takes it over. Times come from the database's clock, so replicas with
// skewed clocks still agree on when a lease has expired.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { InventoryDb } from '../store/db';
import { dialectOf, epochMsNow } from '../store/dialect';
import { abortableDelay } from './retry';
import type { SyncLogger } from './types';

/** How long a lease lasts without renewal (SYNC_LEASE_TTL_MS): a dead holder is replaced after it. */
export const DEFAULT_SYNC_LEASE_TTL_MS = 30_000;
const LEASE_NAME = 'sync';

export interface SyncLeadership {
  /** This replica's name in the lease row (random per process). */
  readonly holder: string;
  /** How often the holder renews and the others try to take over. */
  readonly renewIntervalMs: number;
  /**
   * Takes the lease if it is free or expired, or renews it if held: true while this replica
   * holds it. Throws when the database cannot be reached (the caller then stops syncing).
   */
  tryHold(): Promise<boolean>;
  /** Gives the lease up at once (clean shutdown), so another replica need not wait for expiry. */
  release(): Promise<void>;
}

export function createSyncLease(options: {
  db: InventoryDb;
  ttlMs?: number;
  holder?: string;
}): SyncLeadership {
  const { db } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_SYNC_LEASE_TTL_MS;
  const holder = options.holder ?? `replica-${randomBytes(8).toString('hex')}`;
  const now = epochMsNow(dialectOf(db));
  return {
    holder,
    renewIntervalMs: Math.max(100, Math.floor(ttlMs / 3)),
    async tryHold() {
      // One statement: insert, renew our own lease, or take over an expired one; anything else
      // (a live lease of another replica) leaves the row alone and returns nothing.
      const result = await sql<{ holder: string }>`
        insert into sync_lease (name, holder, acquired_at, expires_at)
        values (${LEASE_NAME}, ${holder}, ${now}, ${now} + ${ttlMs})
        on conflict (name) do update set
          holder = excluded.holder,
          acquired_at = case when sync_lease.holder = excluded.holder
            then sync_lease.acquired_at else excluded.acquired_at end,
          expires_at = excluded.expires_at
        where sync_lease.holder = excluded.holder or sync_lease.expires_at < excluded.acquired_at
        returning holder`.execute(db);
      return result.rows[0]?.holder === holder;
    },
    async release() {
      await db
        .deleteFrom('sync_lease')
        .where('name', '=', LEASE_NAME)
        .where('holder', '=', holder)
        .execute();
    },
  };
}

/** What following the lease does to this replica's sync. */
export interface LeaseReplica {
  readonly logger: SyncLogger;
  /** Re-reads every list's persisted state (a follower sees the leader's progress this way). */
  reloadRecords(): Promise<void>;
  /** Runs every list (and the poll of stored refreshes) until `signal` aborts. */
  startRunners(signal: AbortSignal): Array<Promise<void>>;
  /** Whether this replica now runs the sync. */
  setLeading(leading: boolean): void;
}

/**
 * Scale-out: every `renewIntervalMs`, hold (take or renew) the lease. The holder runs the
 * runners; the others re-read the persisted state, so /readyz and /api/sync follow the
 * leader. Losing the lease (or the database) stops the runners; the crawl's persisted offset
 * lets the next holder resume it.
 */
export async function followLease(
  lease: SyncLeadership,
  signal: AbortSignal,
  replica: LeaseReplica,
): Promise<void> {
  let runners: { controller: AbortController; loops: Array<Promise<void>> } | undefined;
  const stepDown = async () => {
    if (!runners) return;
    runners.controller.abort(new DOMException('the sync lease was lost', 'AbortError'));
    await Promise.all(runners.loops);
    runners = undefined;
    replica.setLeading(false);
  };
  while (!signal.aborted) {
    let holds = false;
    try {
      holds = await lease.tryHold();
    } catch (error) {
      replica.logger.warn({ err: error }, 'sync lease: the database cannot be reached');
    }
    if (holds && !runners) {
      try {
        await replica.reloadRecords(); // resume where the previous holder stopped
        const controller = new AbortController();
        runners = { controller, loops: replica.startRunners(controller.signal) };
        replica.setLeading(true);
        replica.logger.info({ holder: lease.holder }, 'this replica now runs the sync');
      } catch (error) {
        replica.logger.warn({ err: error }, 'sync lease: could not load the sync state');
      }
    } else if (!holds && runners) {
      await stepDown();
      replica.logger.warn(
        { holder: lease.holder },
        'sync lease lost: this replica stopped syncing',
      );
    } else if (!holds) {
      await replica.reloadRecords().catch(() => undefined);
    }
    await abortableDelay(lease.renewIntervalMs, signal);
  }
  const held = runners !== undefined;
  await stepDown();
  // A clean stop hands over at once instead of after the lease's expiry.
  if (held) await lease.release().catch(() => undefined);
}
