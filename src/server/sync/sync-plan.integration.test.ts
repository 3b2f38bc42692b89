// The sync's plan in compressed time (the simulator and the budget at 5 calls per second, a
// cycle every 2 s, sweeps back to back) against the simulator over HTTP: the dashboard answers
// during the first crawl with its progress and time left; during a sweep a rescan shows after the
// first cycle begun after it (cycles are never starved); a removal shows by the end of the second
// sweep begun after it, the bound /api/sync reports (counted in sweeps, not timed); and a sweep
// stopped mid-way resumes at its page after a restart.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  API_ROUTES,
  RegistryImagesPageSchema,
  SyncResponseSchema,
  type ImageList,
  type ListSyncStatus,
} from '../../shared/contracts';
import { FIRST_ANALYSIS_ROWS, openInventory } from '../store/db';
import { useTestBff } from '../test-support/hooks';
import {
  createEngine,
  engineClients,
  mirroredRegistryImages,
  startHarness,
  type Harness,
  type TestBff,
} from '../test-support/sync-harness';
import type { SyncAccount } from './types';

const TOKEN = 'sync-plan-test-token-0123456789abcdef';
const ACCOUNT = 'demo-huawei';
const CYCLE_MS = 2_000;
const REGISTRY_IMAGES = 5_000;
/** Generous: every wait is for a condition, this only stops a test that hangs. */
const PATIENCE = { timeout: 120_000, interval: 50 };

async function get(url: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: await response.json() };
}

async function registryStatus(bff: TestBff): Promise<ListSyncStatus> {
  const { body } = await get(bff.url, API_ROUTES.sync);
  const account = SyncResponseSchema.parse(body).accounts.find((a) => a.account === ACCOUNT);
  const list = account?.lists.find((entry) => entry.list === 'registry');
  if (!list) throw new Error('no registry list on /api/sync');
  return list;
}

/** Waits until the registry list's status satisfies `check`, and returns that status. */
async function untilStatus(
  bff: TestBff,
  check: (status: ListSyncStatus) => boolean,
): Promise<ListSyncStatus> {
  return vi.waitFor(async () => {
    const status = await registryStatus(bff);
    if (!check(status)) throw new Error('not yet');
    return status;
  }, PATIENCE);
}

/** A sweep (not the first crawl) whose progress is between these fractions of its total. */
const sweepingBetween = (from: number, to: number) => (status: ListSyncStatus) =>
  status.crawl !== null &&
  status.crawl.first === false &&
  status.crawl.rows_done > from * status.crawl.total &&
  status.crawl.rows_done < to * status.crawl.total;

