// The search's key lookups read an index in every list (migration 0031), not the whole table:
// SQLite's plan for each key kind but text names an index of the list's table. Planned as the
// product plans them once a crawl has ended: over rows, with the statistics analyzeInventory
// keeps (with none, SQLite prefers any index that covers the query, and since 0052 the
// scan-time walk covers the CI/CD digest key).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS } from '../lists';
import { analyzeInventory, openInventory, type InventoryDb } from '../store/db';
import { keyCondition } from './match';
import type { SearchKey } from './search-key';

const KEYS: SearchKey[] = [
  { kind: 'digest', digest: `sha256:${'ab'.repeat(32)}` },
  { kind: 'digest_prefix', prefix: 'sha256:0123456789ab' },
  { kind: 'name_tag', name: 'nginx', tag: '1.25' },
  { kind: 'reference', path: 'prod/team/api', tag: 'v2' },
];

let db: InventoryDb;
/** The key columns each list's rows need besides the account, digest, image id and seen time. */
const OWN_KEY: Record<string, string> = { registry_images: 'id', cicd_images: 'record_key' };

beforeAll(async () => {
  db = await openInventory(':memory:');
  for (const spec of LISTS) {
    const own = OWN_KEY[spec.table];
    if (own === undefined) throw new Error(`no key column for ${spec.table}`);
    await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < 1999)
      insert into ${sql.table(spec.table)} (account, ${sql.ref(own)}, image_id, image_digest, seen_at)
      select 'a', cast(i as text), 'id-' || i, 'sha256:' || i, 0 from n`.execute(db);
  }
  await analyzeInventory(db);
});
afterAll(async () => {
  await db.destroy();
});

describe('search plans', () => {
  for (const spec of LISTS) {
    for (const key of KEYS) {
      it(`${spec.table}: a ${key.kind} key reads indexes only`, async () => {
        const plan = await sql<{ detail: string }>`explain query plan
          select image_digest from ${sql.table(spec.table)}
          where account = ${'a'} and image_digest <> '' and ${keyCondition(key)}`.execute(db);
        const steps = plan.rows.map((row) => row.detail);
        expect(steps.length).toBeGreaterThan(0);
        for (const step of steps) expect(step, steps.join(' | ')).not.toMatch(/^SCAN /);
        if (key.kind.startsWith('digest'))
          expect(steps.join(' | ')).toMatch(new RegExp(`${spec.table}_(search_)?digest`));
      });
    }
  }
});
