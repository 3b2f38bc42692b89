// Sync data safety against the simulator over signed HTTP, on SQLite and PostgreSQL: images
// inserted and deleted while a crawl of 4,000 pages through them never cost a live image, and
// every removed one is gone within the documented bound (two complete crawls after its removal);
// and a wrong key over a stored inventory is reported within seconds of start-up.
import { describe, expect, it } from 'vitest';
import { useSyncHarness } from '../test-support/hooks';
import { inventoryBackends } from '../test-support/test-backends';
import {
  callsOf,
  createEngine,
  engineClients,
  engineFor,
  mirrorEstate,
  mirroredRegistryImages,
  startHarness,
  upstreamRegistryImages,
  type Harness,
} from '../test-support/sync-harness';

const backends = inventoryBackends();
/**
 * 20 pages, each after three images were added and three removed: every page boundary sees rows
 * shift by up to three (as many as the 20,000-image crawls with one change per page saw in all,
 * in a twentieth of the pages).
 */
const ESTATE = 4_000;
const CHANGES_PER_PAGE = 3;

describe.each(backends)('sync data safety on $name', (backend) => {
  let harness: Harness;
  useSyncHarness(
    { seed: 16, registryImages: ESTATE, cicdImages: 40 },
    (started) => (harness = started),
  );

  it('inserts and deletes during crawls of 4,000: no live image missing, removals gone after two complete crawls', async () => {
    const db = await backend.open();
    const { engine, account } = await engineFor(harness, db);
    const { sim } = harness;
    try {
      // The inventory as a crawl before these left it (straight from the estate: quicker).
      await mirrorEstate(db, account.id, sim.estate, Date.now() - 1);
      // Every engine page from the second on: images added and removed before it is read
      // (the oracle reads with the hook off). A removal shifts every later row up one.
      const removedDuring: Array<Set<string>> = [];
      let removed = new Set<string>();
      let added = new Set<string>();
      const mutate = (api: string, offset: number) => {
        if (api !== 'hss.ListRegistryImages' || offset === 0) return;
        const before = new Set(sim.estate.registryImages.map((row) => row.id));
        sim.control.addImages(CHANGES_PER_PAGE);
        sim.control.removeImages(CHANGES_PER_PAGE);
        const after = new Set(sim.estate.registryImages.map((row) => row.id));
        for (const id of before) if (!after.has(id)) removed.add(id);
        for (const id of after) if (!before.has(id)) added.add(id);
      };
      const liveMissing = async () => {
        const mirrored = new Set((await mirroredRegistryImages(db, account.id)).map((r) => r.id));
        return (await upstreamRegistryImages(harness.oracle))
          .map((image) => image.id)
          .filter((id) => !mirrored.has(id));
      };

      for (let crawl = 0; crawl < 3; crawl += 1) {
        removed = new Set();
        added = new Set();
        sim.control.beforeListPage(mutate);
        try {
          await engine.runNow(account.id, 'registry', 'crawl');
        } finally {
          sim.control.beforeListPage(undefined);
        }
        removedDuring.push(removed);
        const record = engine.record(account.id, 'registry');
        expect(record?.lastError ?? null).toBeNull();
        expect(record?.state).toBe('idle');
        // No image that was there before this crawl and still is went missing (an image added
        // behind the crawl's position waits for the next cycle).
        for (const id of await liveMissing()) expect(added.has(id), id).toBe(true);
      }
      expect(removedDuring[0]?.size).toBeGreaterThan(50);
      // An incremental cycle brings the images added behind the crawls' position.
      await engine.runNow(account.id, 'registry', 'incremental');
      expect(await liveMissing()).toEqual([]);
      // Removed during the first crawl: the second and third complete crawls (both begun after
      // the removal) missed it, so the third removed it: the documented bound.
      const mirrored = new Set((await mirroredRegistryImages(db, account.id)).map((r) => r.id));
      expect([...(removedDuring[0] ?? [])].filter((id) => mirrored.has(id))).toEqual([]);
    } finally {
      sim.control.beforeListPage(undefined);
      await engine.stop();
      await db.destroy();
    }
  }, 600_000);
});

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(backends)('a wrong key over a stored inventory on $name', (backend) => {
  it('is reported on /api/sync within seconds of start-up, with the upstream code and request id', async () => {
    const harness = await startHarness({ seed: 17, registryImages: 300, cicdImages: 30 });
    const db = await backend.open();
    try {
      const good = await engineFor(harness, db);
      const first = good.engine;
      await first.runNow(good.account.id, 'registry', 'crawl');
      await first.runNow(good.account.id, 'cicd', 'crawl');
      await first.stop();

      // Restarted with a rotated secret key; the next cycle is 5 minutes away.
      const keys = { ...harness.keys, huawei: { ...harness.keys.huawei, sk: 'rotated-secret' } };
      const wrong = engineClients(harness, { keys, maxRetries: 0 });
      const engine = await createEngine(db, wrong.account, wrong.clients, { intervalMs: 300_000 });
      harness.sim.resetStats();
      engine.start();
      try {
        expect(engine.isReady()).toBe(true); // the stored inventory is served meanwhile
        await waitFor('both lists to report the refused key', async () =>
          ((await engine.getSyncStatus()).accounts[0]?.lists ?? []).every(
            (list) => list.last_error !== null,
          ),
        );
        for (const list of (await engine.getSyncStatus()).accounts[0]?.lists ?? []) {
          expect(list.last_error?.upstream?.code).toBe('APIG.0301');
          expect(list.last_error?.request_id).toMatch(/^[0-9a-f-]{36}$/);
          expect(list.state).toBe('error');
          expect(list.rows).toBe(list.list === 'registry' ? 300 : 30);
        }
        // One call per list, no more, until the backoff's retry.
        expect(callsOf(harness, 'hss.ListRegistryImages')).toBe(1);
        expect(callsOf(harness, 'hss.ListCicdImages')).toBe(1);
        expect(await mirroredRegistryImages(db, wrong.account.id)).toHaveLength(300);
      } finally {
        await engine.stop();
      }
    } finally {
      await db.destroy();
      await harness.sim.close();
    }
  }, 60_000);
});
