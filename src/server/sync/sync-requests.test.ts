// Manual refreshes recorded in the database: the table's rules (a full crawl queued is not
// downgraded, a newer request survives the end of an older one, a dead leader's running request
// is re-queued), and two engines sharing one SQLite inventory and a lease: a refresh asked of the
// follower is shown by both and run by the leader within a couple of seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInventory, type InventoryDb } from '../store/db';
import { useMemoryInventory } from '../test-support/hooks';
import { createSyncLease } from './leader-lease';
import type { SyncEngine } from './sync-engine';
import {
  finishSyncRequest,
  markSyncRequestRunning,
  readSyncRequests,
  recordSyncRequest,
  requeueRunningSyncRequests,
} from './sync-requests';
import {
  callsOf,
  createEngine,
  engineClients,
  startHarness,
  type Harness,
} from '../test-support/sync-harness';

/** Within the test's own limit: reached only when a condition never holds. */
const CONDITION_DEADLINE_MS = 30_000;

describe('sync_requests', () => {
  let db: InventoryDb;
  useMemoryInventory((opened) => (db = opened));

  it('keeps a queued full crawl, re-queues a running request, and finishes only what ran', async () => {
    const account = 'acct';
    const first = await recordSyncRequest(db, {
      account,
      list: 'registry',
      kind: 'full',
      at: 1000,
    });
    expect(first).toBe(1000);
    // A later incremental request does not downgrade the full crawl still queued.
    const second = await recordSyncRequest(db, {
      account,
      list: 'registry',
      kind: 'incremental',
      at: 1000, // same clock reading: still a later request
    });
    expect(second).toBe(1001);
    expect(await readSyncRequests(db)).toEqual([
      { account, list: 'registry', kind: 'full', state: 'queued', requested_at: 1001 },
    ]);

    await markSyncRequestRunning(db, { account, list: 'registry', requestedAt: second, at: 1100 });
    expect((await readSyncRequests(db))[0]?.state).toBe('running');

    // Asked again while it runs: queued again with the new kind, and it survives the end of the
    // run it arrived during.
    const third = await recordSyncRequest(db, {
      account,
      list: 'registry',
      kind: 'incremental',
      at: 2000,
    });
    await finishSyncRequest(db, { account, list: 'registry', requestedAt: second });
    expect(await readSyncRequests(db)).toEqual([
      { account, list: 'registry', kind: 'incremental', state: 'queued', requested_at: third },
    ]);

    // A leader that died while running it: the next one re-queues it.
    await markSyncRequestRunning(db, { account, list: 'registry', requestedAt: third, at: 2100 });
    await requeueRunningSyncRequests(db);
    expect((await readSyncRequests(db))[0]?.state).toBe('queued');

    await finishSyncRequest(db, { account, list: 'registry', requestedAt: third });
    expect(await readSyncRequests(db)).toEqual([]);
  });
});

describe('a refresh asked of a replica that does not sync', () => {
  let harness: Harness;
  let dir: string;
  const dbs: InventoryDb[] = [];
  const engines: SyncEngine[] = [];

  beforeAll(async () => {
    harness = await startHarness({ seed: 5, registryImages: 300, cicdImages: 60 });
    dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-requests-'));
  });
  afterAll(async () => {
    for (const engine of engines) await engine.stop();
    for (const db of dbs) await db.destroy();
    await harness.sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function replica(holder: string): Promise<SyncEngine> {
    const db = await openInventory({ dataDir: dir });
    dbs.push(db);
    const { clients, account } = engineClients(harness);
    const engine = await createEngine(db, account, clients, {
      // Long enough that no scheduled cycle runs during the test: only the refresh does.
      intervalMs: 3_600_000,
      requestPollMs: 100,
      // Far longer than any pause of a loaded machine: the leader never loses the lease here
      // (a 600 ms lease changed hands when a renewal came late).
      leadership: createSyncLease({ db, ttlMs: 30_000, holder }),
    });
    engines.push(engine);
    return engine;
  }

  /**
   * Polls until `check` holds. The deadline only turns a condition that never holds into a named
   * failure; how fast things happen is the benchmarks' business. Speed is not what this proves:
   * the scheduled cycle is an hour away, so only the request can make the refresh run.
   */
  async function waitFor(what: string, check: () => Promise<boolean> | boolean) {
    const deadline = Date.now() + CONDITION_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('is recorded, shown on both, and run by the leader (not the hourly schedule)', async () => {
    const leader = await replica('replica-leader');
    leader.start();
    await waitFor('the leader to take the lease', () => leader.isLeader);
    const follower = await replica('replica-follower');
    follower.start();
    await waitFor('the first full sync', () => leader.isReady());
    expect(follower.isLeader).toBe(false);

    const account = (await leader.getSyncStatus()).accounts[0]?.account ?? '';
    expect(account).not.toBe('');
    const callsBefore = callsOf(harness, 'hss.ListRegistryImages');
    const syncedBefore = leader.syncedAt(account, 'registry') ?? 0;

    const receipt = await follower.requestRefresh(account, 'registry');
    expect(receipt?.queuedOn).toBe('leader');

    // Both replicas show it before it is done (queued, or already running).
    for (const engine of [follower, leader]) {
      const status = await engine.getSyncStatus();
      const list = status.accounts[0]?.lists.find((entry) => entry.list === 'registry');
      expect(list?.refresh?.kind).toBe('incremental');
      expect(['queued', 'running']).toContain(list?.refresh?.state);
    }

    await waitFor('the leader to run the refresh', async () => {
      const status = await follower.getSyncStatus();
      const list = status.accounts[0]?.lists.find((entry) => entry.list === 'registry');
      return list?.refresh === null && (list.last_incremental_sync ?? 0) > syncedBefore;
    });
    // An incremental cycle: a few calls, not a crawl; and the other list was not touched.
    const spent = callsOf(harness, 'hss.ListRegistryImages') - callsBefore;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(3);
    expect(leader.record(account, 'cicd')?.lastIncrementalSync).toBeNull();
    expect(await readSyncRequests(dbs[0] as InventoryDb)).toEqual([]);

    // Asked of the leader itself: it starts at once.
    const own = await leader.requestRefresh(account, 'cicd', { full: true });
    expect(own?.queuedOn).toBe('this_replica');
    const fullBefore = leader.record(account, 'cicd')?.lastFullSync ?? 0;
    await waitFor(
      'the full crawl of the other list',
      () => (leader.record(account, 'cicd')?.lastFullSync ?? 0) > fullBefore,
    );
  }, 60_000);
});
