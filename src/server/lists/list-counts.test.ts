// A page's total (issue 25, "counts that stay cheap"): when the filters are all on the columns of
// a list's aggregate (migration 0035), the total is read from its groups, not counted over the
// matching images; whatever the path, it equals count(*) from scratch. Random filter sets over an
// inventory that was inserted, rewritten and swept (so the aggregates went through every
// trigger), every list, SQLite and PostgreSQL. The page's keys under risk filters, sorted by scan
// time or in the default order (the triage views), come from the sort index alone (migration
// 0044).
import { describe, expect, it } from 'vitest';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import { sql } from 'kysely';
import { dialectOf, sqliteIndexedBy } from '../store/dialect';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { countMatching } from './filters';
import { LISTS } from './index';
import {
  listOrder,
  listSortIndex,
  listWhere,
  queryList,
  sweepImages,
  upsertImages,
} from './list-store';
import type { ListQuery, ListSpec } from './spec';

const ACCOUNT = 'a';
const NOW = Date.UTC(2025, 0, 15);
const SEVERITIES = ['High', 'Medium', 'Low', 'Security', ''];
const SCAN_STATUSES = ['success', 'failed', 'unscan'];
const NAMESPACES = ['team-a', 'team-b', 'ops', 'shared'];
const REGISTRIES = ['reg-1', 'reg-2', 'other'];

/** A seeded generator (mulberry32): the same sets every run, different ones per seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)] as T;
}

function subset<T>(next: () => number, values: readonly T[]): T[] {
  const chosen = values.filter(() => next() < 0.4);
  return chosen.length > 0 ? chosen : [pick(next, values)];
}

function rawImage(spec: ListSpec, next: () => number, index: number): Record<string, unknown> {
  const scanned = next() < 0.8;
  return {
    id: String(1000 + index),
    image_id: `sha256:${index}`,
    // What identifies a record (a CI/CD record's key) by its index; the risk varies per write.
    namespace: NAMESPACES[index % NAMESPACES.length],
    image_name: `app-${index % 7}`,
    image_version: `v${index}`,
    [spec.risk.registryField]: REGISTRIES[index % REGISTRIES.length],
    [spec.risk.typeField]: spec.risk.typeValues[index % spec.risk.typeValues.length],
    severity_level: pick(next, SEVERITIES),
    scan_status: pick(next, SCAN_STATUSES),
    vul_num: next() < 0.5 ? 0 : Math.floor(next() * 5),
    malicious_file_num: next() < 0.8 ? 0 : 1,
    unsafe_setting_num: next() < 0.7 ? 0 : 2,
    latest_version: next() < 0.5,
    is_multiple_arch: next() < 0.2,
    latest_scan_time: scanned ? String(NOW - Math.floor(next() * 30) * 86_400_000) : undefined,
  };
}

/** 300 images, then 250 of them rewritten with other values and the other 50 swept. */
async function fill(spec: ListSpec, db: InventoryDb, next: () => number): Promise<void> {
  const parse = (raw: Record<string, unknown>) => spec.recordSchema.parse(raw);
  const first = Array.from({ length: 300 }, (_, i) => parse(rawImage(spec, next, i)));
  await upsertImages(spec, db, ACCOUNT, first, NOW - 10);
  const second = Array.from({ length: 250 }, (_, i) => parse(rawImage(spec, next, i)));
  await upsertImages(spec, db, ACCOUNT, second, NOW);
  expect(await sweepImages(spec, db, ACCOUNT, NOW)).toBe(50);
}

