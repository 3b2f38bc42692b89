// The column scan in its worker thread (column-scan.ts), as the server runs it: the worker's
// program from its source text, its own read-only connection to the inventory file, snapshots
// of a version answering the read pool's transactions of that version. The filter semantics
// over both lists and backends are list-counts.test.ts's ("facets from columns").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../simulator';
import { composeServer } from '../compose';
import { demoAccounts, generateDemoKeys, loadConfig } from '../config';
import { QueryCache } from '../serving/query-cache';
import { openInventory, type InventoryDb } from '../store/db';
import { openReadPool, type InventoryReadPool } from '../store/read-pool';
import { answerDigests } from '../test-support/basic-image-answers';
import { waitFor } from '../test-support/wait-for';
import { mirrorEstate } from '../test-support/sync-harness';
import {
  openColumnScans,
  SnapshotKeeper,
  type ColumnScans,
  type SnapshotBuilt,
  type SnapshotRead,
} from './column-scan';
import { listFacets } from './facets';
import { LISTS } from './index';
import { queryList, upsertImages } from './list-store';
import { REGISTRY_LIST } from './registry';
import type { ListQuery } from './spec';

const NOW = Date.UTC(2025, 0, 15);
const ACCOUNT = 'acct';
/** The account a server configured with none has (demo mode). */
const DEMO_ACCOUNT = 'demo-huawei';
const TOKEN = 'column-scan-test-token-0123456789';
const estate = generateEstate({ seed: 13, registryImages: 900, cicdImages: 200, now: NOW });

/** Filter sets no kept aggregate answers (issue 25's slow ones at 1M). */
const CASES: ListQuery[] = [
  { image_size: 1 },
  { image_size: 300_000_000 },
  { image_version: '1' },
  { q: 'nginx' },
  { start_latest_scan_time: String(NOW - 30 * 86_400_000) },
  { image_name: 'e', scan_status: ['success'], image_size: 1 },
  { q: 'library/nginx:1', has_vul: true, basic_image_eol: false },
];

