// The risk summary's aggregates (migrations 0035, 0054, 0057, 0061) are kept on write: after random upserts (new
// images, rescans, severity and count changes), removals by sweep and by hand and edits in SQL,
// each equals a grouping of the image table from scratch, on SQLite and PostgreSQL. And the
// summary answered from them equals the one computed by scanning, for every filter set the
// aggregates can answer (and for one they cannot, which takes the scan).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../simulator/random';
import {
  CicdImageSchema,
  RegistryImageSchema,
  SCAN_STATUSES,
  SEVERITY_LEVELS,
  type CicdImage,
  type RegistryImage,
} from '../../shared/contracts';
import { generateEstate } from '../../simulator/estate';
import { LISTS } from '../lists';
import { answersFromAggregate, NAMESPACE_FILTERS } from '../lists/aggregates';
import { listFacets } from '../lists/facets';
import { listWhere } from '../lists/list-store';
import { REGISTRY_LIST } from '../lists/registry';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { InventoryDb } from '../store/db';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import { sweepBothLists, upsertSomeOfBothLists } from '../test-support/per-list';
import { buildRiskSummary } from './risk-summary';

const NOW = Date.UTC(2026, 5, 15, 13, 30);
const DAY = 86_400_000;
const ACCOUNTS = ['acc-a', 'acc-b'];

