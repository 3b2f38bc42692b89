// The cache of inventory answers: never stale (any write, through the sync path or by hand, moves
// the version), single-flight, errors not kept, size and age bounds, the count shared by pages.
import { sql } from 'kysely';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateEstate } from '../../simulator';

import { ConfigError, DEFAULT_QUERY_CACHE_MB, loadConfig } from '../config';

import { mirrorEstate } from '../test-support/sync-harness';

import type { InventoryDb } from '../store/db';
import { readInventoryVersion } from '../store/inventory-version';
import { ComputeAdmission } from './admission';
import {
  hasOpenTimeRange,
  NO_QUERY_CACHE,
  QueryCache,
  stableQueryKey,
  QUERY_CACHE_MAX_AGE_MS,
} from './query-cache';

import { buildRiskSummary } from '../analytics/risk-summary';

import { inventoryBackends } from '../test-support/test-backends';
import {
  queryCicdImages,
  queryRegistryImages,
  registryImageFacets,
  sweepRegistryImages,
  upsertRegistryImages,
} from '../test-support/per-list';

const NOW = Date.UTC(2025, 0, 15);
const MB = 1024 * 1024;

describe('stableQueryKey', () => {
  it('ignores key order, undefined members and the order of multi-value filters', () => {
    expect(stableQueryKey({ b: 1, a: ['High', 'Low'], c: undefined })).toBe(
      stableQueryKey({ a: ['Low', 'High'], b: 1 }),
    );
    expect(stableQueryKey({ a: 1 })).not.toBe(stableQueryKey({ a: 2 }));
  });

  it('tells open time ranges (they depend on the clock)', () => {
    expect(hasOpenTimeRange({ start_latest_scan_time: '1' })).toBe(true);
    expect(hasOpenTimeRange({ start_latest_scan_time: '1', end_latest_scan_time: '2' })).toBe(
      false,
    );
    expect(hasOpenTimeRange({ end_latest_scan_time: '2' })).toBe(false);
  });
});

describe('QUERY_CACHE_MB', () => {
  const base = { DASHBOARD_TOKEN: 'query-cache-test-token-0123456789' };
  it('defaults to 64, accepts 0 (off), refuses what is not a size', () => {
    expect(loadConfig(base).queryCacheMb).toBe(DEFAULT_QUERY_CACHE_MB);
    expect(loadConfig({ ...base, QUERY_CACHE_MB: '0' }).queryCacheMb).toBe(0);
    expect(() => loadConfig({ ...base, QUERY_CACHE_MB: '64MB' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, QUERY_CACHE_MB: '99999' })).toThrow(/QUERY_CACHE_MB/);
  });
});

