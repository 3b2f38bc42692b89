// Free text through the trigram indexes (migrations 0037 and 0046, free-text.ts) finds exactly what
// the lists' own scan finds, on SQLite and PostgreSQL: needles with LIKE's and FTS5's special
// characters, upper case, non-ASCII, host-prefixed references, `@` digests, needles too short for
// a trigram; and after rows are renamed, re-digested and deleted (the index kept in step).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS, SEARCHABLE_LISTS } from '../lists';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import { keyCondition, keyRank } from './match';
import { computeSearch } from './search';
import type { SearchKey } from './search-key';

const ACCOUNT = 'acct';
const NAMES = [
  'service-1',
  'Service-12',
  'web/api',
  'École',
  'a_b',
  '100%off',
  'say"hi"',
  'back\\slash',
  'nginx',
];
const NEEDLES = [
  'service',
  'SERVICE-1',
  'ns-1/',
  'ns-1/web/api:v2',
  'registry.example.com/ns-2/service-1:v1',
  '%',
  '_',
  'a_b',
  '100%',
  '"hi"',
  'say"',
  '\\sla',
  'école',
  'Éco',
  'ab',
  '@0f',
  '@0f1e2d',
  'nginx@0f1e',
  'service@',
  ':v1',
  'zzz-nothing',
];

/** Every searchable table (the HSS lists and the ACR tags), with its key column. */
const TABLES = SEARCHABLE_LISTS.map((spec) => ({
  name: spec.name,
  table: spec.table,
  key: LISTS.find((list) => list.table === spec.table)?.key ?? 'tag_key',
}));

const hex = (n: number) => n.toString(16).padStart(4, '0').repeat(16);

async function fill(db: InventoryDb) {
  for (const spec of TABLES) {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      account: i % 7 === 0 ? 'other' : ACCOUNT,
      [spec.key]: `${spec.name}-${i}`,
      namespace: `ns-${i % 3}`,
      image_name: NAMES[i % NAMES.length] ?? '',
      image_version: `v${i % 4}`,
      image_id: `id-${i}`,
      // Some digests shared between the lists, some only in one; a few 0f1e2d… ones.
      image_digest:
        i % 11 === 0
          ? ''
          : `sha256:${i % 5 === 0 ? '0f1e2d' : ''}${hex(i * 37 + (spec.name === 'registry' ? 0 : i % (spec.name === 'cicd' ? 2 : 3)))}`,
      seen_at: 0,
    }));
    await db
      .insertInto(spec.table as never)
      .values(rows)
      .execute();
  }
}

/** The digests the scan finds, best rank first, then by digest: one condition per list, no index. */
async function scanned(db: InventoryDb, key: SearchKey): Promise<string[]> {
  const found = await sql<{ digest: string }>`select digest from (${sql.join(
    TABLES.map(
      (spec) => sql`select image_digest as digest, ${keyRank(key)} as rank
        from ${sql.table(spec.table)}
        where account = ${ACCOUNT} and image_digest <> '' and ${keyCondition(key)}`,
    ),
    sql` union all `,
  )}) m group by digest order by min(rank), digest`.execute(db);
  return found.rows.map((row) => row.digest);
}

async function searched(db: InventoryDb, key: SearchKey, limit: number, candidatesMax?: number) {
  const outcome = await db.transaction().execute((trx) =>
    computeSearch(trx, {
      account: ACCOUNT,
      acrAccounts: [ACCOUNT],
      key,
      limit,
      textCandidatesMax: candidatesMax,
    }),
  );
  if (!outcome.ok) throw new Error('a text key is never ambiguous');
  return outcome;
}

/**
 * Every needle, through the trigram index (narrow) and read in digest order with a stop (broad:
 * no candidate set is small enough), all at once and capped: the first `limit` digests are the
 * scan's; the total is exact, or (a walk stopped) a lower bound above the limit.
 */
async function expectSameAsScan(db: InventoryDb) {
  let matched = 0;
  for (const text of NEEDLES) {
    const key: SearchKey = { kind: 'text', text };
    const expected = await scanned(db, key);
    for (const [limit, candidatesMax] of [
      [1000, undefined],
      [1000, 0],
      [3, undefined],
      [3, 0],
      [1, 0],
    ] as const) {
      const what = `${text} limit ${limit} candidates ${candidatesMax ?? 'default'}`;
      const answer = await searched(db, key, limit, candidatesMax);
      expect(
        answer.artifacts.map((artifact) => artifact.digest),
        what,
      ).toEqual(expected.slice(0, limit));
      expect(answer.truncated, what).toBe(expected.length > limit);
      if (answer.totalExact) expect(answer.total, what).toBe(expected.length);
      else {
        expect(answer.total, what).toBeGreaterThan(limit);
        expect(answer.total, what).toBeLessThanOrEqual(expected.length);
      }
    }
    matched += expected.length;
  }
  // The needles are not all empty-handed (a test of nothing passes anything).
  expect(matched).toBeGreaterThan(100);
}

describe.each(inventoryBackends())('free text through the trigram index on $name', (backend) => {
  let db: InventoryDb;
  beforeAll(async () => {
    db = await backend.open();
    await fill(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('finds what the scan finds', async () => {
    await expectSameAsScan(db);
  });

  it('still does after renames, new digests, upserts and deletions', async () => {
    for (const spec of TABLES) {
      const table = sql.table(spec.table);
      await sql`update ${table} set image_name = 'renamed-service'
        where ${sql.ref(spec.key)} like ${`${spec.name}-1%`}`.execute(db);
      await sql`update ${table} set image_digest = 'sha256:0f1e2d' || image_id
        where ${sql.ref(spec.key)} like ${`${spec.name}-2%`}`.execute(db);
      // An update that leaves the searched columns alone (as every upsert rewrites them).
      await sql`update ${table} set image_name = image_name, seen_at = 1`.execute(db);
      await sql`delete from ${table} where ${sql.ref(spec.key)} like ${`${spec.name}-3%`}`.execute(
        db,
      );
    }
    await expectSameAsScan(db);
    const renamed = await searched(db, { kind: 'text', text: 'renamed-serv' }, 1000);
    expect(renamed.total).toBeGreaterThan(0);
  });
});
