import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { REGISTRY_LIST } from '../lists';
import { upsertImages } from '../lists/list-store';
import { openInventory } from '../store/db';
import { changeTable, recordBaseline, snapshotTable } from './change-log';
import { createChangePruner } from './change-retention';

const DAY_MS = 86_400_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('change retention', () => {
  it('prunes events past the retention once an hour, keeping the baseline', async () => {
    const db = await openInventory(':memory:');
    const now = 1_800_000_000_000;
    await recordBaseline(db, REGISTRY_LIST, 'a', now - 500 * DAY_MS);
    // An image appearing `age` days ago: one event, and its image's snapshot.
    const appeared = (id: string, age: number) =>
      upsertImages(REGISTRY_LIST, db, 'a', [RegistryImageSchema.parse({ id })], now, {
        changesAt: now - age * DAY_MS,
      });
    await appeared('1', 401);
    await appeared('2', 399);

    let clock = now;
    const prune = createChangePruner({ db, retentionDays: 400, logger: silent, now: () => clock });
    await prune();
    const left = async () =>
      (
        await sql<{ id: string | null; event_type: string }>`select id, event_type
          from ${sql.table(changeTable(REGISTRY_LIST))} as event
          left join ${sql.table(snapshotTable(REGISTRY_LIST))} as snapshot
            on snapshot.snapshot_id = event.snapshot_id
          order by change_id`.execute(db)
      ).rows;
    expect(await left()).toEqual([
      { id: null, event_type: 'baseline' },
      { id: '2', event_type: 'appeared' },
    ]);

    // Within the hour of a prune nothing is pruned; after it, what has aged past the retention is.
    await appeared('3', 450);
    clock = now + 30 * 60_000;
    await prune();
    expect((await left()).map((row) => row.id)).toEqual([null, '2', '3']);
    clock = now + 2 * DAY_MS;
    await prune();
    expect((await left()).map((row) => row.id)).toEqual([null]);
    await db.destroy();
  });
});
