// Each list's change table holds every column of its list table (migration 0023 copied them):
// the list's filters read the event rows as they read the list. A migration that adds a column
// to a list table and forgets its change table fails here.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LISTS } from '../lists';
import type { InventoryDb } from '../store/db';
import { dialectOf } from '../store/dialect';
import { inventoryBackends } from '../test-support/test-backends';
import { changeTable } from './change-log';

async function columnsOf(db: InventoryDb, table: string): Promise<string[]> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_name = ${table} and table_schema = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return rows.map((row) => row.name);
}

describe.each(inventoryBackends())('change tables on $name', (backend) => {
  it.each(LISTS.map((spec) => [spec.table, spec] as const))(
    '%s_changes has every column of its list table, and the event columns',
    async (_table, spec) => {
      const db = await backend.open();
      try {
        const listColumns = await columnsOf(db, spec.table);
        const changeColumns = await columnsOf(db, changeTable(spec));
        expect(listColumns.length).toBeGreaterThan(10);
        expect(changeColumns).toEqual(expect.arrayContaining(listColumns));
        expect(changeColumns).toEqual(
          expect.arrayContaining([
            'change_id',
            'change_at',
            'event_type',
            'change_before',
            'change_after',
          ]),
        );
      } finally {
        await db.destroy();
      }
    },
  );
});
