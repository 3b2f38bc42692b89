// Each list's change snapshots hold every column of its list table (migrations 0023 and 0051):
// the list's filters read an event's image as they read the list. A migration that adds a
// column to a list table and forgets its change snapshots fails here.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LISTS } from '../lists';
import type { InventoryDb } from '../store/db';
import { dialectOf } from '../store/dialect';
import { inventoryBackends } from '../test-support/test-backends';
import { EVENT_IMAGE_COLUMNS, changeTable, snapshotTable } from './change-log';

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
    '%s_change_snapshots has every column of its list table; its events the event columns',
    async (_table, spec) => {
      const db = await backend.open();
      try {
        const listColumns = await columnsOf(db, spec.table);
        expect(listColumns.length).toBeGreaterThan(10);
        expect(await columnsOf(db, snapshotTable(spec))).toEqual(
          expect.arrayContaining(['snapshot_id', ...listColumns]),
        );
        expect((await columnsOf(db, changeTable(spec))).sort()).toEqual(
          [
            'change_id',
            'change_at',
            'event_type',
            'change_before',
            'change_after',
            'snapshot_id',
            ...EVENT_IMAGE_COLUMNS,
          ].sort(),
        );
      } finally {
        await db.destroy();
      }
    },
  );
});
