// Load (issue 9): the BFF (this process) over a 200,000-image inventory mirrored from the
// simulator's estate, hit by autocannon from a second process (bench/load-generator.ts, so the
// load generator's CPU and memory are not the BFF's) with 200 connections for 30 s per scenario,
// each rotating a working set of URLs per request: list pages of several filters, counts of
// several filters, and CSV exports of a few namespaces (identical exports in flight may share one
// generation; distinct ones past the BFF's cap are refused with 429 + Retry-After, counted apart
// from errors). Prints requests/s, p99, errors, 429s and the BFF's memory: "memory steady" is
// the growth of its live memory (V8 heap in use plus Buffers, after full collections) from a
// scenario's start to its end, which a leak drives up. RSS is printed too (start and end after
// full collections, the highest 1 s sample between) but not bound: the C allocator keeps freed
// memory in its arenas, and RSS swings by ±100s of MiB between identical runs. LOAD_IMAGES, LOAD_DURATION_S and LOAD_CONNECTIONS shrink it
// for a quick try (LOAD_SCENARIOS=export runs one scenario); LOAD_CRAWL=1 fills the inventory by a real first crawl (~3 min at 200k).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../src/simulator';
import { composeServer } from '../src/server/compose';
import {
  DEMO_HUAWEI_ACCOUNT_ID,
  demoAccounts,
  generateDemoKeys,
  loadConfig,
  type Config,
} from '../src/server/config';
import { openInventory } from '../src/server/store/db';
import { mirrorEstate } from '../src/server/test-support/sync-harness';
import { API_ROUTES } from '../src/shared/contracts';
import type { Estate } from '../src/simulator/estate';
import {
  countOf,
  failuresOf,
  mib,
  round,
  sampleRss,
  settledMemory,
  waitForNoConnections,
  runLoadGenerator,
} from './bench-util';
import type { BenchFigure } from './run';
import { listenOnLoopback } from '../src/server/test-support/listen-loopback';