describe('a sync that plans its budget (5 calls/s)', { timeout: 180_000 }, () => {
  const bff = useTestBff(
    { seed: 31, registryImages: REGISTRY_IMAGES, cicdImages: 40, rateLimit: '5/1s' },
    {
      DASHBOARD_TOKEN: TOKEN,
      HSS_CALL_BUDGET: '5/1s',
      SYNC_INTERVAL_MS: String(CYCLE_MS),
      SYNC_SWEEP_INTERVAL_MS: '1000',
      QUERY_CACHE_MB: '0',
      LOG_LEVEL: 'silent',
    },
    {
      prepare: async () => {
        bff.server.sync.start();
      },
    },
  );

  it('answers during the first crawl: lists from what is mirrored, N of about M with the time left', async () => {
    const during = await untilStatus(
      bff,
      (status) => status.crawl !== null && status.crawl.rows_done >= 400,
    );
    expect(during.state).toBe('crawling');
    expect(during.crawl?.first).toBe(true);
    expect(during.crawl?.total).toBe(REGISTRY_IMAGES);
    expect(during.crawl?.eta_ms).toBeGreaterThan(0);

    const page = await get(bff.url, `${API_ROUTES.registryImages}?limit=10`);
    expect(page.status).toBe(200);
    const { total_num, data_list } = RegistryImagesPageSchema.parse(page.body);
    expect(data_list.length).toBe(10);
    expect(total_num).toBeGreaterThanOrEqual(400);
    expect(total_num).toBeLessThan(REGISTRY_IMAGES);
    // Readiness keeps its documented meaning: a first full sync done.
    expect((await fetch(`${bff.url}${API_ROUTES.readyz}`)).status).toBe(503);

    // The list grows with the crawl (its pace on a shared machine varies: the time left is not
    // compared here; sync/plan.test.ts checks its arithmetic), and the crawl completes.
    const later = await untilStatus(
      bff,
      (status) => (status.crawl?.rows_done ?? 0) >= (during.crawl?.rows_done ?? 0) + 1_000,
    );
    expect(later.crawl?.eta_ms).toBeGreaterThan(0);
    // The planner has statistics over part of the crawl (at 1M a page without took 15 times as
    // long), taken before the crawl ends.
    const { rows: statistics } = await sql<{ stat: string }>`select stat from sqlite_stat1
      where idx = 'registry_images_sort_latest_scan_time'`.execute(bff.db);
    const analysedRows = Number.parseInt(statistics[0]?.stat ?? '0', 10);
    expect(analysedRows).toBeGreaterThanOrEqual(FIRST_ANALYSIS_ROWS);
    expect(analysedRows).toBeLessThan(REGISTRY_IMAGES);
    const grown = RegistryImagesPageSchema.parse(
      (await get(bff.url, `${API_ROUTES.registryImages}?limit=10`)).body,
    );
    expect(grown.total_num).toBeGreaterThan(total_num);
    await untilStatus(bff, (status) => status.last_full_sync !== null);
    expect((await fetch(`${bff.url}${API_ROUTES.readyz}`)).status).toBe(200);
  });

  it('shows a rescan during a sweep after the first cycle begun after it', async () => {
    const { sim } = bff.harness;
    // Early in a sweep, so that the next cycle falls within it.
    const sweep = await untilStatus(bff, sweepingBetween(0, 0.2));
    const sweepStartedAt = bff.server.sync.record(ACCOUNT, 'registry')?.crawlStartedAt;
    const before = new Map(sim.estate.registryImages.map((row) => [row.id, row.latest_scan_time]));
    sim.control.rescanImages(3);
    const rescannedAt = Date.now();
    const rescanned = sim.estate.registryImages.filter(
      (row) => before.get(row.id) !== row.latest_scan_time,
    );
    expect(rescanned.length).toBeGreaterThan(0);

    // The first cycle that began after the rescan, while the same sweep goes on: the first to
    // end after it may have begun before it (a cycle's time is when it ended), the next one began
    // after that one ended.
    const ended = await untilStatus(
      bff,
      (status) => (status.last_incremental_sync ?? 0) > rescannedAt + 1,
    );
    const cycled = await untilStatus(
      bff,
      (status) => (status.last_incremental_sync ?? 0) > (ended.last_incremental_sync ?? 0),
    );
    expect(cycled.crawl?.first).toBe(false);
    expect(bff.server.sync.record(ACCOUNT, 'registry')?.crawlStartedAt).toBe(sweepStartedAt);
    for (const row of rescanned) {
      const { body } = await get(bff.url, `${API_ROUTES.registryImages}/${row.id}`);
      expect(body).toMatchObject({ latest_scan_time: String(row.latest_scan_time) });
    }
    expect(sweep.freshness?.cycle_interval_ms).toBe(CYCLE_MS);
  });

  it('shows a removal by the end of the second sweep begun after it: the bound /api/sync reports', async () => {
    const { sim } = bff.harness;
    const engineRecord = () => bff.server.sync.record(ACCOUNT, 'registry');
    // A third of the way into a sweep.
    const reported = await untilStatus(bff, sweepingBetween(0.33, 0.5));
    // Sweeps run back to back on what the cycles leave: the period is one sweep, and the bound
    // is the sweep running at the removal plus the two after it.
    expect(reported.freshness?.sweep_period_ms).toBe(reported.freshness?.sweep_ms);
    expect(reported.freshness?.removal_bound_ms).toBe(3 * (reported.freshness?.sweep_ms ?? 0));
    expect(reported.freshness?.removal_bound_ms).toBeGreaterThan(0);
    const runningAtRemoval = engineRecord()?.crawlStartedAt ?? null;
    expect(runningAtRemoval).not.toBeNull();

    const ids = new Set(sim.estate.registryImages.map((row) => row.id));
    sim.control.removeImages(4);
    for (const row of sim.estate.registryImages) ids.delete(row.id);
    const removed = [...ids];
    expect(removed.length).toBeGreaterThan(0);

    // Through the dashboard's own route (a cheap read that leaves the engine its event loop),
    // noting each complete sweep's start as it comes.
    const completeSweeps = new Set<number>();
    const stillListed = async () => {
      const answers = await Promise.all(
        removed.map((id) => get(bff.url, `${API_ROUTES.registryImages}/${id}`)),
      );
      const sweptFrom = engineRecord()?.sweepStartedAt ?? null;
      if (sweptFrom !== null && sweptFrom >= (runningAtRemoval ?? 0)) completeSweeps.add(sweptFrom);
      return answers.filter((answer) => answer.status !== 404).length;
    };
    await vi.waitFor(async () => {
      if ((await stillListed()) > 0) throw new Error('not yet');
    }, PATIENCE);
    // Gone at the end of the sweep running then (it saw the image before its removal), the next
    // (it missed it) or, at the latest, the one after (the second to miss it): 3 sweeps at most.
    expect(completeSweeps.size).toBeGreaterThanOrEqual(1);
    expect(completeSweeps.size).toBeLessThanOrEqual(3);
  });
});

