// Load: the BFF (this process) over a 200,000-image inventory crawled from the simulator, hit by
// autocannon from a second process (so the load generator's CPU and memory are not the BFF's)
// with 200 connections for 30 s per scenario: list queries, facets, counts and exports.
// Prints requests/s, p99 latency, errors and the BFF's memory before and after.
// LOAD_IMAGES, LOAD_DURATION_S and LOAD_CONNECTIONS shrink it for a quick try; LOAD_CRAWL=1
// fills the inventory by a real first crawl (~3 min at 200k) instead of mirroring the estate.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../src/simulator';
import { composeServer } from '../src/server/compose';
import { demoAccounts, generateDemoKeys, loadConfig, type Config } from '../src/server/config';
import { openInventory } from '../src/server/inventory/db';
import { mirrorEstate } from '../src/server/sync/test-harness';
import { API_ROUTES } from '../src/shared/contracts';
import type { BenchFigure } from './run';

const IMAGES = Number(process.env.LOAD_IMAGES ?? 200_000);
const DURATION_S = Number(process.env.LOAD_DURATION_S ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const TOKEN = 'load-bench-dashboard-token-0123456789';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function autocannon(url: string): Promise<AutocannonResult> {
  const bin = path.resolve('node_modules/.bin/autocannon');
  const args = ['-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j'];
  args.push('-H', `authorization=Bearer ${TOKEN}`, url);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.slice(0, 500)}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 300)} ${err.slice(0, 300)}`));
      }
    });
  });
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function run(): Promise<BenchFigure[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'imagewatch-load-'));
  const keys = generateDemoKeys();
  const sim = await startSimulator({
    port: 0,
    seed: 3,
    registryImages: IMAGES,
    cicdImages: 2_000,
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
    rateLimit: '1000000/min',
    driftIntervalMs: 0,
  });
  const base = loadConfig({
    DASHBOARD_TOKEN: TOKEN,
    HSS_CALL_BUDGET: '1000000/min',
    SYNC_INTERVAL_MS: String(7 * 24 * 3_600_000),
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(root, 'data'),
  });
  const instanceId = sim.estate.acrInstances[0]?.InstanceId ?? 'cri-x';
  const config: Config = { ...base, accounts: demoAccounts(keys, sim.url, instanceId) };
  const db = await openInventory({ dataDir: config.dataDir });
  const { app, sync } = await composeServer({ config, db, logSink: false, distDir: root });
  const figures: BenchFigure[] = [];
  try {
    if (process.env.LOAD_CRAWL === '1') {
      const crawlStarted = Date.now();
      sync.start();
      while (!sync.isReady()) await new Promise((resolve) => setTimeout(resolve, 250));
      figures.push({
        figure: `load: first crawl of ${IMAGES} images`,
        value: Math.round((Date.now() - crawlStarted) / 100) / 10,
        unit: 's',
        better: 'lower',
      });
    } else {
      // The crawl of 200k images takes ~3 of the suite's 10 minutes and is not what this module
      // measures: fill the same inventory through the crawl's own parse and upsert instead.
      await mirrorEstate(db, config.accounts[0]?.id ?? 'demo-huawei', sim.estate);
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const url = (route: string) => `http://127.0.0.1:${port}${route}`;

    const routes = new Set(app.printRoutes({ commonPrefix: false }).split('\n'));
    const has = (segment: string) => [...routes].some((line) => line.includes(segment));
    const scenarios: Array<[string, string]> = [
      [
        'list',
        `${API_ROUTES.registryImages}?limit=50&offset=1000&severity_level=High,Medium&sort_key=latest_scan_time&sort_dir=desc`,
      ],
      ['count', `${API_ROUTES.registryImages}?limit=1&has_vul=true&scan_status=success`],
    ];
    if (has('/facets'))
      scenarios.push(['facets', `${API_ROUTES.registryImagesFacets}?severity_level=High`]);
    if (has('/risk-summary')) scenarios.push(['risk summary', API_ROUTES.riskSummary]);
    if (has('/export.csv'))
      scenarios.push([
        'export',
        `${API_ROUTES.registryImagesExport}?namespace=${encodeURIComponent(sim.estate.registryImages[0]?.namespace ?? 'a')}`,
      ]);

    for (const [name, route] of scenarios) {
      // A scenario that answers an error would measure the error path: refuse to run it.
      const probe = await fetch(url(route), { headers: { authorization: `Bearer ${TOKEN}` } });
      if (probe.status !== 200) throw new Error(`load ${name}: ${route} answered ${probe.status}`);
      await probe.arrayBuffer();
      global.gc?.();
      const before = process.memoryUsage().rss;
      const result = await autocannon(url(route));
      const after = process.memoryUsage().rss;
      const errors = result.errors + result.timeouts + result.non2xx;
      const label = `load ${name} (${CONNECTIONS} conn, ${DURATION_S} s)`;
      figures.push(
        {
          figure: `${label}: requests/s`,
          value: Math.round(result.requests.average),
          unit: 'req/s',
          better: 'higher',
        },
        { figure: `${label}: p99 latency`, value: result.latency.p99, unit: 'ms', better: 'lower' },
        { figure: `${label}: errors`, value: errors, unit: 'count', bound: 0, better: 'lower' },
        { figure: `${label}: BFF RSS before`, value: mib(before), unit: 'MiB', better: 'lower' },
        { figure: `${label}: BFF RSS after`, value: mib(after), unit: 'MiB', better: 'lower' },
      );
    }
  } finally {
    await sync.stop();
    await app.close();
    await db.destroy();
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
  return figures;
}
