// Overload over HTTP (issue 9): with a tiny queue of computations, new queries are answered 429
// server_busy with Retry-After at once while cached answers still answer 200; a client that
// disconnects while queued frees its slot unstarted; /api/sync shows the counters; bad input is
// still a 400 before any queueing.
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, ErrorBodySchema, SyncResponseSchema } from '../shared/contracts';
import { generateEstate } from '../simulator';
import { composeServer, type ComposedServer } from './compose';
import { demoAccounts, generateDemoKeys, loadConfig } from './config';
import { openInventory, type InventoryDb } from './store/db';
import { mirrorEstate } from './test-support/sync-harness';
import { listenOnLoopback } from './test-support/listen-loopback';

const TOKEN = 'admission-integration-test-token-0123456789';
const NOW = Date.now();
let server: ComposedServer;
let db: InventoryDb;
let dataDir: string;
let origin: string;

async function get(route: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${origin}${route}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A slot of the queue held by the test until `release` (as a long computation would). */
function holdSlot(): { release: () => void; done: Promise<void> } {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release: () => release(), done: server.admission.run(undefined, () => held) };
}

/** Polls a condition; the deadline only names one that never holds (not a timing). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-admission-http-'));
  db = await openInventory({ dataDir });
  const config = loadConfig({
    DASHBOARD_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    QUERY_QUEUE_LIMIT: '2',
  });
  // The account points nowhere: the sync engine is never started, every answer is the mirror's.
  const accounts = demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'cri-admission');
  server = await composeServer({ config: { ...config, accounts }, db, logSink: false });
  const estate = generateEstate({ seed: 3, registryImages: 3_000, cicdImages: 50, now: NOW });
  await mirrorEstate(db, 'demo-huawei', estate, NOW);
  origin = await listenOnLoopback(server.app);
}, 60_000);

afterAll(async () => {
  await server.sync.stop();
  await server.app.close();
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('admission control of computations over HTTP', () => {
  it('sheds new computations with 429 and Retry-After while cached answers answer 200', async () => {
    const cachedRoute = `${API_ROUTES.registryImages}?limit=20&offset=0`;
    expect((await get(cachedRoute)).status).toBe(200);
    const cachedFacets = `${API_ROUTES.registryImagesFacets}?severity_level=High`;
    expect((await get(cachedFacets)).status).toBe(200);

    // Both slots of the queue taken (limit 2): every new computation is refused.
    const first = holdSlot();
    const second = holdSlot();
    try {
      // "At once" needs no clock: the held slots are released only after these answers, so a
      // request that queued instead of being shed would never answer.
      for (const route of [
        `${API_ROUTES.registryImages}?limit=20&offset=40`,
        `${API_ROUTES.registryImagesFacets}?severity_level=Low`,
        `${API_ROUTES.cicdImages}?limit=10&offset=10`,
        `${API_ROUTES.riskSummary}?kind=registry&image_size=7`,
      ]) {
        const { status, body, headers } = await get(route);
        expect(status, route).toBe(429);
        expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        const error = ErrorBodySchema.parse(body).error;
        expect(error.code).toBe('server_busy');
        expect(error.message).toMatch(/busy.*retry in \d+ s/);
        // The same id as the response header, for matching a complaint with the logs.
        expect(error.request_id).toBe(headers.get('x-request-id'));
      }
      // Answers already computed do not queue.
      expect((await get(cachedRoute)).status).toBe(200);
      expect((await get(cachedFacets)).status).toBe(200);
      // Bad input is still a 400, before any queueing.
      const bad = await get(`${API_ROUTES.registryImages}?limit=9999`);
      expect(bad.status).toBe(400);

      const sync = SyncResponseSchema.parse((await get(API_ROUTES.sync)).body);
      expect(sync.query_admission).toMatchObject({ max_queued: 2, running: 1, queued: 1 });
      expect(sync.query_admission?.shed).toBeGreaterThanOrEqual(4);
    } finally {
      first.release();
      second.release();
      await Promise.all([first.done, second.done]);
    }
    // Once the queue drains, the same query is computed.
    expect((await get(`${API_ROUTES.registryImages}?limit=20&offset=40`)).status).toBe(200);
  });

  it('answers a burst of never-repeated queries with 200 or 429, never a timeout', async () => {
    const routes = Array.from(
      { length: 16 },
      (_, index) => `${API_ROUTES.registryImagesFacets}?image_size=${index + 100}`,
    );
    const answers = await Promise.all(routes.map((route) => get(route)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((a) => a.status === 429))
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('frees the slot of a client that disconnects while queued, without computing', async () => {
    const held = holdSlot();
    const before = server.admission.stats();
    const query = `${API_ROUTES.riskSummary}?kind=registry&image_size=99`;
    const request = httpRequest(`${origin}${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    request.on('error', () => undefined);
    request.end();
    try {
      await until(() => server.admission.stats().queued === 1, 'the request to queue');
      request.destroy();
      await until(() => server.admission.stats().cancelled === before.cancelled + 1, 'cancel');
      expect(server.admission.stats()).toMatchObject({ queued: 0, running: 1 });
    } finally {
      held.release();
      await held.done;
    }
    // Never computed: started computations are only the ones from before plus the held slot.
    expect(server.admission.stats().admitted).toBe(before.admitted);
  });
});
