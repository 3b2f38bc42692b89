// A page's total (issue 25, "counts that stay cheap"): when the filters are all on the columns of
// a list's aggregate (migration 0035), the total is read from its groups, not counted over the
// matching images; whatever the path, it equals count(*) from scratch. Random filter sets over an
// inventory that was inserted, rewritten and swept (so the aggregates went through every
// trigger), every list, SQLite and PostgreSQL. The page's keys under risk filters, sorted by scan
// time or in the default order (the triage views), come from the sort index alone (migration
// 0044). Under the basic-image filters (issue 22) the totals, pages and change feed equal a filter
// from scratch, and a page walking the sort index probes basic_images per row instead of first
// reading every matching digest.
import { describe, expect, it } from 'vitest';
import type { InventoryDb } from '../store/db';
import {
  inventoryBackends,
  withInventory,
  type InventoryBackend,
} from '../test-support/test-backends';
import { type CompiledQuery, sql } from 'kysely';
import { dialectOf, sqliteIndexedBy } from '../store/dialect';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { SCOPE_NAMESPACES } from '../auth/request-scope';
import { BASELINE_EVENT } from '../../shared/contracts';
import { EVENT_IMAGE_COLUMNS, changeTable, snapshotTable } from '../changes/change-log';
import { queryChanges } from '../changes/change-feed';
import type { BasicImagesTable } from '../store/tables';
import { listFacets } from './facets';
import { inProcessColumnScans } from './column-scan';
import { columnPagePlan } from './column-page';
import { countMatching } from './filters';
import { LISTS } from './index';
import {
  countList,
  listOrder,
  listSortIndex,
  listWhere,
  queryList,
  sweepImages,
  upsertImages,
} from './list-store';
import type { ListQuery, ListSpec } from './spec';

/** Each event with its image's columns from its snapshot (migration 0051), named as the change table. */
function eventsWithImages(spec: ListSpec) {
  const fromSnapshot = spec.columns
    .filter((column) => !EVENT_IMAGE_COLUMNS.includes(column))
    .map((column) => sql.ref(`snapshot.${column}`));
  return sql`(select event.*, ${sql.join(fromSnapshot)} from ${sql.table(changeTable(spec))} as event
    left join ${sql.table(snapshotTable(spec))} as snapshot
      on snapshot.snapshot_id = event.snapshot_id) as ${sql.table(changeTable(spec))}`;
}

const ACCOUNT = 'a';
const NOW = Date.UTC(2025, 0, 15);
const SEVERITIES = ['High', 'Medium', 'Low', 'Security', ''];
const SCAN_STATUSES = ['success', 'failed', 'unscan'];
const NAMESPACES = ['team-a', 'team-b', 'ops', 'shared'];
const REGISTRIES = ['reg-1', 'reg-2', 'other'];
const DIGESTS = 40;
const BASE_OS = ['Debian GNU/Linux', 'Alpine Linux', 'Ubuntu'];
const BASE_VERSIONS = ['11', '12', '3.18'];
const BASE_LAYERS = ['sha256:l1', 'sha256:l2', 'sha256:l3', 'sha256:l4'];
// Unknown, past on NOW's day, the day itself (not yet past), later.
const EOL_DATES = ['', '2024-06-30', '2025-01-15', '2027-12-31'];

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
    // Shared by several images, as rebuilt tags share a digest.
    image_digest: `sha256:d${index % DIGESTS}`,
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
    // Drawn from the index (not `next`): the other values stay those of every seed.
    image_size: (index % 11) * 100_000_000,
    latest_update_time: String(NOW - (index % 9) * 86_400_000),
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

/** The plan of a page's keys as queryPage reads them when it walks the sort index (filters.ts). */
async function walkPlan(spec: ListSpec, db: InventoryDb, query: ListQuery) {
  const index = listSortIndex(spec, query) ?? '';
  const keys = sql`select ${sql.ref(spec.key)} as k from ${sql.table(spec.table)}
    ${sqliteIndexedBy(dialectOf(db), index)} where ${listWhere(spec, ACCOUNT, query, NOW)}
    order by ${listOrder(spec, query)} limit 5 offset 5`.compile(db);
  return { index, plan: await explainPlan(db, keys) };
}

type BaseRow = Omit<BasicImagesTable, 'account' | 'answered_at'>;

/**
 * The enrichment's answers for most digests: none (not answered yet), "no basic image", or one
 * to three basic images drawn from a few OS, versions, layers and end-of-life dates.
 */
async function fillBasicImages(db: InventoryDb, next: () => number): Promise<BaseRow[]> {
  const rows: BaseRow[] = [];
  for (let digest = 0; digest < DIGESTS; digest += 1) {
    const answer = next();
    if (answer < 0.15) continue;
    const image_digest = `sha256:d${digest}`;
    const none = { os_name: '', os_version: '', layer_digest: '', eol_date: '' };
    if (answer < 0.25) rows.push({ image_digest, position: 0, kind: 'none', ...none });
    else
      for (let position = 0; position < 1 + Math.floor(next() * 3); position += 1)
        rows.push({
          image_digest,
          position,
          kind: 'base',
          os_name: pick(next, BASE_OS),
          os_version: pick(next, BASE_VERSIONS),
          layer_digest: pick(next, BASE_LAYERS),
          eol_date: pick(next, EOL_DATES),
        });
  }
  await db
    .insertInto('basic_images')
    .values(rows.map((row) => ({ ...row, account: ACCOUNT, answered_at: NOW })))
    .execute();
  return rows;
}