/** A filter set of one to four filters, aggregate columns and others mixed. */
function filterSet(spec: ListSpec, next: () => number): Record<string, unknown> {
  const candidates: Array<() => [string, unknown]> = [
    () => ['severity_level', subset(next, ['High', 'Medium', 'Low', 'Security', 'unrated'])],
    () => ['scan_status', subset(next, SCAN_STATUSES)],
    () => ['has_vul', next() < 0.5],
    () => ['has_malicious_file', next() < 0.5],
    () => ['has_unsafe_setting', next() < 0.5],
    () => ['risky', next() < 0.5],
    () => ['never_scanned', next() < 0.5],
    () => ['latest_version', true],
    () => [spec.risk.typeField, subset(next, spec.risk.typeValues)],
    () => [spec.risk.registryField, pick(next, ['reg', 'reg-2', 'OTHER'])],
    () => ['namespaces', subset(next, NAMESPACES)],
    () => ['namespace', pick(next, ['team', 'ops'])],
    () => ['image_name', pick(next, ['app-1', 'app'])],
    ...Object.keys(spec.ownFilters.flags).map((flag) => (): [string, unknown] => [
      flag,
      next() < 0.5,
    ]),
  ];
  const count = 1 + Math.floor(next() * 4);
  return Object.fromEntries(Array.from({ length: count }, () => pick(next, candidates)()));
}

describe.each(inventoryBackends())('list totals on $name', (backend) => {
  describe.each(LISTS.map((spec) => ({ list: spec.name, spec })))('$list', ({ spec }) => {
    it('equal count(*) from scratch over random filter sets', async () => {
      const db = await backend.open();
      try {
        const next = random(25);
        await fill(spec, db, next);
        for (let round = 0; round < 60; round += 1) {
          const query = { ...filterSet(spec, next), limit: 1 } as ListQuery;
          const expected = await countMatching(
            db,
            spec.table,
            listWhere(spec, ACCOUNT, query, NOW),
          );
          const page = await queryList(spec, db, ACCOUNT, query, { now: NOW });
          expect(page.total_num, JSON.stringify(query)).toBe(expected);
        }
      } finally {
        await db.destroy();
      }
    });

    // SQLite: queryPage forces this walk when it is cheaper (filters.ts); PostgreSQL's planner
    // chooses its own plan from its statistics, so there is no forced plan to check.
    it.runIf(backend.name === 'sqlite').each([
      { order: 'by scan time', sort: { sort_key: 'latest_scan_time', sort_dir: 'desc' } },
      { order: 'by default', sort: {} },
    ])('walk the sort index $order alone under risk filters', async ({ sort }) => {
      const db = await backend.open();
      try {
        await fill(spec, db, random(11));
        const query = {
          severity_level: ['High', 'Medium'],
          scan_status: ['success'],
          has_vul: true,
          ...sort,
        } as ListQuery;
        // The keys of a page as queryPage reads them when it walks the sort index (filters.ts).
        const index = listSortIndex(spec, query) ?? '';
        const keys = sql`select ${sql.ref(spec.key)} as k from ${sql.table(spec.table)}
          ${sqliteIndexedBy(dialectOf(db), index)} where ${listWhere(spec, ACCOUNT, query, NOW)}
          order by ${listOrder(spec, query)} limit 5 offset 5`.compile(db);
        const plan = await explainPlan(db, keys);
        expect(plan.text).toMatch(new RegExp(`COVERING INDEX ${index}`));
      } finally {
        await db.destroy();
      }
    });

    it('are read from an aggregate when every filter is on its columns', async () => {
      const db = await backend.open();
      try {
        await fill(spec, db, random(7));
        const cases: Array<[Record<string, unknown>, string]> = [
          [{}, `${spec.table}_risk_counts`],
          [
            { severity_level: ['High', 'Medium'], scan_status: ['success'], has_vul: true },
            `${spec.table}_risk_counts`,
          ],
          [{ namespaces: ['ops', 'shared'], risky: true }, `${spec.table}_risk_namespaces`],
        ];
        for (const [filters, aggregate] of cases) {
          const { db: recording, queries } = recordingQueries(db);
          await queryList(
            spec,
            recording,
            ACCOUNT,
            { ...filters, limit: 5 },
            {
              now: NOW,
            },
          );
          // The total's statement (on SQLite the page also counts sqlite_stat1's tables).
          const counts = queries.filter(
            (query) => query.sql.includes(spec.table) && /count\(\*\)|sum\(/.test(query.sql),
          );
          expect(counts.length, JSON.stringify(filters)).toBe(1);
          expect(counts[0]?.sql, JSON.stringify(filters)).toContain(aggregate);
        }
      } finally {
        await db.destroy();
      }
    });
  });
});
