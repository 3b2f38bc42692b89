// Free text (free-text.ts, its narrow plan) reads an index in every searchable list (migrations
// 0037, 0046: the ACR tags), not the whole table: on SQLite the statement reads the list's
// trigram index (FTS5) or an index of the table, never a scan of it; on PostgreSQL, over 40,000
// analysed rows of which the needle is in few, the planner reads the trigram GIN indexes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS, SEARCHABLE_LISTS } from '../lists';
import { openInventory, type InventoryDb } from '../store/db';
import { dialectOf } from '../store/dialect';
import type { InventoryTables } from '../store/tables';
import { useMemoryInventory } from '../test-support/hooks';
import { testPostgres } from '../test-support/test-backends';
import { freeTextSelect } from './free-text';

const TEXTS = ['nginx', 'registry.example.com/team/api:v1', 'api@ab12cd', '@ab12cd'];

/** Every searchable table with its key column (the ACR tags' is `tag_key`). */
const TABLES = SEARCHABLE_LISTS.map((spec) => ({
  table: spec.table,
  key: LISTS.find((list) => list.table === spec.table)?.key ?? 'tag_key',
}));

/** The plan of the statement free text runs over one table of account `a`, one line a step. */
async function planOf(db: InventoryDb, table: string, text: string): Promise<string[]> {
  const spec = SEARCHABLE_LISTS.find((list) => list.table === table);
  if (spec === undefined) throw new Error(`${table} is not searchable`);
  return db.transaction().execute(async (trx) => {
    const statement = await freeTextSelect(trx, [{ spec, accounts: ['a'] }], text, 50, sql`1 = 1`);
    if (statement === undefined) throw new Error(`free text ${text} has no statement`);
    if (dialectOf<InventoryTables>(trx) === 'postgres') {
      const plan = await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(trx);
      return plan.rows.map((row) => row['QUERY PLAN']);
    }
    const plan = await sql<{ detail: string }>`explain query plan ${statement}`.execute(trx);
    return plan.rows.map((row) => row.detail);
  });
}

describe('free-text plans on SQLite', () => {
  let db: InventoryDb;
  useMemoryInventory((opened) => (db = opened));

  for (const spec of TABLES) {
    for (const text of TEXTS) {
      it(`${spec.table}: ${JSON.stringify(text)} reads indexes only`, async () => {
        const details = await planOf(db, spec.table, text);
        expect(details.join(' | ')).toMatch(new RegExp(`${spec.table}_search VIRTUAL TABLE`));
        for (const step of details)
          expect(step, details.join(' | ')).not.toMatch(new RegExp(`^SCAN ${spec.table}( |$)`));
      });
    }
  }
});

describe('free-text plans on PostgreSQL', () => {
  let db: InventoryDb;
  beforeAll(async () => {
    const server = await testPostgres();
    db = await openInventory({ databaseUrl: await server.createMigratedDatabase() });
    for (const spec of TABLES) {
      // Without the kept tables' triggers (aggregates, images by base, facets): these tests read
      // plans over the list's own table only. Its indexes (but a constraint's) are built again
      // after the rows, from their own definitions: one build each instead of 40,000 inserts.
      await sql`alter table ${sql.table(spec.table)} disable trigger user`.execute(db);
      const { rows: indexes } = await sql<{ name: string; definition: string }>`
        select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${spec.table}::regclass
          and not exists (select from pg_constraint where conindid = i.indexrelid)`.execute(db);
      for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(db);
      await sql`insert into ${sql.table(spec.table)}
        (account, ${sql.ref(spec.key)}, namespace, image_name, image_version, image_id,
         image_digest, seen_at)
        select 'a', cast(i as text), 'ns-' || (i % 40), 'service-' || i, 'v' || (i % 30),
          md5(cast(i as text)), 'sha256:' || md5(cast(i as text)) || md5(cast(-i as text)), 0
        from generate_series(1, 40000) as i`.execute(db);
      for (const { definition } of indexes) await sql.raw(definition).execute(db);
      await sql`alter table ${sql.table(spec.table)} enable trigger user`.execute(db);
      await sql`analyze ${sql.table(spec.table)}`.execute(db);
    }
  }, 240_000);
  afterAll(async () => {
    await db?.destroy();
  });

  for (const spec of TABLES) {
    it(`${spec.table}: free text reads the trigram indexes`, async () => {
      const text = (await planOf(db, spec.table, 'service-4242')).join('\n');
      expect(text, text).not.toMatch(new RegExp(`Seq Scan on ${spec.table}\\b`));
      expect(text, text).toMatch(
        new RegExp(`Bitmap Index Scan on ${spec.table}_text_(reference|digest)`),
      );
    });
  }
});
