// An in-memory inventory after the first of a process is a copy of that one as the migrations
// left it (in-memory-copy.ts): it must be the very database the migrations make, and its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openInventory, type InventoryDb } from './db';

const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-memory-copy-'));
const opened: InventoryDb[] = [];
afterAll(async () => {
  for (const db of opened) await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(location: Parameters<typeof openInventory>[0]): Promise<InventoryDb> {
  const db = await openInventory(location);
  opened.push(db);
  return db;
}

/** Every object's definition (FTS5's shadow tables included) and every table's rows. */
async function contentsOf(db: InventoryDb) {
  const { rows: objects } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db);
  const tables: Record<string, unknown[]> = {};
  for (const { name } of objects.filter((object) => object.type === 'table')) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
      db,
    );
    // When each migration ran differs from one database to another.
    tables[name] =
      name === 'kysely_migration' ? rows.map((row) => ({ ...row, timestamp: undefined })) : rows;
  }
  return { objects, tables };
}

describe('an in-memory inventory', () => {
  it('after the first is the database the migrations make from empty, and its own', async () => {
    const first = await open(':memory:');
    // Written before the next opens: a copy is of the first as the migrations left it.
    await sql`create table scratch (x integer)`.execute(first);
    const copy = await open(':memory:');
    const migratedFromEmpty = await open({ dataDir });
    const copied = await contentsOf(copy);
    expect(copied.objects.length).toBeGreaterThan(100);
    expect(copied.tables['kysely_migration']?.length).toBeGreaterThan(40);
    expect(copied).toEqual(await contentsOf(migratedFromEmpty));
    expect(copied.objects.map((object) => object.name)).not.toContain('scratch');
  });
});
