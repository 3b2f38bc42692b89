// PostgreSQL outage: while the shared inventory is unreachable, requests answer 503
// `database_unavailable` and /readyz says so; once it is back, the same answers return, with no
// row lost or duplicated. Needs PostgreSQL binaries (fails otherwise, naming the install command).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateEstate } from '../simulator';
import { composeServer, type ComposedServer } from './compose';
import { demoAccounts, generateDemoKeys, loadConfig } from './config';
import { openInventory, type InventoryDb } from './store/db';
import { startTestPostgres, type TestPostgres } from './test-support/test-postgres';
import { mirrorEstate } from './test-support/sync-harness';

const TOKEN = 'outage-test-token-0123456789';

let postgres: TestPostgres | undefined;
let db: InventoryDb;
let server: ComposedServer;

beforeAll(async () => {
  postgres = await startTestPostgres();
  if (!postgres?.canStop) return;
  db = await openInventory({ databaseUrl: await postgres.createDatabase() });
  const accounts = demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'cri-unused');
  await mirrorEstate(
    db,
    'demo-huawei',
    generateEstate({ seed: 2, registryImages: 300, cicdImages: 40, now: Date.now() }),
  );
  const config = { ...loadConfig({ DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'silent' }), accounts };
  server = await composeServer({ config, db, logSink: false, distDir: '/nonexistent-dist' });
}, 60_000);

afterAll(async () => {
  await server?.app.close();
  await db?.destroy();
  await postgres?.close();
});

async function get(route: string) {
  const response = await server.app.inject({
    method: 'GET',
    url: route,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe('a PostgreSQL outage', () => {
  it('answers 503 database_unavailable while down and recovers when back', async () => {
    const route = '/api/hss/registry-images?limit=100&sort_key=latest_scan_time';
    const before = await get(route);
    expect(before.status).toBe(200);
    expect(before.body.total_num).toBe(300);

    await postgres!.pause();
    const during = await get(route);
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ error: { code: 'database_unavailable' } });
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'database_unavailable' });

    await postgres!.resume();
    // Polled until the pool reconnects; the deadline only names a recovery that never comes.
    let after = await get(route);
    await vi.waitFor(
      async () => {
        after = await get(route);
        expect(after.status).toBe(200);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(after.body.data_list).toEqual(before.body.data_list);
    expect(after.body.total_num).toBe(300);
  }, 60_000);
});