describe('the column scan in its worker', () => {
  let dataDir: string;
  let db: InventoryDb;
  let pool: InventoryReadPool;
  let columns: ColumnScans;
  const builds: SnapshotBuilt[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-columns-'));
    db = await openInventory({ dataDir });
    await mirrorEstate(db, ACCOUNT, estate, NOW);
    await mirrorEstate(db, DEMO_ACCOUNT, estate, NOW);
    const digests = [...new Set(estate.registryImages.map((image) => image.image_digest))];
    await answerDigests(
      db,
      ACCOUNT,
      digests.filter((_, index) => index % 3 === 0),
      NOW,
    );
    pool = openReadPool({ dataDir }, 2)!;
    columns = openColumnScans(pool.file ?? '', { onBuilt: (built) => builds.push(built) });
  });

  afterAll(async () => {
    await columns.close();
    await pool.destroy();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(LISTS.map((spec) => ({ list: spec.name, spec })))(
    'answers $list facets as the scan does, read through the pool and its cache',
    async ({ spec }) => {
      const cache = new QueryCache({ maxBytes: 1 << 20, readDb: pool.db, versionDb: db });
      for (const filters of CASES) {
        const before = columns.answered();
        const answer = await listFacets(spec, pool.db, ACCOUNT, filters, {
          now: NOW,
          cache,
          columns,
        });
        expect(answer, JSON.stringify(filters)).toEqual(
          await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }),
        );
        expect(columns.answered(), JSON.stringify(filters)).toBe(before + 1);
      }
      // One snapshot read for the list and account, at the version every answer was read at.
      expect(builds.filter((built) => built.list === spec.name)).toHaveLength(1);
    },
  );

  it('counts on both workers: the second adopts the snapshot the first read', async () => {
    const counted: number[] = [];
    const both = openColumnScans(pool.file ?? '', {
      onCounted: (_ms, worker) => counted.push(worker),
    });
    try {
      const filters = { image_size: 1, q: 'a' } as ListQuery;
      const expected = await listFacets(REGISTRY_LIST, db, ACCOUNT, filters, {
        now: NOW,
        scan: true,
      });
      // The first answer reads the snapshot; then both workers hold it.
      expect(
        await listFacets(REGISTRY_LIST, pool.db, ACCOUNT, filters, { now: NOW, columns: both }),
      ).toEqual(expected);
      await both.settled?.();
      await waitFor(
        'a count on the second worker',
        async () => {
          const answers = await Promise.all(
            Array.from({ length: 4 }, () =>
              listFacets(REGISTRY_LIST, pool.db, ACCOUNT, filters, { now: NOW, columns: both }),
            ),
          );
          for (const answer of answers) expect(answer).toEqual(expected);
          return counted.includes(1);
        },
        10_000,
      );
      expect(counted).toContain(0);
    } finally {
      await both.close();
    }
  });

  it('reads a new snapshot after a write, never answering from the old one', async () => {
    const spec = LISTS[0]!;
    const filters = { image_size: 1, has_vul: true } as ListQuery;
    const first = await listFacets(spec, pool.db, ACCOUNT, filters, { now: NOW, columns });
    const rows = builds.length;
    const image = spec.recordSchema.parse({
      ...estate.registryImages[0],
      vul_num: 42,
      image_size: 7,
      severity_level: 'High',
    });
    await upsertImages(spec, db, ACCOUNT, [image], NOW + 1);
    const second = await listFacets(spec, pool.db, ACCOUNT, filters, { now: NOW, columns });
    expect(second).toEqual(await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }));
    expect(second).not.toEqual(first);
    expect(builds.length).toBe(rows + 1);
  });

  it("reads a snapshot in use again after a write when asked (at a sync's end), not on the next request", async () => {
    const spec = LISTS[1]!;
    const filters = { image_size: 1 } as ListQuery;
    await listFacets(spec, pool.db, ACCOUNT, filters, { now: NOW, columns });
    const reads = builds.length;
    const image = spec.recordSchema.parse({ ...estate.cicdImages[0], vul_num: 9, image_size: 3 });
    await upsertImages(spec, db, ACCOUNT, [image], NOW + 2);
    columns.refresh(spec, ACCOUNT);
    await waitFor('the snapshot read again', () => builds.length === reads + 1, 30_000, 10);
    const answer = await listFacets(spec, pool.db, ACCOUNT, filters, { now: NOW, columns });
    expect(answer).toEqual(await listFacets(spec, db, ACCOUNT, filters, { now: NOW, scan: true }));
    expect(builds.length).toBe(reads + 1);
    // A list and account never asked for is not read.
    columns.refresh(spec, 'another-account');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(builds.length).toBe(reads + 1);
  });

  it('answers the facets route from the columns in the composed server', async () => {
    const config = {
      ...loadConfig({ DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATA_DIR: dataDir }),
      // The demo accounts, at a simulator never called (the sync is not started).
      accounts: demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'acr-test'),
    };
    const server = await composeServer({ config, db, readPool: pool, logSink: false });
    try {
      const filters = { q: 'nginx', has_vul: true };
      const response = await server.app.inject({
        method: 'GET',
        url: `${REGISTRY_LIST.routes.facets}?account=${DEMO_ACCOUNT}&q=nginx&has_vul=true`,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      const { total_num, facets } = response.json<{ total_num: number; facets: unknown }>();
      // The route's clock is the real one: the scan's too (no time filter here).
      expect({ total_num, facets }).toEqual(
        await listFacets(REGISTRY_LIST, db, DEMO_ACCOUNT, filters as ListQuery, { scan: true }),
      );
      expect(server.columns?.answered()).toBe(1);
      // Pages under a filter tested row by row: their rows and total from the snapshot just read
      // (asked before the read slot, at the version the transaction then reads).
      const pages: ListQuery[] = [
        { q: 'nginx', has_vul: true, offset: 3, limit: 7 },
        { namespace: 'a', sort_key: 'image_size', sort_dir: 'desc', offset: 5, limit: 9 },
        { image_version: '1', sort_key: 'severity_level', sort_dir: 'asc', limit: 11 },
      ];
      for (const [index, query] of pages.entries()) {
        const search = new URLSearchParams({ account: DEMO_ACCOUNT });
        for (const [key, value] of Object.entries(query)) search.set(key, String(value));
        const page = await server.app.inject({
          method: 'GET',
          url: `${REGISTRY_LIST.routes.list}?${search.toString()}`,
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        expect(page.statusCode, page.body).toBe(200);
        // The route adds the list's data age (never synced here).
        expect(page.json(), JSON.stringify(query)).toEqual({
          ...(await queryList(REGISTRY_LIST, db, DEMO_ACCOUNT, query, {
            scan: true,
            families: true,
          })),
          synced_at: null,
        });
        expect(server.columns?.answered(), JSON.stringify(query)).toBe(2 + index);
      }
    } finally {
      await server.app.close();
    }
  });
});

describe('the snapshots kept per list and account', () => {
  /** A read whose version and end the test decides. */
  function controlledRead() {
    let tellVersion: (version: number) => void = () => undefined;
    let finish: (snapshot: { version: number; snapshot: string }) => void = () => undefined;
    const read: SnapshotRead<string> = {
      version: new Promise((resolve) => (tellVersion = resolve)),
      done: new Promise((resolve) => (finish = resolve)),
    };
    return { read, tellVersion, finish };
  }

  it('reads once for the requests at its version, which wait; another version does not wait', async () => {
    const keeper = new SnapshotKeeper<string>();
    const control = controlledRead();
    let reads = 0;
    const start = () => {
      reads += 1;
      return control.read;
    };
    const first = keeper.at('registry', 5, start);
    const second = keeper.at('registry', 5, start);
    const older = keeper.at('registry', 4, start);
    control.tellVersion(5);
    // The request read at version 4 is answered (by SQL) before the read ends.
    expect(await older).toBeUndefined();
    control.finish({ version: 5, snapshot: 'at 5' });
    expect([await first, await second]).toEqual(['at 5', 'at 5']);
    expect(reads).toBe(1);
    // Kept: no read for the same version; a newer one reads again.
    expect(await keeper.at('registry', 5, start)).toBe('at 5');
    expect(reads).toBe(1);
    const next = controlledRead();
    const newer = keeper.at('registry', 6, () => next.read);
    next.tellVersion(7);
    expect(await newer).toBeUndefined();
    next.finish({ version: 7, snapshot: 'at 7' });
    await Promise.resolve();
    expect(await keeper.at('registry', 7, start)).toBe('at 7');
    expect(await keeper.at('registry', 6, start)).toBeUndefined();
  });
});