/** One or two of the basic-image extensions. */
function basicImageFilterSet(next: () => number): Record<string, unknown> {
  const candidates: Array<() => [string, unknown]> = [
    () => ['basic_image_os', pick(next, BASE_OS)],
    () => ['basic_image_os_version', pick(next, BASE_VERSIONS)],
    () => ['basic_image_digest', pick(next, BASE_LAYERS)],
    () => ['basic_image_eol', next() < 0.5],
  ];
  const count = 1 + Math.floor(next() * 2);
  return Object.fromEntries(Array.from({ length: count }, () => pick(next, candidates)()));
}

/** The digests the basic-image filters of `query` select, read from the answers in JS. */
function digestsFromScratch(rows: readonly BaseRow[], query: Record<string, unknown>): string[] {
  const today = new Date(NOW).toISOString().slice(0, 10);
  const fields: Array<[keyof BaseRow, unknown]> = [
    ['os_name', query.basic_image_os],
    ['os_version', query.basic_image_os_version],
    ['layer_digest', query.basic_image_digest],
  ];
  const given = fields.filter(([, value]) => value !== undefined);
  const bases = rows.filter((row) => row.kind === 'base');
  const digests = new Set(rows.map((row) => row.image_digest));
  for (let digest = 0; digest < DIGESTS; digest += 1) digests.add(`sha256:d${digest}`);
  return [...digests].filter((digest) => {
    const own = bases.filter((row) => row.image_digest === digest);
    const exact =
      given.length === 0 ||
      own.some((row) => given.every(([field, value]) => row[field] === value));
    const pastEnd = own.some((row) => row.eol_date !== '' && row.eol_date < today);
    return exact && (query.basic_image_eol === undefined || query.basic_image_eol === pastEnd);
  });
}

const BASIC_IMAGE_FIELDS = [
  'basic_image_os',
  'basic_image_os_version',
  'basic_image_digest',
  'basic_image_eol',
];

/** The rows' filter with the basic-image ones replaced by the digests read from scratch. */
function whereFromScratch(
  spec: ListSpec,
  table: string,
  rows: readonly BaseRow[],
  query: Record<string, unknown>,
) {
  const others = Object.fromEntries(
    Object.entries(query).filter(([name]) => !BASIC_IMAGE_FIELDS.includes(name)),
  ) as ListQuery;
  const digests = digestsFromScratch(rows, query);
  const selected = digests.length === 0 ? sql`1 = 0` : sql`image_digest in (${sql.join(digests)})`;
  return sql`${listWhere(spec, ACCOUNT, others, NOW, table)} and ${selected}`;
}

/** An inventory of the list's images (seed 11) on known bases (seed 12): the plan tests' own. */
function withImagesOnBases(
  backend: InventoryBackend,
  spec: ListSpec,
  test: (db: InventoryDb) => Promise<void>,
): Promise<void> {
  return withInventory(backend, async (db) => {
    await fill(spec, db, random(11));
    await fillBasicImages(db, random(12));
    await test(db);
  });
}

/** What a facets check under one filter set is given (see facetsOverBasesEqualTheScan). */
interface FacetsRead {
  db: InventoryDb;
  /** `db` recording its statements into `queries`. */
  recording: InventoryDb;
  queries: CompiledQuery[];
  filters: ListQuery;
  answer: Awaited<ReturnType<typeof listFacets>>;
  label: string;
}

/**
 * The facets' plan tests under basic-image filters: over images on known bases, each filter
 * set's facets read through a recorder equal the scan's, and `check` is given the statements.
 */
function facetsOverBasesEqualTheScan(
  backend: InventoryBackend,
  spec: ListSpec,
  cases: ReadonlyArray<Record<string, unknown>>,
  check: (read: FacetsRead) => void | Promise<void>,
): Promise<void> {
  return withImagesOnBases(backend, spec, async (db) => {
    for (const filters of cases as ListQuery[]) {
      const label = JSON.stringify(filters);
      const { db: recording, queries } = recordingQueries(db);
      const answer = await listFacets(spec, recording, ACCOUNT, filters, { now: NOW });
      expect(answer, label).toEqual(
        await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }),
      );
      await check({ db, recording, queries, filters, answer, label });
    }
  });
}

