import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { REGISTRY_LIST } from '../lists';
import { openInventory } from '../store/db';
import { changeTable, recordBaseline } from './change-log';
import { createChangePruner } from './change-retention';

const DAY_MS = 86_400_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('change retention', () => {
  it('prunes events past the retention once an hour, keeping the baseline', async () => {
    const db = await openInventory(':memory:');
    const now = 1_800_000_000_000;
    const table = sql.table(changeTable(REGISTRY_LIST));
    await recordBaseline(db, REGISTRY_LIST, 'a', now - 500 * DAY_MS);
    for (const [id, age] of [
      ['old', 401],
      ['kept', 399],
    ] as const)
      await sql`insert into ${table} (account, id, change_at, event_type)
        values ('a', ${id}, ${now - age * DAY_MS}, 'appeared')`.execute(db);

    let clock = now;
    const prune = createChangePruner({ db, retentionDays: 400, logger: silent, now: () => clock });
    await prune();
    const left = async () =>
      (
        await sql<{ id: string | null; event_type: string }>`select id, event_type from ${table}
          order by change_id`.execute(db)
      ).rows;
    expect(await left()).toEqual([
      { id: null, event_type: 'baseline' },
      { id: 'kept', event_type: 'appeared' },
    ]);

    // Within the hour of a prune nothing is pruned; after it, what has aged past the retention is.
    await sql`insert into ${table} (account, id, change_at, event_type)
      values ('a', 'late', ${now - 450 * DAY_MS}, 'removed')`.execute(db);
    clock = now + 30 * 60_000;
    await prune();
    expect((await left()).map((row) => row.id)).toEqual([null, 'kept', 'late']);
    clock = now + 2 * DAY_MS;
    await prune();
    expect((await left()).map((row) => row.id)).toEqual([null]);
    await db.destroy();
  });
});
