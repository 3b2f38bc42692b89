// The load generator, run as its own process (`node --import tsx bench/load-generator.ts`) so that
// its CPU and memory are not the BFF's. It reads a LoadGeneratorJob as JSON from stdin, drives
// autocannon's programmatic API (the CLI takes one URL; this rotates paths per request) and
// prints one LoadGeneratorReport as JSON on stdout. Spawned by `runLoadGenerator` (bench-util.ts).
import { createRequire } from 'node:module';
import type { LoadGeneratorJob, LoadGeneratorReport } from './bench-util';

interface AutocannonRequest {
  setupRequest?: (request: { path?: string }) => { path?: string };
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
  /** Seconds before a request counts as a timeout (autocannon's default is 10). */
  timeout: number;
}

interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; average: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  statusCodeStats: Record<string, { count: number } | undefined>;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

interface PipelinedRequestsQueue {
  prototype: { addBody: (data: Buffer) => void };
}

// autocannon ships no type declarations: load it through require and type what is used here.
const requireFromHere = createRequire(import.meta.url);
const autocannon = requireFromHere('autocannon') as Autocannon;

/** Stops autocannon from keeping response bodies (see LoadGeneratorJob's `discardBodies`). */
function discardResponseBodies(): void {
  // The queue autocannon's HTTP client appends body chunks to; byte counts are kept apart.
  const queue = requireFromHere('autocannon/lib/pipelinedRequestsQueue') as PipelinedRequestsQueue;
  queue.prototype.addBody = () => undefined;
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/**
 * The path of request number `index`: the working set in turn, or a template with `{offset}`
 * (a page offset) and `{n}` (a positive number) filled so that no two requests are the same.
 */
export function pathOf(job: LoadGeneratorJob, index: number): string {
  if (job.mode === 'rotate') return job.paths[index % job.paths.length] ?? '/';
  const template = job.templates[index % job.templates.length] ?? '/';
  const round = Math.floor(index / job.templates.length);
  return template
    .replaceAll('{offset}', String(round * job.pageSize))
    .replaceAll('{n}', String(round + 1));
}

async function main(): Promise<void> {
  const job = JSON.parse(await readStdin()) as LoadGeneratorJob;
  if (job.discardBodies === true) discardResponseBodies();
  // One counter for all connections: consecutive requests (whichever connection sends them)
  // walk through the working set, or through never-repeated queries.
  let sent = 0;
  const result = await autocannon({
    url: job.origin,
    connections: job.connections,
    duration: job.durationS,
    headers: { ...job.headers, authorization: `Bearer ${job.token}` },
    timeout: job.timeoutS,
    requests: [
      {
        setupRequest: (request) => {
          const path = pathOf(job, sent);
          sent += 1;
          return { ...request, path };
        },
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats))
    statusCounts[status] = stats?.count ?? 0;
  const report: LoadGeneratorReport = {
    requestsPerSecond: result.requests.average,
    completed: result.requests.total,
    sent: result.requests.sent,
    distinctPaths: job.mode === 'rotate' ? Math.min(sent, job.paths.length) : sent,
    durationS: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1]?.endsWith('load-generator.ts')) await main();