describe.each(inventoryBackends())('list totals on $name', (backend) => {
  describe.each(LISTS.map((spec) => ({ list: spec.name, spec })))('$list', ({ spec }) => {
    const facetsUnderBaseFilters = (
      cases: ReadonlyArray<Record<string, unknown>>,
      check: (read: FacetsRead) => void | Promise<void>,
    ) => facetsOverBasesEqualTheScan(backend, spec, cases, check);

    it('equal count(*) from scratch over random filter sets', () =>
      withInventory(backend, async (db) => {
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
      }));

    // SQLite: queryPage forces this walk when it is cheaper (filters.ts); PostgreSQL's planner
    // chooses its own plan from its statistics, so there is no forced plan to check.
    it.runIf(backend.name === 'sqlite').each([
      { order: 'by scan time', sort: { sort_key: 'latest_scan_time', sort_dir: 'desc' } },
      { order: 'by default', sort: {} },
      // Descending, the failed scans (no findings) come first: a walk that read each row to test
      // has_vul crossed them all before its first match (migration 0059).
      { order: 'by scan status', sort: { sort_key: 'scan_status', sort_dir: 'desc' } },
    ])('walk the sort index $order alone under risk filters', ({ sort }) =>
      withInventory(backend, async (db) => {
        await fill(spec, db, random(11));
        const query = {
          severity_level: ['High', 'Medium'],
          scan_status: ['success'],
          has_vul: true,
          ...sort,
        } as ListQuery;
        const { index, plan } = await walkPlan(spec, db, query);
        expect(plan.text).toMatch(new RegExp(`COVERING INDEX ${index}`));
      }),
    );

    it(
      'under basic-image filters, totals, pages, facets and the change feed equal a filter from scratch',
      () =>
        withInventory(backend, async (db) => {
          const next = random(22);
          await fill(spec, db, next);
          // Events to filter (appeared, rescanned, …): a rewrite that records them.
          const rewritten = Array.from({ length: 150 }, (_, i) =>
            spec.recordSchema.parse(rawImage(spec, next, i)),
          );
          await upsertImages(spec, db, ACCOUNT, rewritten, NOW + 1, { changesAt: NOW + 1 });
          const bases = await fillBasicImages(db, next);
          const changes = changeTable(spec);
          const seen = { totals: 0, pages: 0, events: 0 };
          for (let round = 0; round < 40; round += 1) {
            const filters = {
              ...(round % 2 === 0 ? {} : filterSet(spec, next)),
              ...basicImageFilterSet(next),
            };
            const label = JSON.stringify(filters);
            const expectedTotal = await countMatching(
              db,
              spec.table,
              whereFromScratch(spec, spec.table, bases, filters),
            );
            // A page inside the matches, sorted by scan time and in the default order (the walks
            // of the images by base, migration 0055, or of the sort index).
            let expectedKeys = { rows: [] as Array<{ k: string }> };
            for (const order of [{ sort_key: 'latest_scan_time', sort_dir: 'desc' }, {}]) {
              const query = { ...filters, ...order, offset: 3, limit: 7 } as ListQuery;
              expectedKeys = await sql<{ k: string }>`select ${sql.ref(spec.key)} as k
            from ${sql.table(spec.table)}
            where ${whereFromScratch(spec, spec.table, bases, filters)}
            order by ${listOrder(spec, query)} limit 7 offset 3`.execute(db);
              const page = await queryList(spec, db, ACCOUNT, query, { now: NOW });
              expect(page.total_num, label).toBe(expectedTotal);
              expect(
                page.data_list.map((row) => String((row as Record<string, unknown>)[spec.key])),
                `${label} ${JSON.stringify(order)}`,
              ).toEqual(expectedKeys.rows.map((row) => String(row.k)));
            }
            const facets = await listFacets(spec, db, ACCOUNT, filters as ListQuery, { now: NOW });
            expect(facets.total_num, label).toBe(expectedTotal);
            const { rows: events } = await sql<{ n: number | string }>`select count(*) as n
          from ${eventsWithImages(spec)} where ${whereFromScratch(spec, changes, bases, filters)}
          and event_type <> ${BASELINE_EVENT}`.execute(db);
            const feed = await queryChanges(spec, db, ACCOUNT, { ...filters, limit: 1 }, NOW);
            expect(feed.total_num, label).toBe(Number(events[0]?.n));
            seen.totals += expectedTotal > 0 ? 1 : 0;
            seen.pages += expectedKeys.rows.length > 0 ? 1 : 0;
            seen.events += feed.total_num > 0 ? 1 : 0;
          }
          // The filter sets matched something often enough for the comparisons to mean anything.
          expect(seen.totals).toBeGreaterThan(10);
          expect(seen.pages).toBeGreaterThan(5);
          expect(seen.events).toBeGreaterThan(5);
        }),
      60_000,
    );

    // The page's keys as queryPage reads them under a basic-image filter it can walk: the
    // images on the base in the page's order (0055), each image then sought by its key; not
    // every image of the account with a probe of basic_images each, nor a sort.
    it.runIf(backend.name === 'sqlite')(
      'walk the images by base under a basic-image filter, in the order of the page',
      () =>
        withImagesOnBases(backend, spec, async (db) => {
          const cases: Array<[Record<string, unknown>, string]> = [
            [{ basic_image_os: 'Debian GNU/Linux', severity_level: ['High', 'Medium'] }, 'os'],
            [{ basic_image_eol: true }, 'eol'],
            [{ basic_image_digest: 'sha256:l1', basic_image_os: 'Ubuntu' }, 'layer'],
            [{ basic_image_eol: false, basic_image_os_version: '12' }, 'os_version'],
          ];
          const orders = [{ sort_key: 'latest_scan_time', sort_dir: 'desc' }, {}];
          for (const [[filters, facet], order] of cases.flatMap((c) =>
            orders.map((o) => [c, o] as const),
          )) {
            const query = { ...filters, ...order, offset: 5, limit: 5 } as ListQuery;
            const { db: recording, queries } = recordingQueries(db);
            await queryList(spec, recording, ACCOUNT, query, { now: NOW });
            // The page's keys (the total may read the same rows: no limit).
            const keys = queries.find(
              (statement) =>
                statement.sql.includes(`${spec.table}_by_base`) && /\blimit\b/.test(statement.sql),
            );
            const walked = `${spec.table}_by_base_${(listSortIndex(spec, query) ?? '').slice(spec.table.length + 1)}`;
            expect(keys?.parameters, JSON.stringify(filters)).toContain(facet);
            const plan = await explainPlan(db, keys!);
            const label = `${JSON.stringify(query)}\n${plan.text}`;
            expect(plan.text, label).toMatch(
              new RegExp(
                `SEARCH x USING COVERING INDEX ${walked} \\(account=\\? AND facet=\\? AND value=\\?\\)`,
              ),
            );
            // The image sought in the list's own index of the same order, covering.
            expect(plan.text, label).toMatch(
              new RegExp(
                `SEARCH ${spec.table} USING COVERING INDEX ${listSortIndex(spec, query)} \\(account=\\? AND [^)]*${spec.key}=\\?`,
              ),
            );
            expect(plan.text, label).not.toMatch(/TEMP B-TREE|LIST SUBQUERY|BLOOM FILTER/);
            expect(plan.fullScans, label).toEqual([]);
          }
        }),
    );

    // A basic-image filter the images by base do not hold (`basic_image_eol=false`, all images
    // but some) walks the sort index, reading the digest from it and probing basic_images per
    // row, not the list of every matching digest read first.
    it.runIf(backend.name === 'sqlite')(
      'walk the sort index alone, digest included, probing basic_images per row under basic-image filters',
      () =>
        withImagesOnBases(backend, spec, async (db) => {
          const cases = [
            { basic_image_os: 'Debian GNU/Linux', severity_level: ['High', 'Medium'] },
            { basic_image_eol: true },
            { basic_image_digest: 'sha256:l1' },
            { basic_image_eol: false, basic_image_os_version: '12' },
            { basic_image_eol: false },
          ];
          const orders = [{ sort_key: 'latest_scan_time', sort_dir: 'desc' }, {}];
          for (const [filters, order] of cases.flatMap((f) => orders.map((o) => [f, o] as const))) {
            const query = { ...filters, ...order } as ListQuery;
            const { index, plan } = await walkPlan(spec, db, query);
            const label = `${JSON.stringify(filters)}\n${plan.text}`;
            // The walk reads the digest from the index, no table row (migration 0052).
            expect(plan.text, label).toMatch(new RegExp(`COVERING INDEX ${index}`));
            expect(plan.text, label).not.toMatch(/LIST SUBQUERY|BLOOM FILTER/);
            expect(plan.text, label).toMatch(/CORRELATED/);
            expect(plan.text, label).toMatch(
              /SEARCH b USING (COVERING )?INDEX \S+ \([^)]*image_digest=\?/,
            );
            expect(plan.fullScans, label).toEqual([]);
            // Under a layer digest, within that layer's entries (migration 0048).
            if ('basic_image_digest' in filters)
              expect(plan.text, label).toMatch(/COVERING INDEX basic_images_layer \(/);
          }
        }),
    );

    // The facets under a basic-image filter the kept rows hold (issues 22, 25): the groups kept
    // per OS / OS version (0049, 0056) or the images by base (0055) joined to their rows; no
    // statement walks every image of the account testing basic_images for each (17 s at 1M).
    it.runIf(backend.name === 'sqlite')(
      'facets walk the images on the base under a basic-image filter, not every image',
      () =>
        facetsUnderBaseFilters(
          [
            { basic_image_os: 'Debian GNU/Linux' },
            { basic_image_os: 'Debian GNU/Linux', severity_level: ['High', 'Medium'] },
            // Each basic-image facet is counted under the other base filter (its own dropped).
            {
              basic_image_os_version: '12',
              basic_image_os: 'Debian GNU/Linux',
              [spec.risk.registryField]: 'a',
            },
            { basic_image_eol: true },
            { basic_image_digest: 'sha256:l1', basic_image_os: 'Ubuntu' },
          ],
          async ({ db, recording, queries, filters, answer, label }) => {
            // The page's total likewise (0055's rows alone when they are the whole filter).
            const total = await countList(spec, recording, ACCOUNT, filters, { now: NOW });
            expect(total, label).toBe(answer.total_num);
            const listRead = new RegExp(`^(SCAN|SEARCH) ${spec.table} `);
            for (const statement of queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql))) {
              const plan = await explainPlan(db, statement);
              const planLabel = `${label}\n${statement.sql}\n${plan.text}`;
              expect(
                plan.text.split('\n').filter((step) => listRead.test(step)),
                planLabel,
              ).toEqual([]);
              // Reads of the statement's own subqueries and common tables are no table's.
              const ownRelation = /^SCAN (kept|images|bases|d|f_\w+)$/;
              expect(
                plan.fullScans.filter((step) => !ownRelation.test(step)),
                planLabel,
              ).toEqual([]);
            }
          },
        ),
    );

    // Under one base value with filters on the counts' columns, every part but the namespaces
    // under a layer or end of life reads 0064's groups: no statement walks 0055's rows joined to
    // the image rows (1M: the registry names under Debian 0.55 s, everything under end of life).
    it.runIf(backend.name === 'sqlite')(
      'facets under one base value read the groups kept per value, not the images on it',
      () =>
        // With a registry name: 0064's groups have it where the list's facets have its top
        // (0067), CI/CD's pipeline name 0069's groups.
        facetsUnderBaseFilters(
          [
            { basic_image_os: 'Debian GNU/Linux' },
            { basic_image_os_version: '12', [spec.risk.registryField]: 'a' },
            { basic_image_eol: true, severity_level: ['High', 'Medium'], has_vul: true },
            { basic_image_digest: 'sha256:l1' },
          ],
          ({ queries, label }) => {
            const walks = queries.filter((q) => q.sql.includes(`${spec.table}_by_base`));
            expect(
              walks.filter((q) => !/group by "namespace"/.test(q.sql)).map((q) => q.sql),
              label,
            ).toEqual([]);
            expect(
              queries.some((q) =>
                new RegExp(`${spec.table}_risk_(pipeline_)?base_groups`).test(q.sql),
              ),
              label,
            ).toBe(true);
          },
        ),
    );

    // Under a layer or end of life (and any base value with a registry name or severity) the
    // namespace top reads 0066's groups per namespace: no statement walks 0055's rows (1M:
    // `eol=true` ~0.85 s of CPU walked), and the answer equals the scan's.
    it.runIf(backend.name === 'sqlite')(
      'the namespace top under one base value reads the groups kept per namespace',
      () =>
        // With a registry name, the dimensions come from 0064's groups, or for CI/CD's pipeline
        // name (not in 0064's groups since 0067) from 0069's: the base's images walked before.
        facetsUnderBaseFilters(
          [
            { basic_image_eol: true },
            { basic_image_eol: true, severity_level: ['High', 'Medium'] },
            { basic_image_digest: 'sha256:l1' },
            { basic_image_os_version: '12', [spec.risk.registryField]: 'a' },
            { basic_image_eol: true, [spec.risk.registryField]: 'a', severity_level: ['High'] },
          ],
          ({ queries, label }) => {
            expect(
              queries.filter((q) => q.sql.includes(`${spec.table}_by_base`)).map((q) => q.sql),
              label,
            ).toEqual([]);
          },
        ),
    );

    // An image name filter (a substring the facets index lacks) is tested on 0070's index led by
    // the name: through the facets index every image's row was read, for each part (1M: 14 s).
    it.runIf(backend.name === 'sqlite')(
      'facets under an image name filter read the index led by the name only',
      () =>
        withInventory(backend, async (db) => {
          await fill(spec, db, random(11));
          // With the page's paging and sort, which the facets ignore; a scan status filter is
          // beside the name, which 0068's counts per name and severity do not answer.
          const query = {
            image_name: 'a',
            severity_level: ['High', 'Medium'],
            scan_status: ['success', 'unscan'],
            offset: 0,
            limit: 10,
            sort_dir: 'asc',
          } as ListQuery;
          const { db: recording, queries } = recordingQueries(db);
          await listFacets(spec, recording, ACCOUNT, query, { now: NOW });
          const listRead = new RegExp(`^SEARCH ${spec.table} USING (COVERING )?INDEX (\\S+)`);
          const indexes = new Set<string>();
          for (const statement of queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql))) {
            const plan = await explainPlan(db, statement);
            for (const step of plan.text.split('\n')) {
              const index = listRead.exec(step)?.[2];
              if (index !== undefined) indexes.add(index);
            }
          }
          expect([...indexes]).toEqual([`${spec.table}_name_facets`]);
          // The substring is tested once per distinct name (a loose index scan, one seek a
          // name), whose entries are then sought, where every entry of the account's names was
          // walked (1M: 173 ms).
          const [nameRead] = queries.filter((q) => q.sql.includes('with recursive'));
          const namePlan = (await explainPlan(db, nameRead!)).text;
          const nameIndex = `INDEX ${spec.table}_name_facets`;
          expect(namePlan).toContain(`${nameIndex} (account=? AND image_name>?)`);
          expect(namePlan).toContain(`${nameIndex} (account=? AND image_name=?)`);
          // No row of the table is sought (each part sought the matching rows before 0070).
          for (const statement of queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql)))
            expect((await explainPlan(db, statement)).text).not.toContain(
              `SEARCH ${spec.table} USING INTEGER PRIMARY KEY`,
            );
          for (const other of [
            { image_name: 'app' },
            { image_name: 'APP-1', risky: true, latest_version: false },
            { image_name: 'app', has_vul: false, scan_status: ['success', 'failed'] },
            { image_name: 'nothing' },
          ] as ListQuery[])
            expect(await listFacets(spec, db, ACCOUNT, other, { now: NOW })).toEqual(
              await listFacets(spec, db, ACCOUNT, other, { now: NOW, scan: true }),
            );
          expect(await listFacets(spec, db, ACCOUNT, query, { now: NOW })).toEqual(
            await listFacets(spec, db, ACCOUNT, query, { now: NOW, scan: true }),
          );
        }),
    );

    // Under an image name with any filter on 0070's index's columns beside it (a dimension, the
    // namespaces, the registry or pipeline name, a basic-image filter, a scope), every part reads
    // the matching names' ranges of that index, covering: the rows were sought by rowid for each
    // part or a base's images walked (1M, 'nginx' + scan status success: 158-212 ms of CPU).
    it('facets under an image name and any other filter equal the scan and read the name index', () =>
      facetsUnderBaseFilters(
        [
          { image_name: 'app-1', scan_status: ['success'] },
          { image_name: 'APP', namespace: 'team' },
          { image_name: 'app', namespaces: ['ops', 'shared'], risky: true },
          { image_name: 'app-2', [spec.risk.registryField]: 'reg', has_vul: false },
          {
            image_name: 'app',
            basic_image_os: 'Debian GNU/Linux',
            severity_level: ['High', 'Low'],
          },
          { image_name: 'app-3', basic_image_os: 'Alpine Linux', basic_image_os_version: '3.18' },
          { image_name: 'app', basic_image_eol: true, latest_version: true },
          { image_name: 'app-4', basic_image_eol: false, basic_image_digest: 'sha256:l2' },
          { image_name: 'app', [SCOPE_NAMESPACES]: ['team-*'], scan_status: ['failed', 'unscan'] },
          { image_name: 'app-5', has_malicious_file: true, offset: 20, sort_dir: 'desc' },
          { image_name: 'nothing', namespace: 'ops' },
        ],
        async ({ db, queries, label }) => {
          if (backend.name !== 'sqlite') return;
          const listRead = new RegExp(`^(SEARCH|SCAN) ${spec.table}\\b`);
          for (const statement of queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql))) {
            expect(statement.sql, label).not.toContain(`${spec.table}_by_base`);
            for (const step of (await explainPlan(db, statement)).text.split('\n'))
              if (listRead.test(step))
                expect(step, label).toContain(`USING COVERING INDEX ${spec.table}_name_facets`);
          }
        },
      ));

    // Under an image name with or without a severity, the facets sum 0068's counts per name and
    // severity: the matching rows were read (1M, `nginx`: 24,460 rows, 133-252 ms of CPU).
    it('facets under an image name and a severity read the counts kept per name only', () =>
      withInventory(backend, async (db) => {
        await fill(spec, db, random(21));
        await fillBasicImages(db, random(22));
        // Rewritten after the bases (the image triggers read the digests' kept tuples), some
        // swept ones back; then names and severities changed in place, and rows deleted.
        const next = random(23);
        const again = Array.from({ length: 200 }, (_, i) =>
          spec.recordSchema.parse(rawImage(spec, next, i + 100)),
        );
        await upsertImages(spec, db, ACCOUNT, again, NOW + 1);
        const images = sql.table(spec.table);
        await sql`update ${images} set image_name = 'app-renamed', severity_level = 'Low'
          where image_version in ('v3', 'v17', 'v120')`.execute(db);
        await sql`update ${images} set image_name = 'APP-9' where image_version = 'v5'`.execute(db);
        await sql`update ${images} set severity_level = '', namespace = 'moved'
          where image_version in ('v6', 'v130')`.execute(db);
        await sql`delete from ${images} where image_version in ('v8', 'v140')`.execute(db);
        const cases = [
          { image_name: 'app' },
          { image_name: 'APP-1' },
          { image_name: 'app', severity_level: ['High', 'unrated'] },
          { image_name: 'renamed', severity_level: ['Low'] },
          { image_name: 'app-9', latest_version: false },
          { image_name: 'app-2', offset: 10, limit: 5, sort_dir: 'desc' },
          { image_name: 'nothing' },
        ] as ListQuery[];
        const listRead = new RegExp(`\\b${spec.table}(?![_a-z])`);
        const compare = async (step: string) => {
          for (const filters of cases) {
            const { db: recording, queries } = recordingQueries(db);
            const answer = await listFacets(spec, recording, ACCOUNT, filters, { now: NOW });
            const label = `${step} ${JSON.stringify(filters)}`;
            expect(answer, label).toEqual(
              await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }),
            );
            expect(
              queries.filter((q) => listRead.test(q.sql)).map((q) => q.sql),
              label,
            ).toEqual([]);
          }
        };
        await compare('images written');
        // The digests' bases change: one loses them, one gets another OS and end of life, one more.
        const bases = sql.table('basic_images');
        await sql`delete from ${bases} where account = ${ACCOUNT} and image_digest = 'sha256:d3'`.execute(
          db,
        );
        await sql`update ${bases} set os_name = 'Ubuntu', eol_date = '2024-01-31'
          where account = ${ACCOUNT} and image_digest = 'sha256:d4'`.execute(db);
        await sql`insert into ${bases} (account, image_digest, position, kind, os_name, os_version,
            layer_digest, eol_date, answered_at)
          values (${ACCOUNT}, 'sha256:d5', 7, 'base', 'Alpine Linux', '3.18', 'sha256:l4', '',
            ${NOW})`.execute(db);
        await compare('bases written');
      }));

    it('are read from an aggregate when every filter is on its columns', () =>
      withInventory(backend, async (db) => {
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
          await queryList(spec, recording, ACCOUNT, { ...filters, limit: 5 }, { now: NOW });
          // The total's statement (on SQLite the page also counts sqlite_stat1's tables).
          const counts = queries.filter(
            (query) => query.sql.includes(spec.table) && /count\(\*\)|sum\(/.test(query.sql),
          );
          expect(counts.length, JSON.stringify(filters)).toBe(1);
          expect(counts[0]?.sql, JSON.stringify(filters)).toContain(aggregate);
        }
      }));
  });
});

