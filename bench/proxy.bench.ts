// Versus a pass-through proxy: the same filtered, sorted 200-row query (a) through the BFF, which
// answers from its inventory, and (b) straight to the simulator with 50 ms of simulated cloud
// latency, signed by the real HSS client, as a proxy would have to send it. Interleaved (a, b,
// a, b…) so both see the same machine load. Then how many distinct queries a minute each can
// serve for one user under the documented limit of 5 calls a minute per API.
// The direct call is a lower bound for a real proxy (which adds its own hop), so the comparison
// favours the proxy. PROXY_IMAGES and PROXY_ROUNDS shrink it for a quick try.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeServer } from '../src/server/compose';
import {
  DEMO_HUAWEI_ACCOUNT_ID,
  demoAccounts,
  generateDemoKeys,
  loadConfig,
} from '../src/server/config';
import { openInventory } from '../src/server/store/db';
import { mirrorEstate } from '../src/server/test-support/sync-harness';
import { BudgetRegistry, parseRate } from '../src/server/upstream/budget';
import { createHssClient } from '../src/server/upstream/huawei/hss-client';
import {
  API_ROUTES,
  ListRegistryImagesQuerySchema,
  REGISTRY_LIMIT,
  type ListPage,
} from '../src/shared/contracts';
import { startSimulator } from '../src/simulator';
import { round } from './bench-util';
import type { BenchFigure } from './run';
import { listenOnLoopback } from '../src/server/test-support/listen-loopback';

const IMAGES = Number(process.env.PROXY_IMAGES ?? 20_000);
const ROUNDS = Number(process.env.PROXY_ROUNDS ?? 60);
const CLOUD_LATENCY_MS = 50;
/** HSS: 5 calls a minute per user and API (HSS API reference, "Limitations and Constraints"). */
const DOCUMENTED_CALLS_PER_MINUTE = 5;
const THROUGHPUT_SECONDS = 5;
const THROUGHPUT_CONNECTIONS = 8;
const TOKEN = 'bench-proxy-token-0123456789abcdef';
const QUERY = {
  severity_level: 'High',
  has_vul: 'true',
  sort_key: 'latest_scan_time',
  sort_dir: 'desc',
  limit: '200',
} as const;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return round(sorted[index] ?? 0);
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await task();
  return { ms: performance.now() - start, result };
}

type Query = Record<string, string>;

