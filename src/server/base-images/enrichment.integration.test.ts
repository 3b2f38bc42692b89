// The basic-image enrichment against the simulator, which limits each credential and API to
// exactly the BFF's budget (a call beyond it draws a 429): it stays within the budget, lets an
// on-demand detail view go first, resumes after a restart without asking any digest twice,
// reports its progress on /api/sync and /api/base-images, and makes no call when turned off.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BaseImagesPageSchema,
  SyncResponseSchema,
  type BaseImagesEnrichment,
} from '../../shared/contracts';
import { composeServer, type ComposedServer } from '../compose';
import { demoAccounts, loadConfig } from '../config';
import { openInventory, type InventoryDb } from '../store/db';
import { basicImagePath, privateImagesOf } from '../test-support/detail-paths';
import { listenOnLoopback } from '../test-support/listen-loopback';
import { callsOf, startHarness, type Harness } from '../test-support/sync-harness';
import { enrichmentCounts } from './base-images-store';

const TOKEN = 'enrichment-test-token-0123456789';
const ACCOUNT = 'demo-huawei';
const BASIC = 'hss.ListImageBasicImage';
/** Polled conditions; the deadline only names one that never holds. */
const CONDITION_WAIT = { timeout: 60_000, interval: 200 };

interface Running {
  server: ComposedServer;
  db: InventoryDb;
  url: string;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSim(budget: string): Promise<Harness> {
  const harness = await startHarness({
    seed: 7,
    registryImages: 60,
    cicdImages: 20,
    rateLimit: budget,
  });
  cleanups.push(() => harness.sim.close());
  return harness;
}

/** The BFF as main.ts composes it, on `dataDir` (SQLite file) or in memory, listening. */
async function startBff(
  harness: Harness,
  env: Record<string, string>,
  dataDir?: string,
): Promise<Running> {
  const base = loadConfig({ SYNC_INTERVAL_MS: '600000', DASHBOARD_TOKEN: TOKEN, ...env });
  const instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
  const db = await openInventory(dataDir === undefined ? ':memory:' : { dataDir });
  const server = await composeServer({
    config: { ...base, accounts: demoAccounts(harness.keys, harness.sim.url, instanceId) },
    db,
    logSink: false,
    distDir: '/nonexistent-dist',
  });
  const url = await listenOnLoopback(server.app);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.enrichment.stop();
    await server.sync.stop();
    await server.app.close();
    await db.destroy();
  };
  cleanups.push(close);
  return { server, db, url, close };
}

