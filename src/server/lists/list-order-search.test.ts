// Issue 18 and issue 16's filter meanings, on both databases: severity and scan status sort by
// rank (lists and exports alike), `q` understands image references and ranks exact matches
// first, `namespaces` picks exact namespaces (with facet counts), and the list filters mean what
// the simulator's do (so what the upstream's do).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateEstate, type Estate } from '../../simulator';

import { queryRegistryImages as simulatorRegistryImages } from '../../simulator/query';

import {
  SCAN_STATUSES_IN_ORDER,
  SEVERITY_LEVELS_BY_RANK,
  type CicdImagesListQuery,
  type RegistryImagesListQuery,
} from '../../shared/contracts';

import { mirrorEstate } from '../test-support/sync-harness';

import { analyzeInventory, type InventoryDb } from '../store/db';

import { dialectOf } from '../store/dialect';

import { CICD_LIST, REGISTRY_LIST, type ListQuery, type ListSpec } from '.';
import { queryList } from './list-store';

import { openSnapshot } from '../export/export-stream';

import { inventoryBackends } from '../test-support/test-backends';
import {
  cicdImagesOrder,
  cicdImagesWhere,
  queryRegistryImages,
  registryImageFacets,
  registryImagesOrder,
  registryImagesWhere,
} from '../test-support/per-list';

const NOW = Date.UTC(2025, 0, 15);
const ACCOUNT = 'a';

// The documented orders, ascending (README "Sort orders"); descending is the exact reverse.
const SEVERITY_ASC = ['', 'Security', 'Low', 'Medium', 'High'];
const SCAN_STATUS_ASC = documentedScanStatusOrder();

/** The scan statuses in the order README's "Sort orders" names them (the codes after `sort_key=scan_status`). */
function documentedScanStatusOrder(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('`sort_key=scan_status`');
  const paragraph = readme.slice(start, readme.indexOf('descending', start));
  return [...paragraph.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? '');
}

interface Identity {
  id?: string;
  image_id: string;
  namespace: string;
  image_name: string;
  image_version: string;
  image_digest: string;
  severity_level: string;
  scan_status: string;
}

/** Every row of the list matching `query`, page by page as the API serves them. */
async function allRows<Q extends ListQuery>(
  spec: ListSpec<Q, unknown, Identity>,
  db: InventoryDb,
  query: Q,
): Promise<Identity[]> {
  const rows: Identity[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await queryList(spec, db, ACCOUNT, { ...query, offset, limit: 200 }, { now: NOW });
    rows.push(...page.data_list);
    if (offset + 200 >= page.total_num) return rows;
  }
}

const allRegistry = (db: InventoryDb, query: RegistryImagesListQuery) =>
  allRows(REGISTRY_LIST, db, query);
const allCicd = (db: InventoryDb, query: CicdImagesListQuery) => allRows(CICD_LIST, db, query);

/** Positions of each row's value in `order`: must never decrease (asc) or increase (desc). */
function ranks(
  rows: readonly Identity[],
  field: 'severity_level' | 'scan_status',
  order: string[],
) {
  return rows.map((row) => {
    const rank = order.indexOf(row[field]);
    expect(rank, `${field} ${row[field]} is in the documented order`).toBeGreaterThanOrEqual(0);
    return rank;
  });
}

function isSorted(values: readonly number[], direction: 'asc' | 'desc'): boolean {
  return values.every(
    (value, i) =>
      i === 0 || (direction === 'asc' ? value >= values[i - 1]! : value <= values[i - 1]!),
  );
}

const reference = (image: Identity) =>
  `${image.namespace}/${image.image_name}:${image.image_version}`;

const backends = inventoryBackends();

it('the contracts list severities and scan statuses in the documented orders (menus use them)', () => {
  expect(['', ...[...SEVERITY_LEVELS_BY_RANK].reverse()]).toEqual(SEVERITY_ASC);
  expect([...SCAN_STATUSES_IN_ORDER]).toEqual(SCAN_STATUS_ASC);
});
let estate: Estate;

