// Free text reads an index in every searchable list (migrations 0037, 0046: the ACR tags), not the whole table: on SQLite each
// branch of a text key reads the list's trigram index (FTS5) or an index of the table, never a
// scan of it; on PostgreSQL, over 40,000 analysed rows of which the needle is in few, the
// planner reads the trigram GIN indexes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS, SEARCHABLE_LISTS } from '../lists';
import { openInventory, type InventoryDb } from '../store/db';
import { testPostgres } from '../test-support/test-backends';
import { keyBranches } from './match';
import type { SearchKey } from './search-key';

const TEXT_KEYS: SearchKey[] = [
  { kind: 'text', text: 'nginx' },
  { kind: 'text', text: 'registry.example.com/team/api:v1' },
  { kind: 'text', text: 'api@ab12cd' },
  { kind: 'text', text: '@ab12cd' },
];

/** Every searchable table with its key column (the ACR tags' is `tag_key`). */
const TABLES = SEARCHABLE_LISTS.map((spec) => ({
  table: spec.table,
  key: LISTS.find((list) => list.table === spec.table)?.key ?? 'tag_key',
}));

const branchesOf = (table: string, key: SearchKey, dialect: 'sqlite' | 'postgres') =>
  keyBranches(key, table, dialect).map(
    (branch) => sql`select image_digest from ${sql.table(table)}
      where account = ${'a'} and image_digest <> '' and ${branch}`,
  );

describe('free-text plans on SQLite', () => {
  let db: InventoryDb;
  beforeAll(async () => {
    db = await openInventory(':memory:');
  });
  afterAll(async () => {
    await db.destroy();
  });

  for (const spec of TABLES) {
    for (const key of TEXT_KEYS) {
      it(`${spec.table}: ${JSON.stringify(key)} reads indexes only`, async () => {
        const details: string[] = [];
        for (const branch of branchesOf(spec.table, key, 'sqlite')) {
          const plan = await sql<{
            detail: string;
          }>`explain query plan ${branch}`.execute(db);
          details.push(...plan.rows.map((row) => row.detail));
        }
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
    db = await openInventory({ databaseUrl: await server.createDatabase() });
    for (const spec of TABLES) {
      await sql`insert into ${sql.table(spec.table)}
        (account, ${sql.ref(spec.key)}, namespace, image_name, image_version, image_id,
         image_digest, seen_at)
        select 'a', cast(i as text), 'ns-' || (i % 40), 'service-' || i, 'v' || (i % 30),
          md5(cast(i as text)), 'sha256:' || md5(cast(i as text)) || md5(cast(-i as text)), 0
        from generate_series(1, 40000) as i`.execute(db);
      await sql`analyze ${sql.table(spec.table)}`.execute(db);
    }
  }, 240_000);
  afterAll(async () => {
    await db?.destroy();
  });

  for (const spec of TABLES) {
    it(`${spec.table}: free text reads the trigram indexes`, async () => {
      await db.transaction().execute(async (trx) => {
        for (const branch of branchesOf(
          spec.table,
          { kind: 'text', text: 'service-4242' },
          'postgres',
        )) {
          const plan = await sql<{ 'QUERY PLAN': string }>`explain ${branch}`.execute(trx);
          const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(text, text).not.toMatch(new RegExp(`Seq Scan on ${spec.table}\\b`));
        }
        const [textBranch] = branchesOf(
          spec.table,
          { kind: 'text', text: 'service-4242' },
          'postgres',
        );
        const plan = await sql<{ 'QUERY PLAN': string }>`explain ${textBranch}`.execute(trx);
        expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
          new RegExp(`Bitmap Index Scan on ${spec.table}_text_(reference|digest)`),
        );
      });
    });
  }
});