describe('a sweep stopped mid-way', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ seed: 32, registryImages: 2_000, cicdImages: 20 });
  });
  afterAll(async () => {
    await harness.sim.close();
  });

  /** The engine's account with every list query it makes recorded. */
  function recording(account: SyncAccount) {
    const queries: Array<{ list: ImageList; offset: number }> = [];
    const client = account.client;
    const spied: SyncAccount = {
      ...account,
      client: {
        listRegistryImages(query, options) {
          queries.push({ list: 'registry', offset: Number(query.offset ?? 0) });
          return client.listRegistryImages(query, options);
        },
        listCicdImages(query, options) {
          queries.push({ list: 'cicd', offset: Number(query.offset ?? 0) });
          return client.listCicdImages(query, options);
        },
      },
    };
    return { queries, account: spied };
  }

  it('resumes at its page after a restart and still removes what is gone', async () => {
    const db = await openInventory(':memory:');
    const options = { intervalMs: 60_000, sweepIntervalMs: 1_000 };
    try {
      const first = engineClients(harness, { budget: '5/1s' });
      const engine = await createEngine(db, first.account, first.clients, options);
      await engine.runNow(first.account.id, 'registry', 'crawl');
      const removedIds = new Set(harness.sim.estate.registryImages.map((row) => row.id));
      harness.sim.control.removeImages(3);
      for (const row of harness.sim.estate.registryImages) removedIds.delete(row.id);
      // A complete sweep that misses them (their removal came before it began).
      await engine.runNow(first.account.id, 'registry', 'crawl');
      engine.start();
      await vi.waitFor(() => {
        if ((engine.record(first.account.id, 'registry')?.crawlOffset ?? 0) < 800) {
          throw new Error('not yet');
        }
      }, PATIENCE);
      await engine.stop();
      const stopped = engine.record(first.account.id, 'registry');
      const stoppedAt = stopped?.crawlOffset ?? 0;
      const sweepStartedAt = stopped?.crawlStartedAt;
      expect(stoppedAt).toBeGreaterThanOrEqual(800);
      const mirrored = async () =>
        new Set((await mirroredRegistryImages(db, first.account.id)).map((row) => row.id));
      const before = await mirrored();
      expect([...removedIds].filter((id) => before.has(id))).toEqual([...removedIds]);

      // Restarted: the sweep goes on from its page, not from the start, and completes.
      const second = engineClients(harness, { budget: '5/1s' });
      const spy = recording(second.account);
      const restarted = await createEngine(db, spy.account, second.clients, options);
      restarted.start();
      try {
        await vi.waitFor(() => {
          const record = restarted.record(spy.account.id, 'registry');
          if ((record?.sweepStartedAt ?? 0) !== sweepStartedAt) throw new Error('not yet');
        }, PATIENCE);
      } finally {
        await restarted.stop();
      }
      const registryOffsets = spy.queries.filter((q) => q.list === 'registry');
      expect(registryOffsets[0]?.offset).toBe(stoppedAt);
      const after = await mirrored();
      expect([...removedIds].filter((id) => after.has(id))).toEqual([]);
      expect(after.size).toBe(harness.sim.estate.registryImages.length);
    } finally {
      await db.destroy();
    }
  }, 180_000);
});