/** The BFF's answer to a list query, over HTTP (from its inventory). */
function bffQuery(bffBase: string) {
  return async (query: Query) => {
    const url = `${bffBase}${API_ROUTES.registryImages}?${new URLSearchParams(query).toString()}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (response.status !== 200) throw new Error(`BFF answered ${response.status}`);
    return (await response.json()) as ListPage<unknown>;
  };
}

/**
 * The proxy's call: validated, signed and parsed by the same client the sync engine uses; its
 * budget is set out of the way (the documented limit is accounted for in the figures).
 */
function directQuery(keys: ReturnType<typeof generateDemoKeys>, endpoint: string) {
  const hss = createHssClient({
    budgets: new BudgetRegistry({ defaultRate: parseRate('1000000/min') }),
    credentialId: 'bench-proxy',
    credentials: keys.huawei,
    endpoint,
  });
  const upstreamQuery = ListRegistryImagesQuerySchema.parse(QUERY);
  return async () => (await hss.listRegistryImages(upstreamQuery, { noRetry: true })).data;
}

/** Both must be answering the same question, or the comparison means nothing. */
async function checkSameAnswer(
  viaBff: ReturnType<typeof bffQuery>,
  direct: ReturnType<typeof directQuery>,
): Promise<void> {
  const [bffAnswer, directAnswer] = [await viaBff(QUERY), await direct()];
  if (bffAnswer.total_num !== directAnswer.total_num || bffAnswer.data_list.length !== 200)
    throw new Error(
      `BFF total ${bffAnswer.total_num} (${bffAnswer.data_list.length} rows), ` +
        `simulator total ${directAnswer.total_num} (${directAnswer.data_list.length} rows)`,
    );
}

/** ROUNDS of each, interleaved so that both see the same machine load; each sorted. */
async function interleavedTimes(
  viaBff: ReturnType<typeof bffQuery>,
  direct: ReturnType<typeof directQuery>,
) {
  const bffTimes: number[] = [];
  const directTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bffTimes.push((await timed(() => viaBff(QUERY))).ms);
    directTimes.push((await timed(direct)).ms);
  }
  bffTimes.sort((a, b) => a - b);
  directTimes.sort((a, b) => a - b);
  return { bffTimes, directTimes };
}

/**
 * Throughput of distinct queries (a different offset and severity each time), so that no cache
 * anywhere could serve a repeat. The clients share this process: a conservative figure.
 */
async function distinctQueriesPerSecond(viaBff: ReturnType<typeof bffQuery>): Promise<number> {
  const severities = ['Security', 'Low', 'Medium', 'High'];
  let served = 0;
  const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
  const throughputStart = performance.now();
  await Promise.all(
    Array.from({ length: THROUGHPUT_CONNECTIONS }, async (_, connection) => {
      for (let n = connection; performance.now() < deadline; n += THROUGHPUT_CONNECTIONS) {
        await viaBff({
          ...QUERY,
          severity_level: severities[n % severities.length] ?? 'High',
          offset: String((Math.floor(n / severities.length) * 200) % 2_000),
        });
        served += 1;
      }
    }),
  );
  return served / ((performance.now() - throughputStart) / 1000);
}

function proxyFigures(
  { bffTimes, directTimes }: Awaited<ReturnType<typeof interleavedTimes>>,
  perSecond: number,
): BenchFigure[] {
  const bffMedian = percentile(bffTimes, 0.5);
  const directMedian = percentile(directTimes, 0.5);
  const bffQueriesPerMinute = Math.round(Math.min(60_000 / bffMedian, perSecond * 60));
  const callsPerQuery = Math.ceil(Number(QUERY.limit) / REGISTRY_LIMIT.max);
  const proxyQueriesPerMinute = DOCUMENTED_CALLS_PER_MINUTE / callsPerQuery;
  const label = `proxy: ${IMAGES / 1000}k images, 200-row filtered query`;
  const proxyRef = (value: number) => ({ value, what: 'pass-through' });
  return [
    {
      figure: `${label}, BFF from inventory, median`,
      value: bffMedian,
      unit: 'ms',
      better: 'lower',
      reference: proxyRef(directMedian),
    },
    {
      figure: `${label}, BFF from inventory, p99`,
      value: percentile(bffTimes, 0.99),
      unit: 'ms',
      better: 'lower',
      reference: proxyRef(percentile(directTimes, 0.99)),
    },
    {
      figure: `${label}, pass-through (${CLOUD_LATENCY_MS} ms cloud latency), median`,
      value: directMedian,
      unit: 'ms',
      better: 'lower',
    },
    {
      figure: `${label}, pass-through (${CLOUD_LATENCY_MS} ms cloud latency), p99`,
      value: percentile(directTimes, 0.99),
      unit: 'ms',
      better: 'lower',
    },
    {
      figure: `${label}, pass-through median / BFF median`,
      value: round(directMedian / bffMedian, 1),
      unit: 'x',
      better: 'higher',
    },
    {
      figure: 'proxy: distinct queries a minute per user, pass-through at 5 calls/min',
      value: proxyQueriesPerMinute,
      unit: 'q/min',
      better: 'higher',
    },
    {
      figure: 'proxy: distinct queries a minute per user, BFF (median, capped by throughput)',
      value: bffQueriesPerMinute,
      unit: 'q/min',
      better: 'higher',
      reference: proxyRef(proxyQueriesPerMinute),
    },
    {
      figure: `proxy: BFF throughput, distinct 200-row queries, ${THROUGHPUT_CONNECTIONS} clients in-process`,
      value: round(perSecond, 1),
      unit: 'q/s',
      better: 'higher',
    },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-bench-proxy-'));
  const keys = generateDemoKeys();
  const now = Date.now();
  const sim = await startSimulator({
    port: 0,
    registryImages: IMAGES,
    cicdImages: 0,
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
    latencyMs: CLOUD_LATENCY_MS,
    driftIntervalMs: 0,
  });
  const db = await openInventory({ dataDir });
  const config = loadConfig({ DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const instanceId = sim.estate.acrInstances[0]?.InstanceId ?? 'cri-bench';
  const accounts = demoAccounts(keys, sim.url, instanceId);
  // The sync engine is never started: the BFF answers from the mirror of the simulator's estate.
  const server = await composeServer({ config: { ...config, accounts }, db, logSink: false });
  try {
    await mirrorEstate(db, accounts[0]?.id ?? DEMO_HUAWEI_ACCOUNT_ID, sim.estate, now);
    const viaBff = bffQuery(await listenOnLoopback(server.app));
    const direct = directQuery(keys, sim.url);
    await checkSameAnswer(viaBff, direct);
    const times = await interleavedTimes(viaBff, direct);
    return proxyFigures(times, await distinctQueriesPerSecond(viaBff));
  } finally {
    await server.app.close();
    await db.destroy();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