/**
 * Filters no kept aggregate answers (issue 25: "facets for all filters, any filter set"), each
 * alone and beside aggregate ones: their facets come from the columns (column-scan.ts).
 */
function columnCases(spec: ListSpec): Array<Record<string, unknown>> {
  const day = 86_400_000;
  const own = spec.ownFilters;
  const alone: Array<Record<string, unknown>> = [
    { image_size: 1 },
    { image_size: 300_000_000 },
    { max_image_size: 500_000_000 },
    { image_size: 200_000_000, max_image_size: 700_000_000 },
    { image_version: '1' },
    { image_version: 'V2' },
    { q: 'app' },
    { q: 'TEAM-A/app-1:v1' },
    { q: 'a/app' },
    // Across the ':' between the name and the tag.
    { q: 'p-1:v1' },
    { q: ':v2' },
    { q: '1:' },
    { q: 'sha256:d1' },
    { q: 'ops/app@d2' },
    { q: '@d3' },
    { q: 'registry.example.com/ops/app-2' },
    { start_latest_scan_time: String(NOW - 10 * day) },
    { end_latest_scan_time: String(NOW - 10 * day) },
    { start_latest_update_time: String(NOW - 3 * day), end_latest_update_time: String(NOW) },
    // Kept aggregates answer never_scanned alone.
    { never_scanned: true, image_version: 'v' },
    { never_scanned: false, q: 'APP' },
    { [own.equals[0] ?? 'image_id']: 'sha256:7', image_size: 1 },
    { [SCOPE_NAMESPACES]: ['team-*', 'OPS'], image_size: 1 },
    { [SCOPE_NAMESPACES]: [], q: 'app' },
  ];
  const beside: Array<Record<string, unknown>> = [
    { severity_level: ['High', 'unrated'], scan_status: ['success'] },
    { has_vul: true, risky: true },
    { namespaces: ['team-a', 'ops'] },
    { namespace: 'team' },
    { [spec.risk.registryField]: 'reg' },
    { [spec.risk.typeField]: [spec.risk.typeValues[0]] },
    { image_name: 'app', scan_status: ['success', 'failed'] },
    { basic_image_os: 'Debian GNU/Linux' },
    { basic_image_os: 'Ubuntu', basic_image_os_version: '3.18' },
    { basic_image_eol: true },
    { basic_image_eol: false, latest_version: true },
    ...Object.keys(own.flags).map((flag) => ({ [flag]: true })),
  ];
  return [
    ...alone,
    ...beside.map((filters, index) => ({ ...filters, ...alone[index % alone.length] })),
  ];
}

