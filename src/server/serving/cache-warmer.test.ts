// The cache warmer: after a list syncs its landing answers are in the cache (the next request is a
// hit), risk summaries are recomputed before they expire, a disabled cache is left alone, and a
// failed warm-up is only logged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CicdImagesListQuerySchema,
  DEFAULT_PAGE_SIZE,
  RegistryImagesListQuerySchema,
} from '../../shared/contracts';
import { generateEstate } from '../../simulator';
import { queryList } from '../lists/list-store';
import { REGISTRY_LIST } from '../lists/registry';
import { openInventory, type InventoryDb } from '../store/db';
import { queryCicdImages } from '../test-support/per-list';
import { mirrorEstate } from '../test-support/sync-harness';
import { createQueryCacheWarmer } from './cache-warmer';
import { QueryCache } from './query-cache';

const MB = 1024 * 1024;
/** What the SPA asks first, written independently of the warmer's own constant. */
const FIRST_PAGE = { offset: '0', limit: String(DEFAULT_PAGE_SIZE) };

function recordingLogger() {
  const warnings: { object: object; message: string }[] = [];
  return {
    warnings,
    warn: (object: object, message: string) => warnings.push({ object, message }),
  };
}

describe('query cache warmer', () => {
  let db: InventoryDb;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    db = await openInventory(':memory:');
    const now = Date.now();
    const estate = generateEstate({ seed: 5, registryImages: 60, cicdImages: 20, now });
    await mirrorEstate(db, 'a', estate, now);
  });

  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await db.destroy();
  });

  function startWarmer(cache: QueryCache, options: { rewarmEveryMs?: number } = {}) {
    const logger = recordingLogger();
    const warmer = createQueryCacheWarmer({ db, cache, logger, ...options });
    stops.push(() => warmer.stop());
    return { warmer, logger };
  }

  it("puts a synced registry list's first page in the cache", async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const { warmer, logger } = startWarmer(cache);
    warmer.afterSync('a', 'registry');
    await warmer.whenIdle();
    const missesAfterWarming = cache.stats().misses;
    expect(missesAfterWarming).toBeGreaterThan(0);

    // As the list route reads it (with its multi-arch families).
    const query = RegistryImagesListQuerySchema.parse(FIRST_PAGE);
    await queryList(REGISTRY_LIST, db, 'a', query, { now: Date.now(), cache, families: true });
    expect(cache.stats()).toMatchObject({ misses: missesAfterWarming, hits: 1 });
    expect(logger.warnings).toEqual([]);
  });

  it("puts a synced CI/CD list's first page in the cache", async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const { warmer } = startWarmer(cache);
    warmer.afterSync('a', 'cicd');
    await warmer.whenIdle();
    const missesAfterWarming = cache.stats().misses;

    const query = CicdImagesListQuerySchema.parse(FIRST_PAGE);
    await queryCicdImages(db, 'a', query, Date.now(), cache);
    expect(cache.stats()).toMatchObject({ misses: missesAfterWarming, hits: 1 });
  });

  it('computes nothing for a disabled cache', async () => {
    const cache = new QueryCache({ maxBytes: 0 });
    const { warmer } = startWarmer(cache);
    warmer.afterSync('a', 'registry');
    await warmer.whenIdle();
    expect(cache.stats()).toMatchObject({ misses: 0, entries: 0 });
  });

  it("recomputes a synced list's risk summary before it expires", async () => {
    // Answers that depend on the clock expire at once: each re-warm is a computation.
    const cache = new QueryCache({ maxBytes: 16 * MB, maxAgeMs: 0 });
    const { warmer } = startWarmer(cache, { rewarmEveryMs: 5 });
    warmer.afterSync('a', 'registry');
    await warmer.whenIdle();
    const missesAfterWarming = cache.stats().misses;
    await expect.poll(() => cache.stats().misses).toBeGreaterThan(missesAfterWarming + 1);
  });

  it('logs a failed warm-up with the account and list, and carries on', async () => {
    const cache = new QueryCache({ maxBytes: 16 * MB });
    const { warmer, logger } = startWarmer(cache);
    await db.destroy();
    warmer.afterSync('a', 'cicd');
    await warmer.whenIdle();
    expect(logger.warnings).toEqual([
      {
        object: expect.objectContaining({ account: 'a', list: 'cicd' }),
        message: 'query cache warm-up failed',
      },
    ]);
    db = await openInventory(':memory:');
  });
});