beforeAll(() => {
  estate = generateEstate({ seed: 11, registryImages: 1_200, cicdImages: 250, now: NOW });
});

describe.each(backends)('on $name', (backend) => {
  let db: InventoryDb;

  beforeAll(async () => {
    db = await backend.open();
    await mirrorEstate(db, ACCOUNT, estate, NOW);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
  });

  it('sorts repository images by severity rank: High, Medium, Low, Secure, then not rated', async () => {
    const desc = await allRegistry(db, { sort_key: 'severity_level', sort_dir: 'desc' });
    expect(desc[0]?.severity_level).toBe('High');
    expect(desc.at(-1)?.severity_level).toBe('');
    expect(isSorted(ranks(desc, 'severity_level', SEVERITY_ASC), 'desc')).toBe(true);
    const asc = await allRegistry(db, { sort_key: 'severity_level', sort_dir: 'asc' });
    expect(asc.map((row) => row.id)).toEqual(desc.map((row) => row.id).reverse());
  });

  it('sorts by rank through either plan (index walk or filter then sort) once analysed', async () => {
    await analyzeInventory(db);
    // Selective: SQLite reads the filter's index and sorts (`+rank`); broad: it walks the index.
    for (const query of [
      { namespaces: ['payments'] },
      { has_vul: true },
    ] satisfies RegistryImagesListQuery[]) {
      const rows = await allRegistry(db, {
        ...query,
        sort_key: 'severity_level',
        sort_dir: 'desc',
      });
      expect(rows.length).toBeGreaterThan(0);
      expect(isSorted(ranks(rows, 'severity_level', SEVERITY_ASC), 'desc')).toBe(true);
    }
  });

  it('sorts CI/CD images by severity rank too', async () => {
    const desc = await allCicd(db, { sort_key: 'severity_level', sort_dir: 'desc' });
    expect(desc[0]?.severity_level).toBe('High');
    expect(isSorted(ranks(desc, 'severity_level', SEVERITY_ASC), 'desc')).toBe(true);
  });

  it('sorts scan status in the order of a scan: not scanned, waiting, scanning, scanned, failures', async () => {
    const asc = await allRegistry(db, { sort_key: 'scan_status', sort_dir: 'asc' });
    expect(isSorted(ranks(asc, 'scan_status', SCAN_STATUS_ASC), 'asc')).toBe(true);
    expect(asc[0]?.scan_status).toBe('unscan');
    const cicd = await allCicd(db, { sort_key: 'scan_status', sort_dir: 'desc' });
    expect(isSorted(ranks(cicd, 'scan_status', SCAN_STATUS_ASC), 'desc')).toBe(true);
  });

  it('reads a page sorted by rank by walking the rank index, with no sort', async () => {
    const cases = [
      ['registry_images', 'severity_level', 'registry_images_sort_severity_level_rank'],
      ['registry_images', 'scan_status', 'registry_images_sort_scan_status_rank'],
      ['cicd_images', 'severity_level', 'cicd_images_sort_severity_level_rank'],
      ['cicd_images', 'scan_status', 'cicd_images_sort_scan_status_rank'],
    ] as const;
    for (const [table, sortKey, index] of cases) {
      const order =
        table === 'registry_images'
          ? registryImagesOrder({ sort_key: sortKey, sort_dir: 'desc' })
          : cicdImagesOrder({ sort_key: sortKey, sort_dir: 'desc' });
      const select = sql`select * from ${sql.table(table)} where account = ${ACCOUNT}
        order by ${order} limit 200`;
      await db.connection().execute(async (connection) => {
        let plan: string;
        if (dialectOf(db) === 'sqlite') {
          const rows = await sql<{ detail: string }>`explain query plan ${select}`.execute(
            connection,
          );
          plan = rows.rows.map((row) => row.detail).join('\n');
          expect(plan, index).not.toMatch(/TEMP B-TREE/);
        } else {
          // 1,200 rows are few enough for a sort: forbid it, so that only a matching index serves.
          await sql`set enable_sort = off`.execute(connection);
          const rows = await sql<{ 'QUERY PLAN': string }>`explain ${select}`.execute(connection);
          await sql`reset enable_sort`.execute(connection);
          plan = rows.rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(plan, index).not.toMatch(/Sort/);
        }
        expect(plan, index).toContain(index);
      });
    }
  });

  it('exports in the order of the list', async () => {
    const query: RegistryImagesListQuery = {
      sort_key: 'severity_level',
      sort_dir: 'desc',
      has_vul: true,
    };
    const listed = (await allRegistry(db, query)).map((row) => row.id);
    const reader = await openSnapshot(
      db,
      'registry_images',
      ['id', 'severity_level'],
      registryImagesWhere(ACCOUNT, query, NOW),
      registryImagesOrder(query),
    );
    const exported: unknown[][] = [];
    for await (const batch of reader.batches()) exported.push(...batch);
    expect(exported.map((row) => String(row[0]))).toEqual(listed);
    // By rank, worst first (not alphabetically: Security, Medium, Low, High).
    const severities = exported.map((row) => SEVERITY_ASC.indexOf(String(row[1])));
    expect(severities[0]).toBe(SEVERITY_ASC.indexOf('High'));
    expect(isSorted(severities, 'desc')).toBe(true);

    const cicdQuery: CicdImagesListQuery = { sort_key: 'scan_status', sort_dir: 'asc' };
    const cicdListed = (await allCicd(db, cicdQuery)).map((row) => row.image_id);
    const cicdReader = await openSnapshot(
      db,
      'cicd_images',
      ['image_id'],
      cicdImagesWhere(ACCOUNT, cicdQuery, NOW),
      cicdImagesOrder(cicdQuery),
    );
    const cicdExported: unknown[] = [];
    for await (const batch of cicdReader.batches())
      cicdExported.push(...batch.map((row) => row[0]));
    expect(cicdExported.map(String)).toEqual(cicdListed);
  });

  it('finds an image by namespace/name:tag, name:tag, namespace/name and pull references, exact first', async () => {
    // An image whose repository has several tags, so that `namespace/name` finds more than one.
    const image = estate.registryImages.find(
      (candidate) =>
        !candidate.image_name.includes('/') &&
        candidate.image_digest !== '' &&
        estate.registryImages.filter(
          (other) =>
            other.namespace === candidate.namespace && other.image_name === candidate.image_name,
        ).length > 2,
    ) as Identity | undefined;
    if (!image) throw new Error('the estate has no repository with several tags');
    const host = 'swr.cn-north-4.myhuaweicloud.com';
    const exactReferences = [
      reference(image),
      `${image.image_name}:${image.image_version}`,
      `${host}/${reference(image)}`,
      `${image.namespace}/${image.image_name}@${image.image_digest}`,
      `${host}/${image.namespace}/${image.image_name}@${image.image_digest}`,
      `${host}/${reference(image)}@${image.image_digest}`,
      image.image_digest,
    ];
    for (const q of exactReferences) {
      const rows = await allRegistry(db, { q });
      expect(
        rows.map((row) => row.id),
        q,
      ).toContain(image.id);
      // Exact matches first: the first row is this image's repository and tag.
      expect(reference(rows[0]!), q).toBe(reference(image));
    }
    const repository = await allRegistry(db, { q: `${image.namespace}/${image.image_name}` });
    expect(repository.map((row) => row.id)).toContain(image.id);
    const sameRepository = repository.filter(
      (row) => row.namespace === image.namespace && row.image_name === image.image_name,
    );
    expect(sameRepository.length).toBeGreaterThan(2);
    // Every exact repository match comes before the rows that only contain the text.
    expect(repository.slice(0, sameRepository.length)).toEqual(sameRepository);
    // Case does not matter; a plain word is still a substring of name, namespace, tag or digest.
    const upper = await allRegistry(db, { q: reference(image).toUpperCase() });
    expect(upper[0]?.id).toBe(image.id);
  });

  it('finds a CI/CD image by its reference too', async () => {
    const image = estate.cicdImages.find((candidate) => candidate.image_digest !== '') as
      Identity | undefined;
    if (!image) throw new Error('no CI/CD image with a digest');
    for (const q of [
      reference(image),
      `${image.image_name}:${image.image_version}`,
      `${image.namespace}/${image.image_name}`,
      `registry.example.com:5000/${reference(image)}@${image.image_digest}`,
    ]) {
      const rows = await allCicd(db, { q });
      expect(
        rows.map((row) => row.image_id),
        q,
      ).toContain(image.image_id);
    }
  });

  it('picks exact namespaces, several at once, with the facet counts of each', async () => {
    const counts = new Map<string, number>();
    for (const image of estate.registryImages)
      counts.set(image.namespace, (counts.get(image.namespace) ?? 0) + 1);
    // Two namespaces where one is a substring of another namespace ("edge" of "iot-edge").
    const picked = [...counts.keys()].filter((name) =>
      [...counts.keys()].some((other) => other !== name && other.includes(name)),
    );
    const chosen = [picked[0] ?? [...counts.keys()][0]!, [...counts.keys()][1]!];
    const rows = await allRegistry(db, { namespaces: chosen });
    expect(new Set(rows.map((row) => row.namespace))).toEqual(new Set(chosen));
    expect(rows.length).toBe(chosen.reduce((sum, name) => sum + (counts.get(name) ?? 0), 0));

    const facets = await registryImageFacets(db, ACCOUNT, { namespaces: chosen }, NOW);
    expect(facets.total_num).toBe(rows.length);
    const namespaceCounts = new Map(
      (facets.facets.namespace ?? []).map((bucket) => [bucket.value, bucket.count]),
    );
    // Under every other filter: the picked ones with their own counts, and the others to add.
    for (const name of chosen) expect(namespaceCounts.get(name)).toBe(counts.get(name));
    expect(namespaceCounts.size).toBeGreaterThan(chosen.length);
    // Typed text narrows the suggestions: the substring `namespace` filters the namespace facet.
    const suggested = await registryImageFacets(
      db,
      ACCOUNT,
      { namespaces: chosen, namespace: 'EDGE' },
      NOW,
    );
    const values = (suggested.facets.namespace ?? []).map((bucket) => bucket.value);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toContain('edge');
    // The other facets count only the picked namespaces.
    const severityTotal = (facets.facets.severity_level ?? []).reduce((s, b) => s + b.count, 0);
    expect(severityTotal).toBe(rows.length);
  });

  it('filters as the simulator does (the filter meanings table)', async () => {
    const withInstance = estate.registryImages.find((image) => image.instance_id !== '');
    // Upstream parameters only (the simulator knows no extension).
    const queries: Pick<
      RegistryImagesListQuery,
      | 'namespace'
      | 'image_name'
      | 'image_version'
      | 'registry_name'
      | 'instance_name'
      | 'instance_id'
      | 'image_size'
    >[] = [
      { namespace: 'EDGE' },
      { image_name: 'Node' },
      { image_version: '1.' },
      { registry_name: 'swr' },
      { instance_name: '' },
      { instance_id: '' },
      { instance_id: withInstance?.instance_id ?? 'none' },
      { image_size: 100_000_000 },
      { image_size: 0 },
    ];
    for (const query of queries) {
      const inventory = await queryRegistryImages(db, ACCOUNT, { ...query, limit: 200 }, NOW);
      const simulated = simulatorRegistryImages(estate, { ...query, limit: 200 }, NOW);
      expect(inventory.total_num, JSON.stringify(query)).toBe(simulated.total_num);
      expect(
        inventory.data_list.map((row) => row.id),
        JSON.stringify(query),
      ).toEqual(simulated.data_list.map((row) => row.id));
    }
    // An empty instance_id does not filter (the upstream treats an empty parameter as absent).
    const all = await queryRegistryImages(db, ACCOUNT, { instance_id: '', limit: 1 }, NOW);
    expect(all.total_num).toBe(estate.registryImages.length);
  });
});