describe('cycles during a sweep of slow pages', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      seed: 33,
      registryImages: 2_000,
      cicdImages: 20,
      rateLimit: '5/1s',
    });
  });
  afterAll(async () => {
    await harness.sim.close();
  });

  /**
   * The engine's account whose crawl pages take `pageMs` longer once `slow` is set (as a page's
   * write takes at 1,000,000 images), with when each registry cycle made its first call.
   */
  function slowPages(account: SyncAccount, pageMs: number) {
    const state = { slow: false, cycleStarts: [] as number[], registryPages: 0 };
    const client = account.client;
    const timed = async <T>(
      list: ImageList,
      query: Record<string, unknown>,
      answer: Promise<T>,
    ): Promise<T> => {
      const result = await answer;
      if (!Object.keys(query).some((key) => key.startsWith('start_')) && state.slow) {
        if (list === 'registry') state.registryPages += 1;
        await new Promise((resolve) => setTimeout(resolve, pageMs));
      }
      return result;
    };
    const spied: SyncAccount = {
      ...account,
      client: {
        listRegistryImages(query, options) {
          if (state.slow && query.start_latest_update_time !== undefined) {
            state.cycleStarts.push(Date.now());
          }
          return timed('registry', query, client.listRegistryImages(query, options));
        },
        listCicdImages: (query, options) =>
          timed('cicd', query, client.listCicdImages(query, options)),
      },
    };
    return { state, account: spied };
  }

  it('begins cycles at most one interval apart, however long a sweep page takes', async () => {
    const intervalMs = 2_000;
    // Longer than half the interval: a cycle that waits for the page in progress is late by up
    // to this much (before, cycles began 1 interval + the cycle + up to a page apart).
    const pageMs = 1_500;
    const db = await openInventory(':memory:');
    try {
      const { clients, account } = engineClients(harness, { budget: '5/1s' });
      const spy = slowPages(account, pageMs);
      const engine = await createEngine(db, spy.account, clients, {
        intervalMs,
        sweepIntervalMs: 1_000,
      });
      await engine.runNow(account.id, 'registry', 'crawl');
      await engine.runNow(account.id, 'cicd', 'crawl');
      spy.state.slow = true;
      engine.start();
      try {
        await vi.waitFor(() => {
          if (spy.state.cycleStarts.length < 7) throw new Error('not yet');
        }, PATIENCE);
      } finally {
        await engine.stop();
      }
      const starts = spy.state.cycleStarts;
      const gaps = starts.slice(1).map((at, index) => at - (starts[index] ?? at));
      // The first call of a cycle may wait a little for the budget and the event loop.
      expect(Math.max(...gaps)).toBeLessThanOrEqual(intervalMs + 300);
      // Never starved: the sweep moved on between the cycles (at most one cycle per page).
      const record = engine.record(account.id, 'registry');
      expect(record?.lastFullSync).not.toBeNull();
      expect(spy.state.registryPages).toBeGreaterThanOrEqual(starts.length - 1);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
