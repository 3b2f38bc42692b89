import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openInventory, type InventoryDb } from './db';
import { withKeptStatements } from './statement-cache';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('kept statements', () => {
  let db: InventoryDb | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it("prepares the inventory's repeated statements once", async () => {
    db = await openInventory(':memory:');
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    for (let round = 0; round < 3; round += 1) {
      await db
        .insertInto('basic_images')
        .values({
          account: 'a',
          image_digest: `sha256:${round}`,
          position: 0,
          kind: 'none',
          os_name: '',
          os_version: '',
          layer_digest: '',
          eol_date: '',
          answered_at: 1_796_601_600_000,
        })
        .execute();
      await db
        .selectFrom('basic_images')
        .select('image_digest')
        .where('account', '=', 'a')
        .execute();
    }
    const prepared = prepare.mock.calls.map(([text]) => text);
    expect(prepared.filter((text) => text.startsWith('insert into "basic_images"'))).toHaveLength(
      1,
    );
    expect(prepared.filter((text) => text.startsWith('select "image_digest"'))).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`select count(*) as n from basic_images`.execute(db);
    expect(rows[0]?.n).toBe(3);
  });

  it('prepares a statement anew while the kept one is still being iterated', () => {
    const sqlite = new Database(':memory:');
    const database = withKeptStatements(sqlite);
    const text = 'select value from json_each(?)';
    const streaming = database.prepare(text).iterate(['[1,2,3]']);
    expect(streaming.next().value).toEqual({ value: 1 });
    // The stream is open: the second caller must not get the busy statement.
    expect(database.prepare(text).all(['[4,5]'])).toEqual([{ value: 4 }, { value: 5 }]);
    expect([...streaming]).toEqual([{ value: 2 }, { value: 3 }]);
    database.close();
  });

  it('keeps at most `limit` statements, dropping the least recently used', () => {
    const sqlite = new Database(':memory:');
    const prepare = vi.spyOn(sqlite, 'prepare');
    const database = withKeptStatements(sqlite, 2);
    for (const text of ['select 1', 'select 2', 'select 1', 'select 3', 'select 1', 'select 2'])
      database.prepare(text);
    // 'select 2' was dropped for 'select 3' (the least recently used), then prepared again.
    expect(prepare.mock.calls.map(([text]) => text)).toEqual([
      'select 1',
      'select 2',
      'select 3',
      'select 2',
    ]);
    database.close();
  });
});