const IMAGES = Number(process.env.LOAD_IMAGES ?? 200_000);
const DURATION_S = Number(process.env.LOAD_DURATION_S ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
/** LOAD_SCENARIOS=export (comma-separated prefixes of scenario names) runs only those. */
const SCENARIO_FILTER = (process.env.LOAD_SCENARIOS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
const TOKEN = 'load-bench-dashboard-token-0123456789';
/** Growth of live memory over one scenario that still counts as steady (no leak). */
const STEADY_GROWTH_MIB = 64;

interface Scenario {
  name: string;
  paths: string[];
  /** 429 + Retry-After is this scenario's designed answer to too much at once (exports). */
  throttlingExpected: boolean;
  /** Request headers besides authorization. */
  headers?: Record<string, string>;
  /** The generator counts body bytes without keeping them (megabytes per answer). */
  discardBodies?: boolean;
}

function namespacesBySize(estate: Estate): string[] {
  const tally = new Map<string, number>();
  for (const image of estate.registryImages)
    tally.set(image.namespace, (tally.get(image.namespace) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([namespace]) => namespace);
}

function scenariosOf(estate: Estate): Scenario[] {
  const list = API_ROUTES.registryImages;
  const namespaces = namespacesBySize(estate);
  const ns = (index: number) =>
    `namespace=${encodeURIComponent(namespaces[index] ?? namespaces[0] ?? 'a')}`;
  const lists = [
    'limit=20',
    'limit=20&offset=20',
    'limit=50&offset=1000&severity_level=High,Medium&sort_key=latest_scan_time&sort_dir=desc',
    'limit=20&severity_level=High',
    'limit=20&offset=20&severity_level=High',
    'limit=20&has_vul=true&scan_status=success',
    'limit=20&image_type=private_image&sort_key=image_name&sort_dir=asc',
    `limit=20&${ns(0)}`,
    `limit=20&offset=20&${ns(0)}`,
    `limit=20&${ns(1)}&sort_key=vul_num&sort_dir=desc`,
    'limit=100&sort_key=image_size&sort_dir=desc',
    'limit=20&scan_status=failed',
  ];
  const counts = [
    'limit=1',
    'limit=1&has_vul=true&scan_status=success',
    'limit=1&severity_level=High',
    'limit=1&severity_level=High,Medium',
    'limit=1&has_malicious_file=true',
    'limit=1&never_scanned=true',
    `limit=1&${ns(0)}`,
    `limit=1&${ns(2)}&has_vul=true`,
  ];
  // Middle-sized namespaces: a realistic export (thousands of rows), not the whole estate.
  const middle = Math.floor(namespaces.length / 2);
  const exports = [0, 1, 2, 3].map(
    (index) =>
      `${API_ROUTES.registryImagesExport}?namespace=${encodeURIComponent(namespaces[middle + index] ?? namespaces[0] ?? 'a')}`,
  );
  return [
    {
      name: `list, ${lists.length} URLs`,
      paths: lists.map((q) => `${list}?${q}`),
      throttlingExpected: false,
    },
    {
      name: `count, ${counts.length} URLs`,
      paths: counts.map((q) => `${list}?${q}`),
      throttlingExpected: false,
    },
    {
      name: `export, ${exports.length} URLs`,
      paths: exports,
      throttlingExpected: true,
      // As a browser asks: files asked for again go out as the spool's gzip copy.
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
      // autocannon would decode every body into a string: ~2 MB per answer, 100s a second.
      discardBodies: process.env.LOAD_KEEP_BODIES !== '1',
    },
  ];
}

/** The simulator with IMAGES images and the BFF composed over it, its data in `root`. */
async function startLoadServer(root: string) {
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
  return { sim, config, db, app, sync };
}

type LoadServer = Awaited<ReturnType<typeof startLoadServer>>;

/**
 * The inventory filled: by the sync's own first crawl with LOAD_CRAWL=1 (its duration the one
 * figure), else straight from the estate.
 */
async function fillInventory({ sim, config, db, sync }: LoadServer): Promise<BenchFigure[]> {
  if (process.env.LOAD_CRAWL === '1') {
    const crawlStarted = Date.now();
    sync.start();
    while (!sync.isReady()) await new Promise((resolve) => setTimeout(resolve, 250));
    return [
      {
        figure: `load: first crawl of ${IMAGES} images`,
        value: Math.round((Date.now() - crawlStarted) / 100) / 10,
        unit: 's',
        better: 'lower',
      },
    ];
  }
  // The crawl of 200k images takes ~3 of the suite's 10 minutes and is not what this module
  // measures: fill the same inventory through the crawl's own parse and upsert instead.
  await mirrorEstate(db, config.accounts[0]?.id ?? DEMO_HUAWEI_ACCOUNT_ID, sim.estate);
  return [];
}

/** A scenario that answers an error would measure the error path: refuse to run it. */
async function checkScenarioAnswers(origin: string, scenario: Scenario): Promise<void> {
  for (const route of scenario.paths) {
    const probe = await fetch(`${origin}${route}`, {
      headers: { ...scenario.headers, authorization: `Bearer ${TOKEN}` },
    });
    await probe.arrayBuffer();
    if (probe.status !== 200)
      throw new Error(`load ${scenario.name}: ${route} answered ${probe.status}`);
  }
}

/** The load generator on one scenario, with the BFF's memory and own handling time around it. */
async function loadScenario(app: LoadServer['app'], origin: string, scenario: Scenario) {
  const start = settledMemory();
  const sampler = sampleRss();
  // The BFF's own handling time (headers parsed to response handed to the kernel): tells
  // a slow handler from requests queued in front of it.
  const handling: number[] = [];
  const onRequest = (_request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    response.on('finish', () => handling.push(performance.now() - started));
  };
  app.server.on('request', onRequest);
  const report = await runLoadGenerator({
    origin,
    token: TOKEN,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    timeoutS: 10,
    mode: 'rotate',
    paths: scenario.paths,
    ...(scenario.headers ? { headers: scenario.headers } : {}),
    ...(scenario.discardBodies === true ? { discardBodies: true } : {}),
  });
  // The requests still queued when the generator stops belong to this scenario.
  await waitForNoConnections(app.server);
  app.server.off('request', onRequest);
  const maxRss = sampler.stop();
  handling.sort((a, b) => a - b);
  return { report, handling, start, end: settledMemory(), maxRss };
}

function scenarioFigures(
  scenario: Scenario,
  { report, handling, start, end, maxRss }: Awaited<ReturnType<typeof loadScenario>>,
): BenchFigure[] {
  const label = `load ${scenario.name} (${CONNECTIONS} conn, ${DURATION_S} s)`;
  // The answers by status, for reading a failure (the figures keep only the counts).
  console.error(
    `${label}: statuses ${JSON.stringify(report.statusCounts)}, errors ${report.errors}, timeouts ${report.timeouts}, max latency ${report.latencyMaxMs} ms`,
  );
  return [
    {
      figure: `${label}: requests/s (2xx)`,
      value: Math.round(countOf(report, '2xx') / report.durationS),
      unit: 'req/s',
      better: 'higher',
    },
    {
      figure: `${label}: p99 latency`,
      value: report.latencyP99Ms,
      unit: 'ms',
      better: 'lower',
    },
    {
      figure: `${label}: BFF handling time p99 (server side)`,
      value: round(handling[Math.floor(handling.length * 0.99)] ?? 0, 1),
      unit: 'ms',
      better: 'lower',
    },
    {
      figure: `${label}: BFF handling time max (server side)`,
      value: round(handling.at(-1) ?? 0, 1),
      unit: 'ms',
      better: 'lower',
    },
    {
      figure: `${label}: errors (429 aside)`,
      value: failuresOf(report),
      unit: 'count',
      bound: 0,
      better: 'lower',
    },
    {
      figure: `${label}: of which time-outs (${report.durationS > 0 ? 10 : 0} s)`,
      value: report.timeouts,
      unit: 'count',
      better: 'lower',
    },
    {
      figure: `${label}: 429 + Retry-After`,
      value: countOf(report, 429),
      unit: 'count',
      // Lists and counts are never refused; an export past the cap is, by design.
      ...(scenario.throttlingExpected ? {} : { bound: 0 }),
      better: 'lower',
    },
    {
      figure: `${label}: BFF RSS at start`,
      value: mib(start.rss),
      unit: 'MiB',
      better: 'lower',
    },
    {
      figure: `${label}: BFF RSS max (1 s samples)`,
      value: mib(maxRss),
      unit: 'MiB',
      better: 'lower',
    },
    {
      figure: `${label}: memory steady, live memory (heap + buffers) growth start to end`,
      value: mib(end.live - start.live),
      unit: 'MiB',
      bound: STEADY_GROWTH_MIB,
      better: 'lower',
    },
    {
      // Informative: see settledMemory for why RSS cannot be the leak test.
      figure: `${label}: RSS growth start to end (allocator-dependent)`,
      value: mib(end.rss - start.rss),
      unit: 'MiB',
      better: 'lower',
    },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'imagewatch-load-'));
  const server = await startLoadServer(root);
  const { sim, db, app, sync } = server;
  const figures: BenchFigure[] = [];
  try {
    figures.push(...(await fillInventory(server)));
    const origin = await listenOnLoopback(app);
    const scenarios = scenariosOf(sim.estate).filter(
      (scenario) =>
        SCENARIO_FILTER.length === 0 ||
        SCENARIO_FILTER.some((prefix) => scenario.name.startsWith(prefix)),
    );
    for (const scenario of scenarios) {
      await checkScenarioAnswers(origin, scenario);
      figures.push(...scenarioFigures(scenario, await loadScenario(app, origin, scenario)));
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
