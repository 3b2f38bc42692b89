// The read pool (read-pool.ts): the same answers as the main connection on SQLite and
// PostgreSQL, one snapshot per transaction, a query that never ends occupying one worker only,
// streams with backpressure, writes refused, and a clean shutdown.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../simulator';
import type { RegistryImagesListQuery } from '../../shared/contracts';
import { buildRiskSummary } from '../analytics/risk-summary';
import { allBaseImages, ENRICHMENT_OFF } from '../base-images/base-images-answer';
import { classifyEndOfLife } from '../base-images/end-of-life';
import { openSnapshot } from '../export/export-stream';
import { mirrorEstate } from '../test-support/sync-harness';
import { testPostgres } from '../test-support/test-backends';
import { answerDigests } from '../test-support/basic-image-answers';
import {
  cicdImageFacets,
  queryCicdImages,
  queryRegistryImages,
  registryImageFacets,
  registryImagesOrder,
  registryImagesWhere,
  upsertRegistryImages,
} from '../test-support/per-list';
import { composeServer } from '../compose';
import { QueryCache } from '../serving/query-cache';
import { loadConfig } from '../config';
import { waitFor } from '../test-support/wait-for';
import { queryList } from '../lists/list-store';
import { withMultiArch } from '../lists/multi-arch';
import { REGISTRY_LIST } from '../lists/registry';
import { openInventory, readTransaction, type InventoryDb } from './db';
import { openReadPool, type InventoryReadPool } from './read-pool';

const NOW = Date.UTC(2025, 0, 15);
const ACCOUNT = 'acct';
const estate = generateEstate({ seed: 11, registryImages: 1_200, cicdImages: 250, now: NOW });

/** Answers that cover pages (sorted, filtered, searched), counts, facets and the risk summary. */
async function answers(db: InventoryDb) {
  return {
    pages: await Promise.all(
      (
        [
          { limit: 50 },
          { offset: 100, limit: 30, sort_key: 'latest_scan_time', sort_dir: 'desc' as const },
          { severity_level: ['High', 'Medium'], scan_status: ['success'], has_vul: true },
          { q: 'nginx', limit: 20 },
          { sort_key: 'severity_level', sort_dir: 'desc' as const, image_type: ['private_image'] },
        ] satisfies RegistryImagesListQuery[]
      ).map((query) => queryRegistryImages(db, ACCOUNT, query, NOW)),
    ),
    cicd: await queryCicdImages(db, ACCOUNT, { offset: 20, limit: 40 }, NOW),
    facets: await registryImageFacets(db, ACCOUNT, { has_vul: true }, NOW),
    cicdFacets: await cicdImageFacets(db, ACCOUNT, {}, NOW),
    // Read-only since the sums are kept on write (0042): it once stored what it computed.
    baseImages: await allBaseImages(db, {
      account: ACCOUNT,
      query: {},
      now: NOW,
      classify: classifyEndOfLife,
      progress: ENRICHMENT_OFF,
    }),
    risk: await buildRiskSummary(db, {
      account: ACCOUNT,
      request: { kind: 'registry', query: {} },
      filters: {},
      now: NOW,
      syncedAt: NOW,
    }),
  };
}

/** The enrichment's answers for a third of the estate's digests. */
async function answerBasicImages(db: InventoryDb) {
  const digests = [...new Set(estate.registryImages.map((image) => image.image_digest))];
  await answerDigests(
    db,
    ACCOUNT,
    digests.filter((_, index) => index % 3 === 0),
    NOW,
  );
}