async function get(running: Running, route: string) {
  const response = await fetch(`${running.url}${route}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: (await response.json()) };
}

async function syncedAndStarted(running: Running): Promise<void> {
  running.server.sync.start();
  await vi.waitFor(() => expect(running.server.sync.isReady()).toBe(true), CONDITION_WAIT);
  running.server.enrichment.start();
}

async function enrichmentOnSync(running: Running): Promise<BaseImagesEnrichment | undefined> {
  const answer = await get(running, '/api/sync');
  return SyncResponseSchema.parse(answer.body).accounts.find((a) => a.account === ACCOUNT)
    ?.enrichment;
}

describe('basic-image enrichment', () => {
  it('stays within the budget and resumes after a restart without asking a digest twice', async () => {
    const budget = '10/1s';
    const harness = await startSim(budget);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-enrich-'));
    cleanups.push(() => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })));
    const env = { HSS_CALL_BUDGET: budget, LOG_LEVEL: 'silent' };

    const first = await startBff(harness, env, dataDir);
    await syncedAndStarted(first);
    const { total } = await enrichmentCounts(first.db, ACCOUNT);
    expect(total).toBeGreaterThan(40);
    await vi.waitFor(async () => {
      expect((await enrichmentCounts(first.db, ACCOUNT)).known).toBeGreaterThanOrEqual(15);
    }, CONDITION_WAIT);
    await first.close();
    const answeredBefore = (await openCounts(dataDir)).known;
    const callsBefore = callsOf(harness, BASIC);
    // A stop lets the call under way finish and keeps its answer: every call made is stored.
    expect(callsBefore).toBe(answeredBefore);
    // The simulator enforces the same budget (a call beyond it draws a 429): none was drawn.
    expect(harness.sim.stats().throttled).toBe(0);
    expect(answeredBefore).toBeLessThan(total);

    const second = await startBff(harness, env, dataDir);
    await syncedAndStarted(second);
    await vi.waitFor(async () => {
      const progress = await enrichmentOnSync(second);
      expect(progress).toMatchObject({ enabled: true, known: total, total, eta_ms: 0 });
    }, CONDITION_WAIT);
    // The second server asked exactly the digests without an answer, none of the others again.
    // A fresh process knows nothing of the calls the first made within the window, so its first
    // call may draw a 429 (then retried after the pause): those are not answers.
    const throttledAfterRestart = harness.sim.stats().throttled;
    expect(throttledAfterRestart).toBeLessThanOrEqual(1);
    expect(callsOf(harness, BASIC) - callsBefore - throttledAfterRestart).toBe(
      total - answeredBefore,
    );

    const page = BaseImagesPageSchema.parse((await get(second, '/api/base-images?limit=200')).body);
    expect(page.enrichment).toMatchObject({ known: total, total });
    expect(page.total_num).toBeGreaterThan(0);
  }, 180_000);

  it('serves a detail view requested during the enrichment before its next background call', async () => {
    const budget = '5/2s';
    const harness = await startSim(budget);
    const running = await startBff(harness, { HSS_CALL_BUDGET: budget, LOG_LEVEL: 'silent' });
    running.server.sync.start();
    await vi.waitFor(() => expect(running.server.sync.isReady()).toBe(true), CONDITION_WAIT);
    // Every grant of the basic-image budget, in order, named by the image id of the call it is
    // for (the client's calls run in a context that names their image).
    const clients = running.server.clients.byAccount.get(ACCOUNT);
    if (clients?.provider !== 'huawei') throw new Error('no Huawei client');
    const callFor = new AsyncLocalStorage<string>();
    const { hss } = clients;
    const listImageBasicImage = hss.listImageBasicImage.bind(hss);
    hss.listImageBasicImage = (imageId, query, options) =>
      callFor.run(imageId, () => listImageBasicImage(imageId, query, options));
    const shared = running.server.clients.budgets.get(clients.credentialId, BASIC);
    const grants: string[] = [];
    /** Each image's calls: how many grants there had been when it began to wait. */
    const waitsFrom = new Map<string, number>();
    /** Calls waiting for the budget right now. */
    let waiting = 0;
    const acquire = shared.acquire.bind(shared);
    shared.acquire = async (signal, options = {}) => {
      const caller = callFor.getStore();
      if (caller !== undefined && !waitsFrom.has(caller)) waitsFrom.set(caller, grants.length);
      waiting += 1;
      const settle = await acquire(signal, options).finally(() => {
        waiting -= 1;
      });
      grants.push(callFor.getStore() ?? 'unknown');
      return settle;
    };
    running.server.enrichment.start();
    await vi.waitFor(() => expect(grants.length).toBeGreaterThanOrEqual(6), CONDITION_WAIT);

    // An image whose digest the enrichment has not reached yet.
    const answered = new Set(
      (await running.db.selectFrom('basic_images').select('image_digest').execute()).map(
        (row) => row.image_digest,
      ),
    );
    const image = privateImagesOf(harness.sim.estate)
      .filter((candidate) => !answered.has(candidate.image_digest))
      .at(-1);
    if (!image) throw new Error('the enrichment already answered every private image');
    // Asked while an enrichment call waits for the budget (queued before it).
    await vi.waitFor(() => expect(waiting).toBe(1), CONDITION_WAIT);
    let detail = await get(running, basicImagePath(image));
    expect([200, 202]).toContain(detail.status);
    await vi.waitFor(async () => {
      detail = await get(running, basicImagePath(image));
      expect(detail.status).toBe(200);
    }, CONDITION_WAIT);
    // Once the detail view's call waited for the budget, the next grant was its own: no
    // background call went before it.
    const waitedFrom = waitsFrom.get(image.image_id);
    expect(waitedFrom).toBeDefined();
    expect(grants[waitedFrom ?? -1]).toBe(image.image_id);
    expect(harness.sim.stats().throttled).toBe(0);
  }, 120_000);

  it('makes no call when BASIC_IMAGE_ENRICH=off, and says so', async () => {
    const harness = await startSim('1000/1s');
    const running = await startBff(harness, {
      HSS_CALL_BUDGET: '1000/1s',
      LOG_LEVEL: 'silent',
      BASIC_IMAGE_ENRICH: 'off',
    });
    await syncedAndStarted(running);
    // A full sync later (the enrichment would have been woken by it), still no call.
    running.server.sync.refreshNow(ACCOUNT, 'registry');
    await vi.waitFor(async () => {
      expect(await enrichmentOnSync(running)).toMatchObject({ enabled: false, known: 0 });
    }, CONDITION_WAIT);
    expect(callsOf(harness, BASIC)).toBe(0);
    const page = BaseImagesPageSchema.parse((await get(running, '/api/base-images')).body);
    expect(page.enrichment).toMatchObject({ enabled: false, eta_ms: null, known: 0 });
    expect(page.enrichment.total).toBeGreaterThan(0);
  }, 120_000);

  it('refuses bad filters with a 400 naming the field', async () => {
    const harness = await startSim('1000/1s');
    const running = await startBff(harness, { LOG_LEVEL: 'silent', BASIC_IMAGE_ENRICH: 'off' });
    for (const [query, field] of [
      ['eol=expired', 'eol'],
      ['sort_key=colour', 'sort_key'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['os_name=', 'os_name'],
      ['shade=blue', 'shade'],
    ] as const) {
      const answer = await get(running, `/api/base-images?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_parameter', field } });
    }
    const exported = await get(running, '/api/base-images/export.csv?limit=5');
    expect(exported.status).toBe(400);
    expect(exported.body).toMatchObject({ error: { field: 'limit' } });
    for (const [query, field] of [
      ['basic_image_eol=yes', 'basic_image_eol'],
      ['basic_image_os=', 'basic_image_os'],
    ] as const) {
      const answer = await get(running, `/api/hss/registry-images?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body).toMatchObject({ error: { field } });
    }
    expect(callsOf(harness, BASIC)).toBe(0);
  }, 60_000);
});

/** The enrichment's counts in a stopped server's inventory. */
async function openCounts(dataDir: string) {
  const db = await openInventory({ dataDir });
  try {
    return await enrichmentCounts(db, ACCOUNT);
  } finally {
    await db.destroy();
  }
}
