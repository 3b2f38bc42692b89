// Detail calls under the call budget, against the simulator limiting each credential and API to
// exactly the BFF's budget (5 calls per 3 s here): while the sync engine crawls, a burst of
// basic-image requests is answered at once where the budget allows and with 202 + Retry-After
// where it would wait; repeated requests join the pending call; every answer ends up cached by
// digest in the inventory; and the simulator never answers 429.
import { describe, expect, it, vi } from 'vitest';
import { QueuedResponseSchema } from '../shared/contracts';
import type { ComposedServer } from './compose';
import type { InventoryDb } from './store/db';
import { basicImagePath, privateImagesOf } from './test-support/detail-paths';
import { useTestBff } from './test-support/hooks';
import { callsOf, type Harness } from './test-support/sync-harness';

const TOKEN = 'detail-budget-test-token-0123456789';
// A window twice the 1.5 s the BFF waits before answering 202: the third window's calls wait
// 6 s, so they are queued (202) unless the burst's arrival is spread over 4.5 s, and the first
// window's are served (200) unless one call takes 4 s. The 200/202 split no longer hangs on
// how fast a busy machine delivers the burst.
const BUDGET = '5/3s';
const BURST = 15; // three windows
/** Polled conditions; the deadline only names one that never holds. */
const CONDITION_WAIT = { timeout: 40_000, interval: 300 };
let harness: Harness;
let db: InventoryDb;
let server: ComposedServer;
let url: string;

const bff = useTestBff(
  { seed: 3, registryImages: 400, cicdImages: 60, rateLimit: BUDGET },
  { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: BUDGET, LOG_LEVEL: 'silent' },
  {
    prepare: async () => {
      ({ harness, db, server, url } = bff);
    },
  },
);

async function get(path: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('detail calls under the budget', () => {
  it('queues instead of failing, joins repeated requests, caches by digest, never draws a 429', async () => {
    server.sync.start();
    // Wait for the first crawl so that the images are in the inventory (digests known).
    await vi.waitFor(() => expect(server.sync.isReady()).toBe(true), CONDITION_WAIT);

    const images = privateImagesOf(harness.sim.estate).slice(0, BURST);
    const paths = images.map((image) => basicImagePath(image));
    const before = callsOf(harness, 'hss.ListImageBasicImage');
    // A burst while sync cycles spend their own budgets too.
    server.sync.refreshNow('demo-huawei', 'registry');
    server.sync.refreshNow('demo-huawei', 'cicd');
    const first = await Promise.all(paths.map((path) => get(path)));
    const statuses = first.map((answer) => answer.status);
    expect(statuses.every((status) => status === 200 || status === 202)).toBe(true);
    expect(statuses).toContain(200);
    expect(statuses).toContain(202);
    for (const answer of first.filter((entry) => entry.status === 202)) {
      const queued = QueuedResponseSchema.parse(answer.body);
      expect(queued.retry_after_ms).toBeGreaterThan(1_000);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }

    // Asking again while queued joins the pending call: no second upstream call.
    await Promise.all(paths.map((path) => get(path)));
    let last = first;
    await vi.waitFor(async () => {
      last = await Promise.all(paths.map((path) => get(path)));
      expect(last.map((answer) => answer.status)).toEqual(paths.map(() => 200));
    }, CONDITION_WAIT);
    expect(callsOf(harness, 'hss.ListImageBasicImage') - before).toBe(paths.length);

    // Cached by digest in the inventory: answered again without an upstream call.
    const rows = await db.selectFrom('basic_image_cache').select('image_digest').execute();
    expect(new Set(rows.map((row) => row.image_digest))).toEqual(
      new Set(images.map((image) => image.image_digest)),
    );
    const again = await get(paths[0] ?? '');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(last[0]?.body);
    expect(callsOf(harness, 'hss.ListImageBasicImage') - before).toBe(paths.length);

    expect(harness.sim.stats().throttled).toBe(0);
    const status = await get('/api/sync');
    const budgets = (status.body as { accounts: Array<{ budgets: Record<string, unknown> }> })
      .accounts[0]?.budgets;
    expect(budgets?.['hss.ListImageBasicImage']).toMatchObject({ limit: 5, window_ms: 3_000 });
  }, 120_000);
});