/** Seeded, so that a failure repeats. */
function randomOf(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;

/** An image changed as a rescan (or a new finding) would change it. */
function rescanned<T extends RegistryImage | CicdImage>(image: T, random: () => number): T {
  const never = random() < 0.1;
  return {
    ...image,
    severity_level: pick(random, [...SEVERITY_LEVELS, '']),
    scan_status: pick(random, SCAN_STATUSES),
    vul_num: random() < 0.4 ? 0 : Math.floor(random() * 50),
    malicious_file_num: random() < 0.8 ? 0 : 1,
    unsafe_setting_num: random() < 0.7 ? 0 : 2,
    latest_version: random() < 0.5,
    latest_scan_time: never ? null : String(NOW - Math.floor(random() * 60 * DAY)),
  };
}

/** Each aggregate's rows (non-empty groups), and the same grouping computed from the table. */
async function aggregatesAndScratch(db: InventoryDb, spec: ListSpec) {
  const extras = spec.table === 'registry_images' ? ['registry_type', 'is_multiple_arch'] : [];
  const dimensions = [
    'account',
    'severity_level',
    'scan_status',
    spec.risk.typeField,
    'latest_version',
    'vul_num',
    'malicious_file_num',
    'unsafe_setting_num',
  ];
  const flags = sql`case when vul_num > 0 then 1 else 0 end as vul_num,
    case when malicious_file_num > 0 then 1 else 0 end as malicious_file_num,
    case when unsafe_setting_num > 0 then 1 else 0 end as unsafe_setting_num`;
  const scanned = sql`case when latest_scan_time is null then null else 0 end`;
  const day = sql`latest_scan_time - (latest_scan_time % ${DAY})`;
  const kinds = [
    ['counts', [...extras, spec.risk.registryField], scanned],
    ['namespaces', [...extras, 'namespace'], scanned],
    ['namespace_registries', [...extras, 'namespace', spec.risk.registryField], scanned],
    ['days', [], day],
  ] as const;
  const shape = (rows: Array<Record<string, unknown>>) =>
    rows.map((row) => JSON.stringify(Object.values(row).map((value) => String(value)))).sort();
  const refs = (columns: readonly string[]) => sql.join(columns.map((column) => sql.ref(column)));
  const out: Record<string, { kept: string[]; scratch: string[] }> = {};
  for (const [kind, names, scanTime] of kinds) {
    const columns = [...dimensions, ...names, 'latest_scan_time'];
    const plain = [...dimensions.slice(0, 5), ...names];
    const kept = await sql<Record<string, unknown>>`select ${refs(columns)}, images
      from ${sql.table(`${spec.table}_risk_${kind}`)} where images <> 0`.execute(db);
    const scratch = await sql<Record<string, unknown>>`select ${refs(columns)},
      count(*) as images from (select ${refs(plain)}, ${flags}, ${scanTime} as latest_scan_time
        from ${sql.table(spec.table)}) g group by ${refs(columns)}`.execute(db);
    out[kind] = { kept: shape(kept.rows), scratch: shape(scratch.rows) };
  }
  // 0057's: the namespace, the severity and the day alone.
  const byDay = ['account', 'namespace', 'severity_level', 'latest_scan_time'];
  const kept = await sql<Record<string, unknown>>`select ${refs(byDay)}, images
    from ${sql.table(`${spec.table}_risk_namespace_days`)} where images <> 0`.execute(db);
  const scratch = await sql<Record<string, unknown>>`select ${refs(byDay)}, count(*) as images
    from (select account, namespace, severity_level, ${day} as latest_scan_time
      from ${sql.table(spec.table)}) g group by ${refs(byDay)}`.execute(db);
  out['namespace_days'] = { kept: shape(kept.rows), scratch: shape(scratch.rows) };
  out['namespace_facets'] = await namespaceFacetsAndScratch(db, spec);
  return out;
}

/** 0061's rows, and each image's value of every facet counted here from the table's rows. */
async function namespaceFacetsAndScratch(db: InventoryDb, spec: ListSpec) {
  const kept = await sql<Record<string, unknown>>`select account, namespace, facet, value, images
    from ${sql.table(`${spec.table}_risk_namespace_facets`)} where images <> 0`.execute(db);
  const images = await sql<Record<string, string | number | null>>`select *
    from ${sql.table(spec.table)}`.execute(db);
  const flag = (value: unknown) => (Number(value) > 0 ? '1' : '0');
  const counts = new Map<string, number>();
  for (const image of images.rows) {
    const facets: Array<[string, string]> = [
      ['severity_level', String(image.severity_level)],
      ['scan_status', String(image.scan_status)],
      [spec.risk.typeField, String(image[spec.risk.typeField])],
      ['latest_version', flag(image.latest_version)],
      [
        'risk',
        [image.vul_num, image.malicious_file_num, image.unsafe_setting_num].map(flag).join(''),
      ],
      ['scanned', image.latest_scan_time === null ? '0' : '1'],
      [spec.risk.registryField, String(image[spec.risk.registryField])],
    ];
    if (spec.table === 'registry_images')
      facets.push(
        ['registry_type', String(image.registry_type)],
        ['is_multiple_arch', flag(image.is_multiple_arch)],
      );
    for (const [facet, value] of facets) {
      const key = JSON.stringify([image.account, image.namespace, facet, value].map(String));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const scratch = [...counts].map(([key, n]) =>
    JSON.stringify([...(JSON.parse(key) as string[]), String(n)]),
  );
  const shape = (rows: Array<Record<string, unknown>>) =>
    rows.map((row) => JSON.stringify(Object.values(row).map((value) => String(value))));
  return { kept: shape(kept.rows).sort(), scratch: scratch.sort() };
}

/** Random writes through the list store and in SQL, checked against a recompute after each. */
async function randomWrites(db: InventoryDb, seed: number, check: () => Promise<void>) {
  const random = randomOf(seed);
  const estate = generateEstate({ seed, registryImages: 300, cicdImages: 120, now: NOW });
  const registry = estate.registryImages.map((record) => RegistryImageSchema.parse(record));
  const cicd = estate.cicdImages.map((record) => CicdImageSchema.parse(record));
  for (let round = 0; round < 8; round++) {
    const account = pick(random, ACCOUNTS);
    const seenAt = NOW + round * 1_000;
    await upsertSomeOfBothLists(db, account, { registry, cicd }, seenAt, random, (image) =>
      rescanned(image, random),
    );
    // A sweep removes what this round did not see.
    if (round % 3 === 2) await sweepBothLists(db, account, seenAt);
    await sql`update registry_images set vul_num = 0, severity_level = 'Low'
      where namespace like ${`%${round}%`}`.execute(db);
    await sql`delete from cicd_images where vul_num % 5 = ${round % 5}`.execute(db);
    await check();
  }
}

describe.each(inventoryBackends())('the risk aggregates on $name', (backend) => {
  it(
    'equal a grouping from scratch after random upserts, rescans and removals',
    () =>
      withInventory(backend, async (db) => {
        await randomWrites(db, 31, async () => {
          for (const spec of LISTS)
            for (const [kind, { kept, scratch }] of Object.entries(
              await aggregatesAndScratch(db, spec),
            )) {
              expect(scratch.length, `${spec.table} ${kind}`).toBeGreaterThan(0);
              expect(kept, `${spec.table} ${kind}`).toEqual(scratch);
            }
        });
      }),
    120_000,
  );

  it(
    'answer the summary as the scan does, with and without filters',
    () =>
      withInventory(backend, async (db) => {
        await randomWrites(db, 5, () => Promise.resolve());
        const queries = [
          {},
          { severity_level: ['High' as const, 'Medium' as const] },
          { scan_status: ['success' as const], has_vul: true },
          { namespace: 'a', severity_level: ['High' as const] },
          // Namespace filters (0054's groups by namespace and registry name, the scan ages of the
          // matching namespaces): substring, picks, a scope's patterns, with a registry name.
          { namespace: 'e', severity_level: ['High' as const, 'Medium' as const], has_vul: true },
          { namespaces: ['payments', 'platform', 'no-such'], scan_status: ['success' as const] },
          { scope_namespaces: ['pay*', '*-eng'], risky: true },
          { namespace: 'a', registry_name: 'swr' },
          { namespace: 'zzz-none' },
          // Namespace filters alone or with severities: the scan ages from 0057's day groups.
          { namespace: 'a' },
          {
            namespaces: ['payments', 'platform'],
            severity_level: ['High' as const, 'Low' as const],
          },
          { scope_namespaces: ['pay*', '*-eng'], never_scanned: false },
          { namespace: 'e', never_scanned: true },
          // Namespace filters alone: each dimension's counts per namespace (0061).
          { namespaces: ['payments', 'platform', 'no-such'] },
          { scope_namespaces: ['pay*', '*-eng'] },
          { namespace: 'e', namespaces: ['payments', 'data-eng'] },
          { registry_name: 'a', is_multarch: false },
          { risky: false, latest_version: true },
          { never_scanned: true },
          { image_type: ['private_image' as const] },
          // Not an aggregate dimension: the scan answers.
          { image_name: 'a' },
          { start_latest_scan_time: String(NOW - 10 * DAY) },
        ];
        // Scan-age boundaries in the afternoon and in the morning (counted from either end of a day).
        for (const [account, now] of [
          [ACCOUNTS[0] ?? '', NOW],
          [ACCOUNTS[1] ?? '', NOW - 6 * 3_600_000],
        ] as const)
          for (const query of queries) {
            const options = {
              account,
              request: { kind: 'registry' as const, query },
              filters: {},
              now,
              syncedAt: null,
            };
            const fromAggregates = await buildRiskSummary(db, options);
            const scanned = await buildRiskSummary(db, { ...options, scan: true });
            // The namespace filter sets take 0054's path, not the scan; with no other filter than
            // severities and whether scanned, the scan ages are 0057's day groups.
            const filtersNamespace = Object.keys(query).some((key) =>
              NAMESPACE_FILTERS.includes(key),
            );
            const answers = (
              kind: 'namespace_registries' | 'namespace_days' | 'namespace_facets',
            ) =>
              answersFromAggregate(db, REGISTRY_LIST, kind, query, (q) =>
                listWhere(REGISTRY_LIST, account, q, now),
              );
            if (filtersNamespace) {
              expect(answers('namespace_registries'), JSON.stringify(query)).toBe(true);
              expect(answers('namespace_days'), JSON.stringify(query)).toBe(
                Object.keys(query).every((key) =>
                  [...NAMESPACE_FILTERS, 'severity_level', 'never_scanned'].includes(key),
                ),
              );
              expect(answers('namespace_facets'), JSON.stringify(query)).toBe(
                Object.keys(query).every((key) => NAMESPACE_FILTERS.includes(key)),
              );
            }
            expect(fromAggregates, JSON.stringify(query)).toEqual(scanned);
            if (query.namespace !== 'zzz-none') expect(scanned.total_num).toBeGreaterThan(0);
          }
        // The CI/CD list's summary under namespace filters alone (its type and name columns).
        let cicdTotal = 0;
        for (const query of [
          { namespace: 'a' },
          { namespace: 'e' },
          { scope_namespaces: ['*a*'] },
        ]) {
          const options = {
            account: ACCOUNTS[0] ?? '',
            request: { kind: 'cicd' as const, query },
            filters: {},
            now: NOW,
            syncedAt: null,
          };
          const scanned = await buildRiskSummary(db, { ...options, scan: true });
          expect(await buildRiskSummary(db, options), `cicd ${JSON.stringify(query)}`).toEqual(
            scanned,
          );
          cicdTotal += scanned.total_num;
        }
        expect(cicdTotal).toBeGreaterThan(0);
      }),
    120_000,
  );

  // Under an image name (a substring no index seeks) the summary reads 0070's index led by the
  // name, covering: 0015's lacks the name, so every image's row was read (1M, 'nginx': 5-6 s).
  it(
    'answer the summary under an image name as the scan does, from the index led by the name',
    () =>
      withInventory(backend, async (db) => {
        await randomWrites(db, 7, () => Promise.resolve());
        const queries: ListQuery[] = [
          { image_name: 'a' },
          { image_name: 'E', scan_status: ['success'] },
          { image_name: 'a', namespace: 'e', has_vul: true },
          { image_name: 'e', severity_level: ['High', 'Medium'], risky: true },
          { image_name: 'a', scope_namespaces: ['pay*', '*-eng'] },
          { image_name: 'zzz-none' },
        ] as ListQuery[];
        let total = 0;
        for (const spec of LISTS)
          for (const query of queries) {
            const label = `${spec.name} ${JSON.stringify(query)}`;
            const options = {
              account: ACCOUNTS[0] ?? '',
              request: { kind: spec.name, query },
              filters: {},
              now: NOW,
              syncedAt: null,
            };
            const { db: recording, queries: statements } = recordingQueries(db);
            const answer = await buildRiskSummary(recording, options);
            expect(answer, label).toEqual(await buildRiskSummary(db, { ...options, scan: true }));
            total += answer.total_num;
            if (backend.name !== 'sqlite') continue;
            const plans = await Promise.all(
              statements
                .filter((statement) => /^\s*(select|with)\b/i.test(statement.sql))
                .map(async (statement) => (await explainPlan(db, statement)).text),
            );
            expect(plans.join('\n'), label).not.toContain(`INDEX ${spec.table}_summary`);
            expect(plans.join('\n'), label).toContain(`COVERING INDEX ${spec.table}_name_facets`);
          }
        expect(total).toBeGreaterThan(0);
      }),
    120_000,
  );

  it(
    'answer the facets as the scan does, under any filter set',
    () =>
      withInventory(backend, async (db) => {
        await randomWrites(db, 9, () => Promise.resolve());
        const queries: Array<Record<string, unknown>> = [
          {},
          { severity_level: ['High', 'Medium'], has_vul: true },
          { scan_status: ['success'], risky: false },
          { namespace: 'a' },
          { namespaces: ['x', 'y'], latest_version: true },
          { never_scanned: false, image_type: ['private_image'] },
          { is_multarch: true },
          { registry_name: 'a', severity_level: ['Low'] },
          { namespace: 'e', registry_name: 'a', has_vul: true },
          { scope_namespaces: ['pay*', 'data*'], scan_status: ['success'] },
          { namespace: 'zzz-none', severity_level: ['High'] },
          // Namespace filters alone: each dimension's counts per namespace (0061).
          { namespace: 'e' },
          { namespaces: ['payments', 'platform', 'no-such'] },
          { scope_namespaces: ['pay*', 'data*'] },
          { namespace: 'a', namespaces: ['payments', 'data-eng'] },
          { namespace: 'zzz-none' },
          // Not an aggregate dimension: the scan answers.
          { image_name: 'a', severity_level: ['High'] },
        ];
        for (const spec of LISTS)
          for (const query of queries) {
            // The CI/CD list's names for the same filters (it has no type or multi-arch filter).
            const { registry_name: name, image_type: _type, is_multarch: _flag, ...cicd } = query;
            const listQuery = spec.name === 'cicd' ? { ...cicd, cicd_name: name } : query;
            const read = { now: NOW };
            const fromAggregates = await listFacets(spec, db, 'acc-a', listQuery, read);
            const scanned = await listFacets(spec, db, 'acc-a', listQuery, { ...read, scan: true });
            expect(fromAggregates, `${spec.name} ${JSON.stringify(query)}`).toEqual(scanned);
          }
      }),
    120_000,
  );
});
