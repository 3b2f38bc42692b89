// Scale-out: exactly one replica syncs at a time. The replicas share a lease row (`sync_lease`):
// the holder renews it every `ttlMs / 3`; once it has expired (the holder died or lost the
// database), any replica takes it over. Times come from the database's clock, so replicas with
// skewed clocks still agree on when a lease has expired.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { InventoryDb } from '../store/db';
import { dialectOf, epochMsNow } from '../store/dialect';

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
