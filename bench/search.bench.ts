// One search over the inventory (GET /api/search's computation, server/search/search.ts) at
// 200,000 HSS repository images, 2,000 HSS CI/CD images and 200,000 ACR tags on SQLite (filled
// in SQL, analysed; a quarter of the ACR tags share an HSS image's digest, all share its names):
// the median time of each key kind, computed every time (no query cache). Bound: 50 ms for every
// key kind (issue 23), free text included.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { searchInventory, type SearchRequest } from '../src/server/search/search';
import { parseSearchKey } from '../src/server/search/search-key';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { LATEST_MIGRATION } from '../src/server/store/migrations';
import { SEARCH_ARTIFACTS_MAX } from '../src/shared/contracts';
import { medianMs, round } from './bench-util';
import type { BenchFigure } from './run';

const IMAGES = 200_000;
const CICD_IMAGES = 2_000;
const ACR_TAGS = 200_000;
const RUNS = 15;
const BOUND_MS = 50;
const ACCOUNT = 'bench-search';
const ACR_ACCOUNT = 'bench-search-acr';
/** Change the fill, bump it: the next run builds a new cache file. */
const FILL_VERSION = 1;
/** The filled inventory (minutes to build under load), reused while the schema is the same. */
const CACHED = fileURLToPath(
  new URL(`./.cache/search-v${FILL_VERSION}-${LATEST_MIGRATION}.sqlite`, import.meta.url),
);

interface SampleRow {
  namespace: string;
  image_name: string;
  image_version: string;
  image_id: string;
  image_digest: string;
}

export async function run(): Promise<BenchFigure[]> {
  const { db, close } = await filledInventory();
  try {
    const sample = (
      await sql<SampleRow>`select namespace, image_name, image_version, image_id,
        image_digest from registry_images where id = ${String(IMAGES / 2)}`.execute(db)
    ).rows[0];
    if (sample === undefined) throw new Error('the inventory was not filled');
    const digestHex = sample.image_digest.slice('sha256:'.length);
    const queries: Array<[string, string]> = [
      ['digest', sample.image_digest],
      ['digest prefix (12 hex)', digestHex.slice(0, 12)],
      ['image id', sample.image_id],
      ['name:tag', `${sample.image_name}:${sample.image_version}`],
      ['namespace/name:tag', `${sample.namespace}/${sample.image_name}:${sample.image_version}`],
      ['namespace/name', `${sample.namespace}/${sample.image_name}`],
      ['text, short (one repository name)', sample.image_name],
      ['text, long (name@digest)', `${sample.image_name}@${digestHex.slice(0, 16)}`],
      ['text, a namespace (equal and substring)', 'ns-4'],
      ['text, two characters (no trigram)', 'e-'],
      ['text matching nearly every row', 'servic'],
    ];
    const figures: BenchFigure[] = [];
    for (const [label, q] of queries) {
      const parsed = parseSearchKey(q);
      if (!parsed.ok) throw new Error(`${label}: ${parsed.reason}`);
      const request: SearchRequest = {
        account: ACCOUNT,
        acrAccounts: [ACR_ACCOUNT],
        key: parsed.key,
        limit: SEARCH_ARTIFACTS_MAX,
      };
      const first = await searchInventory(db, request);
      if (!first.ok || first.total === 0) throw new Error(`${label}: ${q} found nothing`);
      const ms = await medianMs(RUNS, () => searchInventory(db, request));
      console.log(
        `search bench: ${label} (${parsed.key.kind} ${q}): ${ms} ms, total ${first.total}${first.truncated ? ' (truncated)' : ''}`,
      );
      figures.push({
        figure: `search ${label} over ${IMAGES.toLocaleString('en')} HSS images + ${ACR_TAGS.toLocaleString('en')} ACR tags, median (computed)`,
        value: ms,
        unit: 'ms',
        better: 'lower',
        bound: BOUND_MS,
      });
    }
    return figures;
  } finally {
    await close();
  }
}

/** The filled inventory: a private copy of the cached file, or filled now (and cached). */
async function filledInventory(): Promise<{ db: InventoryDb; close: () => Promise<void> }> {
  if (existsSync(CACHED)) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-search-bench-'));
    copyFileSync(CACHED, path.join(dataDir, 'inventory.sqlite'));
    const db = await openInventory({ dataDir });
    console.log(`search bench: reusing ${CACHED}`);
    return {
      db,
      close: async () => {
        await db.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const db = await openInventory(':memory:');
  const fillStart = performance.now();
  await fill(db);
  console.log(`search bench: filled in ${round((performance.now() - fillStart) / 1000, 1)} s`);
  mkdirSync(path.dirname(CACHED), { recursive: true });
  const partial = `${CACHED}.partial-${process.pid}`;
  await sql`vacuum into ${partial}`.execute(db);
  renameSync(partial, CACHED);
  return { db, close: () => db.destroy() };
}

/**
 * The lists filled in SQL, one statement each (a crawl of 400,000 records would take minutes
 * before the first figure): random digests and image ids, 2,000 repositories in 50 namespaces,
 * one tag each; the ACR tags copy the HSS images' names, a quarter of them their digests too.
 */
async function fill(db: InventoryDb): Promise<void> {
  const rows = (table: string, key: string, count: number) => sql`insert into ${sql.table(table)}
    (account, ${sql.ref(key)}, namespace, image_name, image_version, image_id, image_digest,
     scan_status, severity_level, vul_num, latest_scan_time, seen_at)
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
    select ${ACCOUNT}, cast(i as text), 'ns-' || (i % 50), 'service-' || (i % 2000),
      'v' || i, lower(hex(randomblob(32))), 'sha256:' || lower(hex(randomblob(32))),
      case when i % 3 = 0 then 'unscan' else 'success' end,
      case when i % 3 = 0 then '' else 'High' end, i % 7,
      case when i % 3 = 0 then null else 1700000000000 + i end, 0
    from n`;
  await rows('registry_images', 'id', IMAGES).execute(db);
  await rows('cicd_images', 'record_key', CICD_IMAGES).execute(db);
  await sql`insert into acr_tags (account, tag_key, instance_id, region_id, repo_id, namespace,
      image_name, image_version, image_digest, image_id, seen_at)
    select ${ACR_ACCOUNT}, 'cri-bench:' || id, 'cri-bench', 'cn-hangzhou',
      'crr-' || (cast(id as integer) % 2000), namespace, image_name, image_version,
      case when cast(id as integer) % 4 = 0 then image_digest
        else 'sha256:' || lower(hex(randomblob(32))) end,
      lower(hex(randomblob(32))), 0
    from registry_images where account = ${ACCOUNT} and cast(id as integer) <= ${ACR_TAGS}`.execute(
    db,
  );
  await sql`analyze`.execute(db);
}