describe.each(inventoryBackends())('facets from columns on $name', (backend) => {
  describe.each(LISTS.map((spec) => ({ list: spec.name, spec })))('$list', ({ spec }) => {
    it('equal the scan under filters no aggregate answers, alone and combined', () =>
      withInventory(backend, async (db) => {
        await fill(spec, db, random(31));
        await fillBasicImages(db, random(12));
        const columns = inProcessColumnScans();
        for (const filters of columnCases(spec) as ListQuery[]) {
          const label = JSON.stringify(filters);
          const before = columns.answered();
          const answer = await listFacets(spec, db, ACCOUNT, filters, { now: NOW, columns });
          expect(answer, label).toEqual(
            await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }),
          );
          expect(columns.answered(), label).toBe(before + 1);
        }
      }));

    it('equal the scan over random filter sets', () =>
      withInventory(backend, async (db) => {
        await fill(spec, db, random(41));
        await fillBasicImages(db, random(42));
        const columns = inProcessColumnScans();
        const next = random(43);
        const extra = columnCases(spec);
        for (let round = 0; round < 40; round += 1) {
          const filters = {
            ...filterSet(spec, next),
            ...(round % 2 === 0 ? basicImageFilterSet(next) : {}),
            ...pick(next, extra),
          } as ListQuery;
          const label = JSON.stringify(filters);
          expect(
            await listFacets(spec, db, ACCOUNT, filters, { now: NOW, columns }),
            label,
          ).toEqual(await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }));
        }
        expect(columns.answered()).toBeGreaterThan(20);
      }));

    it('reflect a write at once (the snapshot is of a version)', () =>
      withInventory(backend, async (db) => {
        await fill(spec, db, random(51));
        await fillBasicImages(db, random(12));
        const columns = inProcessColumnScans();
        const filters = { image_size: 1, has_vul: true } as ListQuery;
        const compare = async (label: string) => {
          const before = columns.answered();
          expect(
            await listFacets(spec, db, ACCOUNT, filters, { now: NOW, columns }),
            label,
          ).toEqual(await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }));
          expect(columns.answered(), label).toBe(before + 1);
        };
        await compare('first');
        const parse = (raw: Record<string, unknown>) => spec.recordSchema.parse(raw);
        const rewritten = Array.from({ length: 40 }, (_, i) =>
          parse({ ...rawImage(spec, random(60 + i), i), vul_num: 3, image_size: 5 }),
        );
        await upsertImages(spec, db, ACCOUNT, rewritten, NOW + 1);
        await compare('images written');
        await sql`update basic_images set os_name = 'Ubuntu' where account = ${ACCOUNT}
          and image_digest = 'sha256:d4'`.execute(db);
        await compare('bases written');
      }));
  });
});

