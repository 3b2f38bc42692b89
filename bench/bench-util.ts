// Small helpers shared by the benchmarks: medians, rounding, and load from a second process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { composeServer, type ComposedServer } from '../src/server/compose';
import {
  DEMO_HUAWEI_ACCOUNT_ID,
  demoAccounts,
  generateDemoKeys,
  loadConfig,
} from '../src/server/config';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { listenOnLoopback } from '../src/server/test-support/listen-loopback';
import { mirrorEstate } from '../src/server/test-support/sync-harness';
import { basicImagesOf, generateEstate, type Estate } from '../src/simulator/estate';
import { classifyEndOfLife } from '../src/server/base-images/end-of-life';
import type { BasicImagesTable } from '../src/server/store/tables';

/** Median of `runs` timings in ms, after one warm-up run. */
export async function medianMs(runs: number, task: () => unknown): Promise<number> {
  await task();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(times.length / 2)] ?? 0);
}

/**
 * Stores the enrichment's answers for every distinct digest given, as the simulator's
 * ListImageBasicImage gives them (several OS families, end-of-life ones, "no basic image"), with
 * each OS version's end of life on `now` from the shipped table: what a finished enrichment leaves.
 */
export async function fillBasicImages(
  db: InventoryDb,
  account: string,
  digests: Iterable<string>,
  now: number,
): Promise<void> {
  const rows: BasicImagesTable[] = [];
  for (const digest of new Set(digests)) {
    basicImagesOf({ image_digest: digest }).forEach((base, position) =>
      rows.push({
        account,
        image_digest: digest,
        position,
        kind: 'base' as const,
        ...base,
        eol_date: classifyEndOfLife(base.os_name, base.os_version, now).eolDate ?? '',
        answered_at: now,
      }),
    );
  }
  for (let start = 0; start < rows.length; start += 2_000)
    await db
      .insertInto('basic_images')
      .values(rows.slice(start, start + 2_000))
      .execute();
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

// ---------------------------------------------------------------------------------------------
// Load from a second process (load and throughput benchmarks)

interface LoadGeneratorJobBase {
  /** `http://127.0.0.1:port` of the BFF. */
  origin: string;
  token: string;
  connections: number;
  durationS: number;
  /** Seconds before a request counts as a timeout (an error). */
  timeoutS: number;
  /** Extra request headers (e.g. Accept-Encoding, as a browser sends); authorization is set. */
  headers?: Record<string, string>;
  /**
   * Count response bytes without keeping the bodies. autocannon appends every body chunk to a
   * string; for megabytes of binary (gzip) that decoding costs the generator more CPU than the
   * BFF spends sending the bytes, and on 2 shared cores that shows up as the BFF's latency.
   */
  discardBodies?: boolean;
}

/** Every request takes the next path of a working set (a team's repeated queries). */
export interface RotatingJob extends LoadGeneratorJobBase {
  mode: 'rotate';
  paths: string[];
}

/**
 * Every request is a query never sent before: templates in turn, with `{offset}` (round ×
 * pageSize) and `{n}` (round + 1) filled from how many times the templates have gone round.
 */
export interface UniqueJob extends LoadGeneratorJobBase {
  mode: 'unique';
  templates: string[];
  pageSize: number;
}

export type LoadGeneratorJob = RotatingJob | UniqueJob;

export interface LoadGeneratorReport {
  /** Responses of any status a second (autocannon's per-second average). */
  requestsPerSecond: number;
  completed: number;
  sent: number;
  distinctPaths: number;
  durationS: number;
  /** Latency percentiles of the 2xx responses. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Connection errors and timeouts (timeouts are counted in errors too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
}

/** Responses with this status: e.g. 429 (a designed refusal with Retry-After), 2xx as `2xx`. */
export function countOf(report: LoadGeneratorReport, status: number | '2xx'): number {
  if (status !== '2xx') return report.statusCounts[String(status)] ?? 0;
  return Object.entries(report.statusCounts)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Failed requests: connection errors, timeouts and non-2xx answers, 429s excluded. */
export function failuresOf(report: LoadGeneratorReport): number {
  return report.errors + report.non2xx - countOf(report, 429);
}

/** Runs autocannon in a child process (bench/load-generator.ts) and returns its report. */
export function runLoadGenerator(job: LoadGeneratorJob): Promise<LoadGeneratorReport> {
  const script = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // On this 2-core machine the generator and the BFF share the CPUs. At equal priority the
    // generator takes a whole core and some requests wait seconds before the BFF even reads them
    // (measured: 45 time-outs in 15 s, the BFF's own handling never above 235 ms). Niced, it
    // yields to the system under test as a generator on another machine would.
    const niceLevel = process.env.BENCH_GENERATOR_NICE ?? '10';
    const command = existsSync('/usr/bin/nice') && niceLevel !== '0' ? '/usr/bin/nice' : undefined;
    const args = ['--import', 'tsx', script];
    const child = spawn(
      command ?? process.execPath,
      command ? ['-n', niceLevel, process.execPath, ...args] : args,
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`load generator exited ${code}: ${err.slice(0, 800)}`));
      try {
        resolve(JSON.parse(out) as LoadGeneratorReport);
      } catch {
        reject(
          new Error(`load generator printed no JSON: ${out.slice(0, 300)} ${err.slice(0, 300)}`),
        );
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

export const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/** RSS after a full collection (when `--expose-gc` is on, as the bench runner starts modules). */
export function settledRss(): number {
  return settledMemory().rss;
}

/**
 * This process's memory after full collections: `live` is what the program still holds (V8
 * heap in use plus Buffers and other memory outside the heap), the figure a leak makes grow.
 * RSS also counts what the C allocator keeps after it was freed (its per-thread arenas are
 * rarely given back), so it moves by ±100s of MiB between identical runs of a load.
 */
export function settledMemory(): { rss: number; live: number } {
  global.gc?.();
  global.gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, live: usage.heapUsed + usage.external };
}

/** Samples this process's RSS every `everyMs` while a run goes on: the highest value seen. */
export function sampleRss(everyMs = 1_000): { stop(): number } {
  let max = process.memoryUsage().rss;
  const timer = setInterval(() => {
    max = Math.max(max, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, process.memoryUsage().rss);
    },
  };
}

/**
 * Waits until the server holds no connection (the load generator is gone and the requests it
 * left queued have been answered), so that the next figure starts from a quiet server.
 */
export async function waitForNoConnections(
  server: { getConnections(callback: (error: Error | null, count: number) => void): void },
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const count = await new Promise<number>((resolve) =>
      server.getConnections((error, connections) => resolve(error ? 0 : connections)),
    );
    if (count === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A BFF answering from a mirrored estate, listening on loopback (see startMirroredBff). */
export interface MirroredBff {
  server: ComposedServer;
  db: InventoryDb;
  estate: Estate;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Stops the BFF and removes its data directory. */
  close(): Promise<void>;
}

/**
 * A generated estate mirrored into a file-backed inventory (in a temporary directory), and the
 * BFF over it. Its account points nowhere and its sync engine is never started: every answer
 * is the mirror's, which is what the query and throughput figures measure.
 */
export async function startMirroredBff(options: {
  name: string;
  seed: number;
  registryImages: number;
  cicdImages: number;
  token: string;
}): Promise<MirroredBff> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `imagewatch-bench-${options.name}-`));
  const now = Date.now();
  const estate = generateEstate({
    seed: options.seed,
    registryImages: options.registryImages,
    cicdImages: options.cicdImages,
    now,
  });
  const db = await openInventory({ dataDir });
  const config = loadConfig({
    DASHBOARD_TOKEN: options.token,
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
  });
  const accounts = demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'cri-bench');
  const server = await composeServer({ config: { ...config, accounts }, db, logSink: false });
  const close = async () => {
    await server.sync.stop();
    await server.app.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await mirrorEstate(db, DEMO_HUAWEI_ACCOUNT_ID, estate, now);
    const origin = await listenOnLoopback(server.app);
    return { server, db, estate, origin, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
