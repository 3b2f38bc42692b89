// One search over the inventory (GET /api/search's computation, server/search/search.ts) at
// 200,000 repository images and 2,000 CI/CD images on SQLite: the median time of each key kind,
// computed every time (no query cache). Bound: 50 ms (issue 23), for the keys the indexes of
// migration 0029 serve; free text scans the lists (the lists' own search) and is reported.
import { REGISTRY_LIST, CICD_LIST } from '../src/server/lists';
import { upsertImages } from '../src/server/lists/list-store';
import { searchInventory } from '../src/server/search/search';
import { parseSearchKey } from '../src/server/search/search-key';
import { openInventory } from '../src/server/store/db';
import { parseJsonLossless } from '../src/server/upstream/json';
import {
  CicdImageSchema,
  RegistryImageSchema,
  SEARCH_ARTIFACTS_MAX,
} from '../src/shared/contracts';
import { generateEstate } from '../src/simulator/estate';
import { registryImageJson } from '../src/simulator/serialise';
import { medianMs } from './bench-util';
import type { BenchFigure } from './run';

const IMAGES = 200_000;
const CICD_IMAGES = 2_000;
const RUNS = 15;
const BOUND_MS = 50;
const ACCOUNT = 'bench-search';
const BATCH = 1_000;

export async function run(): Promise<BenchFigure[]> {
  const estate = generateEstate({
    seed: 23,
    registryImages: IMAGES,
    cicdImages: CICD_IMAGES,
    now: Date.now(),
  });
  const db = await openInventory(':memory:');
  try {
    const seenAt = Date.now();
    const registry = estate.registryImages.map((record) =>
      RegistryImageSchema.parse(parseJsonLossless(registryImageJson(record, estate))),
    );
    for (let offset = 0; offset < registry.length; offset += BATCH)
      await upsertImages(
        REGISTRY_LIST,
        db,
        ACCOUNT,
        registry.slice(offset, offset + BATCH),
        seenAt,
      );
    const cicd = estate.cicdImages.map((record) =>
      CicdImageSchema.parse(JSON.parse(JSON.stringify(record))),
    );
    for (let offset = 0; offset < cicd.length; offset += BATCH)
      await upsertImages(CICD_LIST, db, ACCOUNT, cicd.slice(offset, offset + BATCH), seenAt);

    const sample = registry[Math.floor(registry.length / 2)];
    if (sample === undefined) throw new Error('empty estate');
    const queries: Array<[string, string]> = [
      ['digest', sample.image_digest],
      [
        'digest prefix (12 hex)',
        sample.image_digest.slice('sha256:'.length, 'sha256:'.length + 12),
      ],
      ['image id', sample.image_id],
      ['name:tag', `${sample.image_name.split('/').at(-1) ?? ''}:${sample.image_version}`],
      ['namespace/name:tag', `${sample.namespace}/${sample.image_name}:${sample.image_version}`],
      ['text (a name)', sample.image_name.slice(0, 6)],
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