describe('the read pool on SQLite', () => {
  let dataDir: string;
  let db: InventoryDb;
  let pool: InventoryReadPool;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-read-pool-'));
    db = await openInventory({ dataDir });
    await mirrorEstate(db, ACCOUNT, estate, NOW);
    await answerBasicImages(db);
    pool = openReadPool({ dataDir }, 2)!;
  });

  afterAll(async () => {
    await pool.destroy();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers as the main connection does', async () => {
    const fromPool = await answers(pool.db);
    expect(fromPool.pages[0]?.data_list.length).toBe(50);
    expect(fromPool.baseImages.rows.length).toBeGreaterThan(0);
    expect(fromPool).toEqual(await answers(db));
  });

  it('computes a page with its basic images and families in one batch (issue 25)', async () => {
    const page = {
      offset: 60,
      limit: 100,
      sort_key: 'image_name',
      sort_dir: 'desc',
      has_malicious_file: false,
    } satisfies RegistryImagesListQuery;
    // As the list route reads it: rows, basic images and multi-arch families.
    const shown = (on: InventoryDb, cache?: QueryCache) =>
      queryList(REGISTRY_LIST, on, ACCOUNT, page, { now: NOW, cache, families: true });
    const before = pool.roundTrips();
    const fromPool = await shown(pool.db);
    const trips = pool.roundTrips() - before;
    const stored = await queryRegistryImages(db, ACCOUNT, page, NOW);
    expect(fromPool).toEqual({
      ...stored,
      data_list: await withMultiArch(db, ACCOUNT, stored.data_list),
    });
    expect(fromPool).toEqual(await shown(db));
    const rows = fromPool.data_list as Array<{
      multi_arch?: { role: string } | null;
      basic_image?: string | null;
    }>;
    expect(new Set(rows.map((row) => row.multi_arch?.role))).toEqual(
      new Set(['parent', 'member', undefined]),
    );
    expect(rows.some((row) => row.basic_image !== null)).toBe(true);
    // The count, the planner statistics (one statement), then one batch: keys, rows, basic
    // images and the families' two reads. Begin rides on the first message, commit is posted
    // without waiting. Before: keys, rows and basic images apiece, then the families' two reads
    // outside the transaction (7).
    expect(trips).toBe(3);

    // Through the query cache (versions read on the main connection before the lookup): the
    // snapshot's version, the count (its entry then keyed by that version), the statistics, the
    // batch (8 before).
    const cache = new QueryCache({ maxBytes: 16 * 1024 * 1024, readDb: pool.db, versionDb: db });
    const cachedBefore = pool.roundTrips();
    expect(await shown(db, cache)).toEqual(fromPool);
    expect(pool.roundTrips() - cachedBefore).toBe(4);
    // Another page of the same filter: its count is cached.
    const nextBefore = pool.roundTrips();
    await queryList(
      REGISTRY_LIST,
      db,
      ACCOUNT,
      { ...page, offset: 100 },
      {
        now: NOW,
        cache,
        families: true,
      },
    );
    expect(pool.roundTrips() - nextBefore).toBe(3);
  });

  it('refuses writes (they stay on the main connection)', async () => {
    await expect(sql`delete from registry_images`.execute(pool.db)).rejects.toMatchObject({
      code: 'SQLITE_READONLY',
    });
  });

  it('reads one snapshot per transaction while the main connection writes', async () => {
    const count = async (on: InventoryDb) =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*) as n from registry_images where namespace = 'pool-test'`.execute(on)
        ).rows[0]?.n,
      );
    const [first] = (await queryRegistryImages(db, ACCOUNT, { limit: 1 })).data_list;
    await readTransaction(pool.db).execute(async (trx) => {
      expect(await count(trx)).toBe(0);
      await upsertRegistryImages(
        db,
        ACCOUNT,
        [{ ...first!, id: '999999', namespace: 'pool-test' }],
        NOW,
      );
      expect(await count(trx)).toBe(0);
    });
    expect(await count(pool.db)).toBe(1);
  });

  it('answers other queries while a slow one runs in another worker', async () => {
    let slowDone = false;
    // Tens of millions of steps in SQLite's native loop: on the event loop, nothing else would
    // be answered until it ended.
    const slow = sql<{ n: number }>`with recursive n(x) as
      (select 1 union all select x + 1 from n where x < 3000000) select count(*) as n from n`
      .execute(pool.db)
      .finally(() => (slowDone = true));
    const fast = await queryRegistryImages(pool.db, ACCOUNT, { limit: 5 });
    expect(fast.data_list).toHaveLength(5);
    expect(slowDone).toBe(false);
    expect((await slow).rows[0]?.n).toBe(3_000_000);
  });

  it('shuts down with a query still running: its caller is answered, nothing hangs', async () => {
    const own = openReadPool({ dataDir }, 1)!;
    const slow = sql`with recursive n(x) as
      (select 1 union all select x + 1 from n where x < 3000000) select count(*) from n`.execute(
      own.db,
    );
    const waiting = sql`select 1`.execute(own.db);
    const outcomes = Promise.allSettled([slow, waiting]);
    await own.destroy();
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/closed/);
    }
    await expect(sql`select 1`.execute(own.db)).rejects.toThrow(/closed|destroyed/);
  });

  it('warms the file on a thread of its own, only a file of a size worth it', async () => {
    const missing = ['select count(*) from no_such_table'];
    // A test's file is smaller than WARM_UP_MIN_FILE_BYTES: nothing is run.
    await expect(pool.warmFileCache(missing)).resolves.toBeUndefined();
    await expect(pool.warmFileCache(missing, { minFileBytes: 0 })).rejects.toThrow(/no such table/);
    const before = pool.roundTrips();
    let warmed = false;
    const warming = pool
      .warmFileCache(
        [
          'select count(*) from registry_images not indexed',
          `with recursive n(x) as (select 1 union all select x + 1 from n where x < 3000000)
            select count(*) from n`,
        ],
        { minFileBytes: 0 },
      )
      .then(() => (warmed = true));
    // The pool's workers stay free for pages meanwhile, and the warm-up is no round trip of theirs.
    expect((await queryRegistryImages(pool.db, ACCOUNT, { limit: 5 })).data_list).toHaveLength(5);
    expect(warmed).toBe(false);
    // At the lowest CPU priority (Linux: one thread of this process has nice 19), the pages first.
    const niceValues = () =>
      readdirSync('/proc/self/task').map((task) => {
        try {
          return Number(
            readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16],
          );
        } catch {
          return 0;
        }
      });
    await waitFor('a warm-up thread at nice 19', () => niceValues().includes(19), 10_000, 5);
    await warming;
    // The page's own: count, planner statistics, batch.
    expect(pool.roundTrips() - before).toBe(3);
  });

  it('streams an export from one worker, a batch at a time, and frees it when abandoned', async () => {
    const single = openReadPool({ dataDir }, 1)!;
    try {
      const open = () =>
        openSnapshot(
          single.db,
          'registry_images',
          ['id', 'namespace'],
          registryImagesWhere(ACCOUNT, {}, NOW),
          registryImagesOrder({}),
        );
      const reader = await open();
      let rows = 0;
      for await (const batch of reader.batches()) rows += batch.length;
      expect(rows).toBe(reader.total);
      const fromMain = await openSnapshot(
        db,
        'registry_images',
        ['id', 'namespace'],
        registryImagesWhere(ACCOUNT, {}, NOW),
        registryImagesOrder({}),
      );
      expect(reader.total).toBe(fromMain.total);
      await fromMain.close();
      // Abandoned after its first batch: the one worker must be free for the next read.
      const abandoned = await open();
      const batches = abandoned.batches();
      expect((await batches.next()).done).toBe(false);
      await batches.return(undefined);
      expect((await queryRegistryImages(single.db, ACCOUNT, { limit: 3 })).data_list).toHaveLength(
        3,
      );
    } finally {
      await single.destroy();
    }
  });

  it('admits as many computations as the pool runs, queues to QUERY_QUEUE_LIMIT, refuses beyond', async () => {
    const config = loadConfig({
      DASHBOARD_TOKEN: 'read-pool-test-token-0123456789',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      QUERY_QUEUE_LIMIT: '3',
    });
    const server = await composeServer({ config, db, readPool: pool, logSink: false });
    try {
      expect(server.admission.stats().concurrency).toBe(pool.size);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let running = 0;
      // Routes pass the pool's db (app.ts): a hit must still not wait for a reader.
      const cached = () =>
        server.queryCache.answer(
          pool.db,
          { list: 'registry', kind: 'count', account: ACCOUNT, query: { cached: true } },
          async () => 'computed once',
        );
      expect(await cached()).toBe('computed once');
      const blocked = (n: number) =>
        server.queryCache.answer(
          pool.db,
          { list: 'registry', kind: 'count', account: ACCOUNT, query: { n } },
          async (trx) => {
            const { rows } = await sql<{
              n: number;
            }>`select count(*) as n from registry_images`.execute(trx);
            running += 1;
            await gate;
            return rows[0]?.n;
          },
          new AbortController().signal,
        );
      const computations = [blocked(1), blocked(2), blocked(3)];
      await waitFor('both workers busy', () => running === pool.size, 60_000, 10);
      expect(server.admission.stats()).toMatchObject({ running: 2, queued: 1 });
      await expect(blocked(4)).rejects.toMatchObject({ status: 429 });
      expect(await cached()).toBe('computed once');
      release();
      const { rows } = await sql<{ n: number }>`select count(*) as n from registry_images`.execute(
        db,
      );
      expect(await Promise.all(computations)).toEqual([1, 2, 3].map(() => rows[0]?.n));
    } finally {
      await server.sync.stop();
      await server.app.close();
    }
  });

  it('has no pool for an in-memory inventory (nothing else can open it)', () => {
    expect(openReadPool(':memory:', 2)).toBeUndefined();
  });
});

describe('the read pool on PostgreSQL', () => {
  let db: InventoryDb;
  let pool: InventoryReadPool;

  beforeAll(async () => {
    const databaseUrl = await (await testPostgres()).createDatabase();
    db = await openInventory({ databaseUrl });
    await mirrorEstate(db, ACCOUNT, estate, NOW);
    await answerBasicImages(db);
    pool = openReadPool({ databaseUrl }, 2)!;
  });

  afterAll(async () => {
    await pool?.destroy();
    await db?.destroy();
  });

  it('answers as the main connection does', async () => {
    expect(pool.size).toBe(2);
    expect(await answers(pool.db)).toEqual(await answers(db));
  });
});
