// The search's key lookups read an index in every list (migration 0031), not the whole table:
// SQLite's plan for each key kind but text names an index of the list's table.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS } from '../lists';
import { openInventory, type InventoryDb } from '../store/db';
import { keyCondition } from './match';
import type { SearchKey } from './search-key';

const KEYS: SearchKey[] = [
  { kind: 'digest', digest: `sha256:${'ab'.repeat(32)}` },
  { kind: 'digest_prefix', prefix: 'sha256:0123456789ab' },
  { kind: 'name_tag', name: 'nginx', tag: '1.25' },
  { kind: 'reference', path: 'prod/team/api', tag: 'v2' },
];

let db: InventoryDb;
beforeAll(async () => {
  db = await openInventory(':memory:');
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