describe.each(inventoryBackends().filter((backend) => backend.name === 'sqlite'))(
  'pages from columns on $name',
  (backend) => {
    describe.each(LISTS.map((spec) => ({ list: spec.name, spec })))('$list', ({ spec }) => {
      it('equal the scan in every sort order, direction and offset', () =>
        withInventory(backend, async (db) => {
          await fill(spec, db, random(71));
          await fillBasicImages(db, random(72));
          // Exact matches later in the tie order than substring ones (v85, v113): the search
          // rank must put them first.
          const next = random(73);
          const exact = [
            { namespace: 'ops', image_name: 'app-1', image_version: 'v8' },
            { namespace: 'team-b', image_name: 'app-1', image_version: 'v1' },
            { namespace: 'team-b', image_name: 'app-1', image_version: 'app-1:v8' },
          ].map((fields, i) =>
            spec.recordSchema.parse({ ...rawImage(spec, next, 400 + i), ...fields }),
          );
          await upsertImages(spec, db, ACCOUNT, exact, NOW);
          const columns = inProcessColumnScans();
          // The snapshot read (a page never waits for one).
          await listFacets(
            spec,
            db,
            ACCOUNT,
            { image_size: 1 },
            {
              now: NOW,
              columns,
            },
          );
          const searches = [
            { q: 'team-b/app-1:v1' },
            { q: 'TEAM-B/App-1' },
            { q: 'app-1:v8' },
            { q: 'app-2' },
            { q: 'ops' },
            { q: 'v3' },
            { q: 'sha256:d1' },
            { q: 'b/app-1:v' },
          ];
          const cases = [...columnCases(spec), ...searches].filter(
            (filters) => columnPagePlan(spec, filters as ListQuery, NOW) !== undefined,
          );
          expect(cases.length).toBeGreaterThan(20);
          const sorts = [undefined, ...spec.sortKeys];
          const queries: Array<Record<string, unknown>> = [];
          sorts.forEach((sort_key, index) => {
            for (const sort_dir of ['asc', 'desc'])
              queries.push({
                ...cases[(index * 2 + (sort_dir === 'asc' ? 0 : 1)) % cases.length],
                sort_key,
                sort_dir,
                offset: [0, 3, 11][index % 3],
                limit: 9,
              });
          });
          for (const [index, filters] of [...searches, ...cases].entries())
            queries.push({ ...filters, offset: index % 2 === 0 ? 0 : 4, limit: 7 });
          let answered = 0;
          for (const query of queries) {
            const label = JSON.stringify(query);
            const before = columns.answered();
            const page = await queryList(spec, db, ACCOUNT, query as ListQuery, {
              now: NOW,
              columns,
            });
            expect(page, label).toEqual(
              await queryList(spec, db, ACCOUNT, query as ListQuery, { now: NOW, scan: true }),
            );
            if (columns.answered() === before + 1) answered += 1;
          }
          // Every one from the columns.
          expect(answered).toBe(queries.length);
        }));
    });
  },
);
