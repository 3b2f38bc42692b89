// Compressed time: the simulator allows 5 calls per second per credential and API
// (SIM_RATE_LIMIT=5/1s) and the BFF budgets the same (HSS_CALL_BUDGET=5/1s), with a ~2,000-image
// estate. The sync engine crawls, then drift and incremental cycles run while a burst of detail
// requests is served through the BFF. Figures: 429s seen (must be 0), calls of the first crawl
// against ceil(N/200), calls of a cycle without changes (at most 3 per list), and how the detail
// burst was answered (at once, or 202 queued and then served from the cache).
import { composeServer } from '../src/server/compose';
import { demoAccounts, loadConfig } from '../src/server/config';
import { openInventory } from '../src/server/inventory/db';
import { callsOf, startHarness } from '../src/server/sync/test-harness';
import type { BenchFigure } from './run';

const REGISTRY_IMAGES = 2_000;
const CICD_IMAGES = 300;
const TOKEN = 'bench-sync-token-0123456789abcdef';
const ACCOUNT = 'demo-huawei';

export async function run(): Promise<BenchFigure[]> {
  const harness = await startHarness({
    seed: 9,
    registryImages: REGISTRY_IMAGES,
    cicdImages: CICD_IMAGES,
    rateLimit: '5/1s',
  });
  const config = loadConfig({
    DASHBOARD_TOKEN: TOKEN,
    HSS_CALL_BUDGET: '5/1s',
    SYNC_INTERVAL_MS: '3600000',
    LOG_LEVEL: 'silent',
  });
  const instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
  const db = await openInventory(':memory:');
  const server = await composeServer({
    config: { ...config, accounts: demoAccounts(harness.keys, harness.sim.url, instanceId) },
    db,
    logSink: false,
    distDir: '/nonexistent-dist',
  });
  try {
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const sync = server.sync;

    const crawlStart = Date.now();
    await sync.runNow(ACCOUNT, 'registry', 'crawl');
    await sync.runNow(ACCOUNT, 'cicd', 'crawl');
    const crawlMs = Date.now() - crawlStart;
    const crawlCalls =
      callsOf(harness, 'hss.ListRegistryImages') + callsOf(harness, 'hss.ListCicdImages');
    const registryRows = harness.sim.estate.registryImages.length;
    const expectedCalls = Math.ceil(registryRows / 200) + Math.ceil(CICD_IMAGES / 200);

    // A cycle without changes.
    const beforeIdle = {
      registry: callsOf(harness, 'hss.ListRegistryImages'),
      cicd: callsOf(harness, 'hss.ListCicdImages'),
    };
    await sync.runNow(ACCOUNT, 'registry', 'incremental');
    await sync.runNow(ACCOUNT, 'cicd', 'incremental');
    const idleRegistry = callsOf(harness, 'hss.ListRegistryImages') - beforeIdle.registry;
    const idleCicd = callsOf(harness, 'hss.ListCicdImages') - beforeIdle.cicd;

    // Drift, then cycles while a burst of detail requests arrives.
    harness.sim.control.drift(3);
    const images = harness.sim.estate.registryImages
      .filter((image) => image.image_type === 'private_image')
      .slice(0, 20);
    const paths = images.map((image) => {
      const query = new URLSearchParams({
        image_type: 'private_image',
        namespace: image.namespace,
        image_name: image.image_name,
        image_version: image.image_version,
      });
      return `/api/hss/images/${image.image_id}/basic-image?${query.toString()}`;
    });
    const get = async (route: string) =>
      (await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status;
    const cycles = Promise.all([
      sync.runNow(ACCOUNT, 'registry', 'incremental'),
      sync.runNow(ACCOUNT, 'cicd', 'incremental'),
    ]);
    const burst = await Promise.all(paths.map(get));
    await cycles;
    const detailStart = Date.now();
    let statuses = burst;
    while (statuses.some((status) => status !== 200) && Date.now() - detailStart < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      statuses = await Promise.all(paths.map(get));
    }
    const allServedMs = Date.now() - detailStart;
    const syncStatus = (await sync.getSyncStatus()).accounts[0];
    const throttled =
      harness.sim.stats().throttled +
      (syncStatus?.lists.reduce((sum, list) => sum + list.throttled, 0) ?? 0);

    return [
      {
        figure: 'sync 5/1s: 429s seen by the simulator and the BFF',
        value: throttled,
        unit: 'calls',
        bound: 0,
        better: 'lower',
      },
      {
        figure: `sync 5/1s: first crawl calls (${registryRows} + ${CICD_IMAGES} images)`,
        value: crawlCalls,
        unit: 'calls',
        bound: expectedCalls,
        better: 'lower',
      },
      { figure: 'sync 5/1s: first crawl duration', value: crawlMs, unit: 'ms', better: 'lower' },
      {
        figure: 'sync 5/1s: calls of a cycle without changes, repository images',
        value: idleRegistry,
        unit: 'calls',
        bound: 3,
        better: 'lower',
      },
      {
        figure: 'sync 5/1s: calls of a cycle without changes, CI/CD images',
        value: idleCicd,
        unit: 'calls',
        bound: 3,
        better: 'lower',
      },
      {
        figure: 'sync 5/1s: detail burst of 20, answered at once (200)',
        value: burst.filter((s) => s === 200).length,
        unit: 'reqs',
        better: 'higher',
      },
      {
        figure: 'sync 5/1s: detail burst of 20, queued (202 + Retry-After)',
        value: burst.filter((s) => s === 202).length,
        unit: 'reqs',
        better: 'lower',
      },
      {
        figure: 'sync 5/1s: detail burst of 20, failed (not 200/202)',
        value: burst.filter((s) => s !== 200 && s !== 202).length,
        unit: 'reqs',
        bound: 0,
        better: 'lower',
      },
      {
        figure: 'sync 5/1s: basic-image calls for 20 distinct images',
        value: callsOf(harness, 'hss.ListImageBasicImage'),
        unit: 'calls',
        bound: 20,
        better: 'lower',
      },
      {
        figure: 'sync 5/1s: time until the queued details were all served',
        value: allServedMs,
        unit: 'ms',
        better: 'lower',
      },
    ];
  } finally {
    await server.sync.stop();
    await server.app.close();
    await db.destroy();
    await harness.sim.close();
  }
}
