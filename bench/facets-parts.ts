// Where a facets answer's time goes at 1M: each statement's wall and CPU time, and its plan.
// `npx tsx bench/facets-parts.ts [case…] [--plan] [--runs=N]` over the cached 1M inventory
// (bench/large-inventory.ts), read only. Not a figure of the suite: a probe for one change.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { CicdImagesListQuery, RegistryImagesListQuery } from '../src/shared/contracts';
import type { InventoryTables } from '../src/server/store/tables';
import { cicdImageFacets, registryImageFacets } from '../src/server/test-support/per-list';
import { LARGE_INVENTORY_ACCOUNT, largeInventoryDir, openLargeInventory } from './large-inventory';
import { openColumnScans } from '../src/server/lists/column-scan';
import { listFacets } from '../src/server/lists/facets';
import { CICD_LIST } from '../src/server/lists/cicd';
import { REGISTRY_LIST } from '../src/server/lists/registry';
import type { ListQuery } from '../src/server/lists/spec';

const args = process.argv.slice(2);
const plan = args.includes('--plan');
const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 2);
const only = args.filter((arg) => !arg.startsWith('--'));

// FACETS_FILE: another inventory file (an older tree's, to compare); by default the cached one,
// made (or upgraded to the latest migration) first.
// FACETS_IMAGES: another size of the cached inventory (default 1M).
const size = Number(process.env.FACETS_IMAGES ?? 1_000_000);
const file =
  process.env.FACETS_FILE ??
  (await (async () => {
    await (await openLargeInventory(size)).close();
    return path.join(largeInventoryDir(size), 'inventory.sqlite');
  })());
const sqlite = new Database(file, { readonly: true });
let statements: Array<{ sql: string; wall: number; cpu: number; parameters: readonly unknown[] }> =
  [];
let lastCpu = process.cpuUsage();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const db = new Kysely<InventoryTables>({
  dialect: new SqliteDialect({ database: sqlite }),
  log(event) {
    const now = process.cpuUsage();
    statements.push({
      sql: event.query.sql,
      parameters: event.query.parameters,
      wall: event.queryDurationMillis,
      cpu: cpuMs(process.cpuUsage(lastCpu)),
    });
    lastCpu = now;
  },
});
const account = LARGE_INVENTORY_ACCOUNT;
const { rows: layers } = await sql<{ value: string }>`select value
  from registry_images_risk_base_groups where account = ${account} and facet = 'layer'
    and cross_facet = '' group by value order by sum(images) desc, value limit 1`.execute(db);
const cases: Record<string, RegistryImagesListQuery> = {
  os: { basic_image_os: 'Debian GNU/Linux' },
  eol: { basic_image_eol: true },
  eolsev: { basic_image_eol: true, severity_level: ['High', 'Medium'] },
  layer: { basic_image_digest: layers[0]?.value ?? '' },
  osvreg: { basic_image_os_version: '12', registry_name: 'swr' },
  name: { image_name: 'nginx' },
  namesev: { image_name: 'nginx', severity_level: ['High'] },
  // A short name most of the account's names contain; a scan status beside the name (not 0068's).
  nameshort: { image_name: 'e', severity_level: ['Low', 'unrated'] },
  namescan: { image_name: 'nginx', scan_status: ['success'] },
  // An image name beside every other kind of filter (0070's index led by the name).
  namens: { image_name: 'nginx', namespace: 'a' },
  namerisky: { image_name: 'nginx', risky: true },
  nameos: { image_name: 'nginx', basic_image_os: 'Debian GNU/Linux' },
  nameregflags: {
    image_name: 'nginx',
    registry_name: 'swr',
    has_vul: true,
    image_type: ['private_image'],
  },
  nameshortscan: { image_name: 'e', scan_status: ['success'] },
  // Filters no kept aggregate answers (s42: the column scan's).
  size1: { image_size: 1 },
  size300m: { image_size: 300_000_000 },
  version: { image_version: '1' },
  q: { q: 'nginx' },
  qref: { q: 'library/nginx:1' },
  scan30: { start_latest_scan_time: String(Date.now() - 30 * 86_400_000) },
  none: {},
};
// The CI/CD list's: a pipeline name (`cicd_name`, a substring) beside a base filter.
const cicdCases: Record<string, CicdImagesListQuery> = {
  cicdos: { basic_image_os: 'Debian GNU/Linux' },
  cicdosname: { basic_image_os: 'Debian GNU/Linux', cicd_name: 'nginx' },
  cicdosvname: { basic_image_os_version: '12', cicd_name: 'a' },
  cicdeolname: { basic_image_eol: true, cicd_name: 'a' },
  cicdname: { cicd_name: 'a' },
  cicdimgname: { image_name: 'nginx', cicd_name: 'a', scan_status: ['success'] },
  cicdimgos: { image_name: 'nginx', basic_image_os: 'Debian GNU/Linux', severity_level: ['High'] },
  cicdsize1: { image_size: 1 },
  cicdq: { q: 'nginx' },
};
console.log(
  `load ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
// --columns: the facets no kept aggregate answers from the rows as columns (column-scan.ts), in
// their worker reading the same file; each list's snapshot is read first (its figures printed).
if (args.includes('--columns'))
  console.log(`RSS before any snapshot ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
const columns = args.includes('--columns')
  ? openColumnScans(file, {
      onBuilt: (built) =>
        console.log(
          `columns of ${built.list}: ${built.rows} rows read in ${built.ms} ms (worker CPU ${built.cpuMs.toFixed(0)} ms), ${(built.bytes / 2 ** 20).toFixed(0)} MiB of arrays; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
        ),
      onCounted: (ms) => console.log(`  counted in the worker in ${ms.toFixed(1)} ms`),
    })
  : undefined;
const facetsOf = (name: string, query: object) =>
  columns !== undefined
    ? listFacets(name in cicdCases ? CICD_LIST : REGISTRY_LIST, db, account, query as ListQuery, {
        now: Date.now(),
        columns,
      })
    : name in cicdCases
      ? cicdImageFacets(db, account, query, Date.now())
      : registryImageFacets(db, account, query, Date.now());
for (const [name, query] of Object.entries({ ...cases, ...cicdCases })) {
  if (only.length > 0 && !only.includes(name)) continue;
  for (let run = 0; run < runs; run += 1) {
    statements = [];
    lastCpu = process.cpuUsage();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await facetsOf(name, query);
    const wall = performance.now() - start;
    const cpu = cpuMs(process.cpuUsage(cpuStart));
    console.log(`${name} run ${run}: wall ${wall.toFixed(0)} ms, CPU ${cpu.toFixed(0)} ms`);
    if (run === runs - 1)
      for (const statement of statements.filter((s) => s.wall > 5 || plan)) {
        console.log(
          `  ${statement.wall.toFixed(0)} ms wall ~${statement.cpu.toFixed(0)} ms CPU: ${statement.sql.replace(/\s+/g, ' ').slice(0, 400)}`,
        );
        if (plan && /^\s*(select|with)/i.test(statement.sql))
          for (const row of sqlite
            .prepare(`explain query plan ${statement.sql}`)
            .all(
              ...statement.parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)),
            ) as Array<{ detail: string }>)
            console.log(`      ${row.detail}`);
      }
  }
}
await db.destroy();
if (columns !== undefined) {
  console.log(`RSS at the end ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  await columns.close();
}
