// One search over the inventory (GET /api/search's computation, server/search/search.ts) at
// 200,000 repository images and 2,000 CI/CD images on SQLite (filled in SQL, analysed): the median time of each key kind,
// computed every time (no query cache). Bound: 50 ms (issue 23), for the keys the indexes of
// migration 0029 serve; free text scans the lists (the lists' own search) and is reported.
import { sql } from 'kysely';
import { searchInventory } from '../src/server/search/search';
import { parseSearchKey } from '../src/server/search/search-key';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { SEARCH_ARTIFACTS_MAX } from '../src/shared/contracts';
import { medianMs } from './bench-util';
import type { BenchFigure } from './run';

const IMAGES = 200_000;
const CICD_IMAGES = 2_000;
const RUNS = 15;
const BOUND_MS = 50;
const ACCOUNT = 'bench-search';

interface SampleRow {
  namespace: string;
  image_name: string;
  image_version: string;
  image_id: string;
  image_digest: string;
}

export async function run(): Promise<BenchFigure[]> {
  const db = await openInventory(':memory:');
  try {
    await fill(db);
    const sample = (
      await sql<SampleRow>`select namespace, image_name, image_version, image_id,
        image_digest from registry_images where id = ${String(IMAGES / 2)}`.execute(db)
    ).rows[0];
    if (sample === undefined) throw new Error('the inventory was not filled');
    const queries: Array<[string, string]> = [
      ['digest', sample.image_digest],
      [
        'digest prefix (12 hex)',
        sample.image_digest.slice('sha256:'.length, 'sha256:'.length + 12),
      ],
      ['image id', sample.image_id],
      ['name:tag', `${sample.image_name.split('/').at(-1) ?? ''}:${sample.image_version}`],
      ['namespace/name:tag', `${sample.namespace}/${sample.image_name}:${sample.image_version}`],
      ['text (one repository name)', sample.image_name],
      ['text (matching every image)', 'servic'],
    ];
    const figures: BenchFigure[] = [];
    for (const [label, q] of queries) {
      const parsed = parseSearchKey(q);
      if (!parsed.ok) throw new Error(`${label}: ${parsed.reason}`);
      const request = { account: ACCOUNT, key: parsed.key, limit: SEARCH_ARTIFACTS_MAX };
      const first = await searchInventory(db, request);
      if (!first.ok || first.total === 0) throw new Error(`${label}: ${q} found nothing`);
      const ms = await medianMs(RUNS, () => searchInventory(db, request));
      figures.push({
        figure: `search ${label} over ${IMAGES.toLocaleString('en')} images, median (computed)`,
        value: ms,
        unit: 'ms',
        better: 'lower',
        ...(parsed.key.kind === 'text' ? {} : { bound: BOUND_MS }),
      });
    }
    return figures;
  } finally {
    await db.destroy();
  }
}

/**
 * The lists filled in SQL (a crawl of 200,000 images would take minutes before the first
 * figure): random digests and image ids, 2,000 repositories in 50 namespaces, one tag each.
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
  await sql`analyze`.execute(db);
}
