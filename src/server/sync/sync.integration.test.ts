// The sync engine against the real simulator over signed HTTP: the mirror equals the upstream
// after a crawl, after incremental cycles (new scans, new images) and after a sweep (removed
// images); a cycle without changes costs at most one call per watermark; watermarks do not move
// past a failed query; an interrupted crawl resumes after a restart; a crawl past the offset cap
// is split by time windows; and concurrent callers never exceed the budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageList } from '../../shared/contracts';
import { openInventory } from '../store/db';
import type { SyncAccount } from './types';
import {
  callsOf,
  createEngine,
  engineClients,
  engineFor,
  mirroredCicdImages,
  mirroredRegistryImages,
  startHarness,
  upstreamCicdImages,
  upstreamRegistryImages,
  type Harness,
} from '../test-support/sync-harness';

let harness: Harness;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-sync-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  harness = await startHarness({ seed: 11, registryImages: 700, cicdImages: 150 });
});

afterAll(async () => {
  await harness.sim.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function expectMirrorEqualsUpstream(
  db: Awaited<ReturnType<typeof openInventory>>,
  account: string,
): Promise<void> {
  expect(await mirroredRegistryImages(db, account)).toEqual(
    await upstreamRegistryImages(harness.oracle),
  );
  expect(await mirroredCicdImages(db, account)).toEqual(await upstreamCicdImages(harness.oracle));
}

/** Wraps a client to record each query and optionally fail from the n-th call on. */
function spyOn(account: SyncAccount): {
  account: SyncAccount;
  queries: Array<{ list: ImageList; query: Record<string, unknown> }>;
} {
  const queries: Array<{ list: ImageList; query: Record<string, unknown> }> = [];
  const client = account.client;
  return {
    queries,
    account: {
      ...account,
      client: {
        listRegistryImages(query, options) {
          queries.push({ list: 'registry', query });
          return client.listRegistryImages(query, options);
        },
        listCicdImages(query, options) {
          queries.push({ list: 'cicd', query });
          return client.listCicdImages(query, options);
        },
      },
    },
  };
}

describe('sync engine against the simulator', () => {
  it('mirrors exactly; cycles bring new scans and images, a sweep removes what is gone, nothing else changes', async () => {
    const db = await openInventory(':memory:');
    const { engine, account } = await engineFor(harness, db);
    await engine.runNow(account.id, 'registry', 'crawl');
    await engine.runNow(account.id, 'cicd', 'crawl');
    await expectMirrorEqualsUpstream(db, account.id);
    expect(engine.isReady()).toBe(true);

    // A cycle with no changes: at most one call per watermark (3 registry, 2 CI/CD).
    const before = {
      registry: callsOf(harness, 'hss.ListRegistryImages'),
      cicd: callsOf(harness, 'hss.ListCicdImages'),
    };
    await engine.runNow(account.id, 'registry', 'incremental');
    await engine.runNow(account.id, 'cicd', 'incremental');
    expect(callsOf(harness, 'hss.ListRegistryImages') - before.registry).toBeLessThanOrEqual(3);
    expect(callsOf(harness, 'hss.ListCicdImages') - before.cicd).toBeLessThanOrEqual(2);

    // New scans and new images (drift adds CI/CD images and rescans them too).
    harness.sim.control.rescanImages(6);
    harness.sim.control.addImages(4);
    harness.sim.control.drift(2);
    const removedByDrift = new Set(
      (await mirroredRegistryImages(db, account.id)).map((image) => image.id),
    );
    await engine.runNow(account.id, 'registry', 'incremental');
    await engine.runNow(account.id, 'cicd', 'incremental');
    const upstream = await upstreamRegistryImages(harness.oracle);
    for (const image of upstream) removedByDrift.delete(image.id);
    // Everything upstream is mirrored as it is; only rows removed upstream linger until a sweep.
    const mirrored = await mirroredRegistryImages(db, account.id);
    expect(mirrored.filter((image) => !removedByDrift.has(image.id))).toEqual(upstream);
    expect(await mirroredCicdImages(db, account.id)).toEqual(
      await upstreamCicdImages(harness.oracle),
    );

    // Removed images stay until two sweeps missed them, then they are gone and the mirror is exact again.
    harness.sim.control.removeImages(5);
    await engine.runNow(account.id, 'registry', 'incremental');
    expect((await mirroredRegistryImages(db, account.id)).length).toBe(
      (await upstreamRegistryImages(harness.oracle)).length + 5 + removedByDrift.size,
    );
    // The first sweep after a removal keeps the row (a row can move out of one crawl's pages);
    // the second complete crawl in a row that misses it removes it.
    await engine.runNow(account.id, 'registry', 'crawl');
    expect((await mirroredRegistryImages(db, account.id)).length).toBe(
      (await upstreamRegistryImages(harness.oracle)).length + 5 + removedByDrift.size,
    );
    await engine.runNow(account.id, 'registry', 'crawl');
    await expectMirrorEqualsUpstream(db, account.id);
    await db.destroy();
  });

  it('does not move a watermark past a failed query', async () => {
    const db = await openInventory(':memory:');
    const { clients, account: real } = engineClients(harness, { maxRetries: 0 });
    const spy = spyOn(real);
    const engine = await createEngine(db, spy.account, clients);
    await engine.runNow(real.id, 'registry', 'crawl');
    const marks = { ...engine.record(real.id, 'registry')?.watermarks };
    expect(marks.latest_scan_time).toEqual(expect.any(Number));

    harness.sim.control.rescanImages(5);
    // The first query of the cycle (update time) succeeds; the upstream fails from then on.
    const failAfter = spy.queries.length + 1;
    const original = spy.account.client.listRegistryImages;
    let failing = true;
    spy.account.client.listRegistryImages = async (query, options) => {
      if (failing && spy.queries.length >= failAfter) harness.sim.control.setFaults('500:1');
      return original(query, options);
    };
    try {
      await engine.runNow(real.id, 'registry', 'incremental');
    } finally {
      failing = false;
      harness.sim.control.setFaults('');
    }
    const failed = engine.record(real.id, 'registry');
    expect(failed?.state).toBe('error');
    expect(failed?.lastError?.request_id).toEqual(expect.any(String));
    expect(failed?.watermarks.latest_scan_time).toBe(marks.latest_scan_time);
    expect(failed?.watermarks.latest_sync_time).toBe(marks.latest_sync_time);
    // The rescans were not mirrored yet.
    const upstream = await upstreamRegistryImages(harness.oracle);
    expect(await mirroredRegistryImages(db, real.id)).not.toEqual(upstream);

    await engine.runNow(real.id, 'registry', 'incremental');
    const done = engine.record(real.id, 'registry');
    expect(done?.state).toBe('idle');
    expect(done?.watermarks.latest_scan_time).toBeGreaterThan(marks.latest_scan_time ?? 0);
    expect(await mirroredRegistryImages(db, real.id)).toEqual(upstream);
    await db.destroy();
  });

  it('resumes an interrupted crawl after a restart, then needs no new crawl', async () => {
    const dataDir = tempDir();
    const { clients, account: real } = engineClients(harness, { maxRetries: 0 });
    let db = await openInventory({ dataDir });
    const first = spyOn(real);
    const original = first.account.client.listRegistryImages;
    first.account.client.listRegistryImages = async (query, options) => {
      if (first.queries.length === 2) harness.sim.control.setFaults('500:1');
      return original(query, options);
    };
    let engine = await createEngine(db, first.account, clients);
    try {
      await engine.runNow(real.id, 'registry', 'crawl');
    } finally {
      harness.sim.control.setFaults('');
    }
    expect(engine.record(real.id, 'registry')?.crawlOffset).toBe(400);
    await db.destroy();

    db = await openInventory({ dataDir });
    const second = spyOn(real);
    engine = await createEngine(db, second.account, clients);
    await engine.runNow(real.id, 'registry', 'crawl');
    const total = (await upstreamRegistryImages(harness.oracle)).length;
    expect(second.queries.map((entry) => entry.query.offset)).toEqual(
      Array.from({ length: Math.ceil((total - 400) / 200) }, (_, index) => 400 + index * 200),
    );
    expect(await mirroredRegistryImages(db, real.id)).toEqual(
      await upstreamRegistryImages(harness.oracle),
    );
    await engine.runNow(real.id, 'cicd', 'crawl');
    await db.destroy();

    // A restart with both lists mirrored: ready at once, and the next task is a cycle, not a crawl.
    db = await openInventory({ dataDir });
    engine = await createEngine(db, real, clients);
    expect(engine.isReady()).toBe(true);
    expect((await engine.getSyncStatus()).accounts[0]?.lists.map((list) => list.rows)).toEqual([
      total,
      (await upstreamCicdImages(harness.oracle)).length,
    ]);
    await db.destroy();
  });

  it('splits a crawl past the offset cap into time windows', async () => {
    const db = await openInventory(':memory:');
    const { clients, account: real } = engineClients(harness);
    const spy = spyOn(real);
    // Offsets up to 200 reach 400 rows per query: the whole list needs several windows.
    const engine = await createEngine(db, spy.account, clients, { offsetLimit: 200 });
    await engine.runNow(real.id, 'registry', 'crawl');
    const windowed = spy.queries.filter((entry) => 'start_latest_update_time' in entry.query);
    expect(windowed.length).toBeGreaterThan(2);
    expect(Math.max(...spy.queries.map((entry) => Number(entry.query.offset ?? 0)))).toBe(200);
    expect(await mirroredRegistryImages(db, real.id)).toEqual(
      await upstreamRegistryImages(harness.oracle),
    );
    expect(engine.record(real.id, 'registry')?.crawlWindows).toBeNull();
    await db.destroy();
  });
});