describe.each(inventoryBackends())('query cache on $name', (backend) => {
  let db: InventoryDb;

  beforeAll(async () => {
    db = await backend.open();
    const estate = generateEstate({ seed: 11, registryImages: 300, cicdImages: 40, now: NOW });
    await mirrorEstate(db, 'a', estate, NOW);
  }, 60_000);

  afterAll(async () => {
    await db.destroy();
  });

  it('asks `atVersion` before taking a read slot: its answer needs none and is cached at that version', async () => {
    const admission = new ComputeAdmission({ maxQueued: 8, maxWaitMs: 60_000, concurrency: 1 });
    const cache = new QueryCache({ maxBytes: 16 * MB, admission });
    const request = { list: 'registry', kind: 'facets', account: 'a', query: { x: 1 } } as const;
    // The only read slot, held until released (by a computation that holds no connection).
    let release: () => void = () => undefined;
    const held = admission.run(
      undefined,
      () => new Promise<string>((resolve) => (release = () => resolve('held'))),
    );
    await vi.waitFor(() => expect(admission.stats().running).toBe(1));
    const version = await readInventoryVersion(db, 'registry');
    const asked: number[] = [];
    let computed = 0;
    const compute = () => Promise.resolve(`computed ${++computed}`);
    const early = (value: string | undefined) => (at: number) => {
      asked.push(at);
      return Promise.resolve(value);
    };
    // Answered while the slot is held: no slot was taken.
    expect(await cache.answer(db, request, compute, undefined, early('from columns'))).toBe(
      'from columns',
    );
    expect(asked).toEqual([version]);
    // Cached under that version: neither asked nor computed again.
    expect(await cache.answer(db, request, compute, undefined, early('again'))).toBe(
      'from columns',
    );
    expect(asked).toEqual([version]);
    // Nothing (or a failure) from `atVersion`: `compute` answers, in its turn for the slot.
    const declined = cache.answer(db, { ...request, query: { x: 2 } }, compute, undefined, () =>
      Promise.reject(new Error('column worker gone')),
    );
    release();
    expect(await held).toBe('held');
    expect(await declined).toBe('computed 1');
    expect(
      await cache.answer(db, { ...request, query: { x: 3 } }, compute, undefined, early(undefined)),
    ).toBe('computed 2');
  });

  it('answers a repeated query from the cache, and a sync-path write changes the next answer', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const query = { limit: 5 };
    const first = await queryRegistryImages(db, 'a', query, NOW, cache);
    const again = await queryRegistryImages(db, 'a', query, NOW, cache);
    // A page is cached as its JSON text (queryListJson), parsed anew for each caller: equal,
    // and counted as a hit (no recomputation).
    expect(again).toStrictEqual(first);
    expect(cache.stats().hits).toBe(1);

    const image = first.data_list[0];
    if (!image) throw new Error('fixture has no image');
    // What a crawl page does: the same upsert.
    await upsertRegistryImages(db, 'a', [{ ...image, image_name: 'renamed-by-sync' }], NOW + 1);
    const after = await queryRegistryImages(db, 'a', query, NOW, cache);
    expect(after.data_list[0]?.image_name).toBe('renamed-by-sync');
    expect(after).toEqual(await queryRegistryImages(db, 'a', query, NOW, NO_QUERY_CACHE));

    // A sweep (rows the crawl did not see) moves the total.
    const swept = await sweepRegistryImages(db, 'a', NOW + 1);
    expect(swept).toBeGreaterThan(0);
    expect((await queryRegistryImages(db, 'a', query, NOW, cache)).total_num).toBe(1);
    // Put the estate back for the other cases.
    await mirrorEstate(
      db,
      'a',
      generateEstate({ seed: 11, registryImages: 300, cicdImages: 40, now: NOW }),
      NOW,
    );
    expect((await queryRegistryImages(db, 'a', query, NOW, cache)).total_num).toBe(300);
  });

  it('a raw SQL write changes every kind of answer (page, count, facets, risk summary)', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const filtered = { has_vul: true, limit: 3 };
    const summaryOptions = {
      account: 'a',
      request: { kind: 'registry' as const, query: {} },
      filters: {},
      now: NOW,
      syncedAt: NOW,
    };
    const page = await queryRegistryImages(db, 'a', filtered, NOW, cache);
    const facets = await registryImageFacets(db, 'a', {}, NOW, cache);
    const summary = await buildRiskSummary(db, summaryOptions, cache);
    const cicdBefore = await queryCicdImages(db, 'a', { limit: 1 }, NOW, cache);
    expect(await registryImageFacets(db, 'a', {}, NOW, cache)).toBe(facets);
    expect((await buildRiskSummary(db, summaryOptions, cache)).total_num).toBe(summary.total_num);
    const hitsBefore = cache.stats().hits;

    await sql`update registry_images set vul_num = 0, malicious_file_num = 0,
      unsafe_setting_num = 0 where account = 'a'`.execute(db);

    const pageAfter = await queryRegistryImages(db, 'a', filtered, NOW, cache);
    expect(page.total_num).toBeGreaterThan(0);
    expect(pageAfter.total_num).toBe(0);
    const facetsAfter = await registryImageFacets(db, 'a', {}, NOW, cache);
    expect(facetsAfter.facets.risky?.find((bucket) => bucket.value === 'true')?.count).toBe(0);
    expect((await buildRiskSummary(db, summaryOptions, cache)).top_images).toEqual([]);
    // The other list's version did not move: its answer is still served from the cache.
    expect(await queryCicdImages(db, 'a', { limit: 1 }, NOW, cache)).toStrictEqual(cicdBefore);
    expect(cache.stats().hits).toBe(hitsBefore + 1);
  });

  it('counts a filter once across its pages and sorts', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const filter = { scan_status: ['success' as const], limit: 10 };
    const first = await queryRegistryImages(db, 'a', { ...filter, offset: 0 }, NOW, cache);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 }); // the page and the count
    const second = await queryRegistryImages(db, 'a', { ...filter, offset: 10 }, NOW, cache);
    const sorted = await queryRegistryImages(
      db,
      'a',
      { ...filter, sort_key: 'image_name', sort_dir: 'desc' },
      NOW,
      cache,
    );
    // Two more pages computed, the count taken from the cache both times.
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 4 });
    expect(second.total_num).toBe(first.total_num);
    expect(sorted.total_num).toBe(first.total_num);
    expect(second.data_list[0]?.id).not.toBe(first.data_list[0]?.id);
  });

  it('computes identical concurrent requests once, and different ones without deadlock', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const query = { severity_level: ['High' as const], limit: 7 };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => queryRegistryImages(db, 'a', query, NOW, cache)),
    );
    for (const answer of answers) expect(answer).toStrictEqual(answers[0]);
    // Computed once (the page and its count); the others waited for it or found it done: which
    // depends on timing (the computation may finish before the last lookups run), so only the
    // sum is fixed. Waiting on a computation in flight is proven by the failure test below.
    const stats = cache.stats();
    expect(stats.misses).toBe(2);
    expect(stats.coalesced + stats.hits).toBe(7);

    // More distinct computations than PostgreSQL's pool has connections (10), all at once.
    const pages = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        queryRegistryImages(db, 'a', { ...query, offset: index }, NOW, cache),
      ),
    );
    expect(new Set(pages.map((page) => page.total_num)).size).toBe(1);
  }, 30_000);

  it('keeps no failed computation: every waiter gets the error, the next call computes again', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const request = { list: 'registry' as const, kind: 'count' as const, account: 'a', query: {} };
    let calls = 0;
    const failing = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('database went away');
    };
    const results = await Promise.allSettled([
      cache.answer(db, request, failing),
      cache.answer(db, request, failing),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 0, coalesced: 1 });
    await expect(cache.answer(db, request, async () => 42)).resolves.toBe(42);
    expect(cache.stats().entries).toBe(1);
  });

  it('evicts the least recently used answers beyond its size bound', async () => {
    const cache = new QueryCache({ maxBytes: 40_000 });
    for (let offset = 0; offset < 200; offset += 20)
      await queryRegistryImages(db, 'a', { limit: 20, offset }, NOW, cache);
    const stats = cache.stats();
    expect(stats.evictions).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(40_000);
    expect(stats.entries).toBeLessThan(11);
    // The newest page is still there.
    const hits = stats.hits;
    await queryRegistryImages(db, 'a', { limit: 20, offset: 180 }, NOW, cache);
    expect(cache.stats().hits).toBe(hits + 1);
  });

  it('expires answers that depend on the clock after 30 s, keeps the others', async () => {
    let clock = NOW;
    const cache = new QueryCache({ maxBytes: 16 * MB, now: () => clock });
    const options = {
      account: 'a',
      request: { kind: 'registry' as const, query: {} },
      filters: {},
      now: NOW,
      syncedAt: 1,
    };
    const summary = await buildRiskSummary(db, options, cache);
    const openRange = { start_latest_scan_time: '0', limit: 2 };
    await queryRegistryImages(db, 'a', openRange, NOW, cache);
    await queryRegistryImages(db, 'a', { limit: 2 }, NOW, cache);
    clock += QUERY_CACHE_MAX_AGE_MS - 1;
    const cached = await buildRiskSummary(db, { ...options, syncedAt: 2 }, cache);
    expect(cached.generated_at).toBe(summary.generated_at);
    expect(cached.synced_at).toBe(2); // always the caller's
    clock += 2;
    const misses = cache.stats().misses;
    await buildRiskSummary(db, { ...options, now: NOW + 1 }, cache);
    await queryRegistryImages(db, 'a', openRange, NOW, cache);
    await queryRegistryImages(db, 'a', { limit: 2 }, NOW, cache);
    // The summary, the open-range page and its count recomputed; the plain page still cached.
    expect(cache.stats().misses).toBe(misses + 3);
  });

  it('does nothing when disabled (QUERY_CACHE_MB=0)', async () => {
    const cache = new QueryCache({ maxBytes: 0 });
    const first = await queryRegistryImages(db, 'a', { limit: 2 }, NOW, cache);
    const second = await queryRegistryImages(db, 'a', { limit: 2 }, NOW, cache);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(cache.stats()).toMatchObject({ enabled: false, entries: 0, hits: 0 });
  });
});
