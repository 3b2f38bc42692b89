// The simulator's HTTP server: HSS, SWR and ACR as the clouds answer them, on plain node:http.
// This file holds the state, the timers and the control surface; each request goes through
// pipeline.ts (route, auth, rate limit, faults, handlers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createAuthenticator } from './auth';
import {
  addCicdSharedIdImages,
  addRegistryImages,
  applyDrift,
  generateEstate,
  removeRegistryImages,
  rescanImages,
  DEFAULT_REGION,
  type CicdImageRecord,
  type Estate,
} from './estate';
import { parseFaults } from './faults';
import {
  handleRequest,
  Pending,
  type ListApi,
  type SimulatorState,
  type SimulatorStats,
} from './pipeline';
import { warmQueryIndexes } from './query';
import { createRng, type Rng } from './random';
import { SlidingWindowLimiter } from './rate-limit';
import { JSON_TYPE } from './replies';

export type { SimulatorStats } from './pipeline';

export const DEFAULT_SIM_SEED = 20240601;

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  registryImages?: number;
  cicdImages?: number;
  /**
   * An estate prepared by the caller, served instead of one generated from `seed` and the counts
   * (the benchmarks build one that matches a persisted inventory of 1,000,000 images).
   */
  estate?: Estate;
  huaweiCredentials: Array<{ ak: string; sk: string; projectId: string; region: string }>;
  /** `regionId`: where the key's ACR instances live (ListRepoTag's RegionId must name it). */
  alibabaCredentials: Array<{ accessKeyId: string; accessKeySecret: string; regionId?: string }>;
  /** Accepted as X-Auth-Token. */
  authTokens?: string[];
  /** Calls per credential and API, e.g. "600/min" or "5/1s"; absent means no limit. */
  rateLimit?: string;
  latencyMs?: number;
  /** e.g. "429:0.1,500:0.05,timeout:0.01,malformed:0.01". */
  faults?: string;
  /** Default 60 s; 0 disables the timer (tests call `control.drift()`). */
  driftIntervalMs?: number;
  now?: () => number;
  logger?: (line: string) => void;
  /** More than `maxFailures` consecutive signature failures lock the AK for `lockMs` (5 and 5 min). */
  lockout?: { maxFailures?: number; lockMs?: number };
  /** How long `slow` waits (3 s) and `timeout` holds a socket (120 s). */
  faultTimings?: { slowMs?: number; timeoutMs?: number };
}

export interface SimulatorControl {
  drift(times?: number): void;
  setFaults(spec: string): void;
  setLatency(ms: number): void;
  setRateLimit(spec: string): void;
  addImages(n: number): void;
  removeImages(n: number): void;
  rescanImages(n: number): void;
  /** Adds CI/CD records with an empty or shared image_id (see addCicdSharedIdImages). */
  addCicdSharedIdImages(): CicdImageRecord[];
  /**
   * Runs before each HSS list page is computed (tests change the estate between the pages of
   * a crawl with it); undefined removes it.
   */
  beforeListPage(hook: ((api: ListApi, offset: number) => void) | undefined): void;
}

export interface RunningSimulator {
  url: string;
  port: number;
  estate: Estate;
  close(): Promise<void>;
  control: SimulatorControl;
  stats(): SimulatorStats;
  resetStats(): void;
}

const MAX_BODY_BYTES = 1 << 20;

function emptyStats(): SimulatorStats {
  return { calls: {}, total: 0, throttled: 0, authFailures: 0 };
}

function createState(options: SimulatorOptions): SimulatorState {
  const now = options.now ?? (() => Date.now());
  const log = options.logger ?? (() => undefined);
  const seed = options.seed ?? DEFAULT_SIM_SEED;
  const estate =
    options.estate ??
    generateEstate({
      seed,
      registryImages: options.registryImages,
      cicdImages: options.cicdImages,
      now: now(),
      region: options.huaweiCredentials[0]?.region ?? DEFAULT_REGION,
    });
  warmQueryIndexes(estate);
  const state: SimulatorState = {
    estate,
    now,
    log,
    auth: createAuthenticator({
      huaweiCredentials: options.huaweiCredentials,
      alibabaCredentials: options.alibabaCredentials,
      authTokens: options.authTokens ?? [],
      maxFailures: options.lockout?.maxFailures ?? 5,
      lockMs: options.lockout?.lockMs ?? 5 * 60_000,
      now,
      log,
      onRefused: () => {
        state.stats.authFailures++;
      },
    }),
    limiter: new SlidingWindowLimiter(options.rateLimit),
    faultRules: parseFaults(options.faults),
    faultRng: createRng(seed ^ 0x5eed),
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    slowMs: options.faultTimings?.slowMs ?? 3_000,
    timeoutMs: options.faultTimings?.timeoutMs ?? 120_000,
    listPageHook: undefined,
    alibabaRegions: new Map(
      options.alibabaCredentials.map((cred) => [cred.accessKeyId, cred.regionId]),
    ),
    stats: emptyStats(),
    pending: new Pending(),
  };
  return state;
}

/** Reads the body (at most 1 MiB, else 413), then hands the request to `handle`. */
function withBody(
  log: (line: string) => void,
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res
          .writeHead(413, { 'Content-Type': JSON_TYPE })
          .end('{"error_code":"APIG.0201","error_msg":"Request entity too large"}');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res
            .writeHead(500, { 'Content-Type': JSON_TYPE })
            .end('{"error_code":"HSS.0041","error_msg":"Internal system error"}');
        } else {
          res.destroy();
        }
      });
    });
  };
}

/** Listens and returns the URL to reach the server at. */
async function listen(
  server: Server,
  host: string,
  port: number,
): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the simulator has no TCP address');
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${hostForUrl}:${address.port}`, port: address.port };
}

function createControl(state: SimulatorState, driftRng: Rng): SimulatorControl {
  const { estate, now } = state;
  return {
    drift(times = 1) {
      for (let i = 0; i < times; i++) applyDrift(estate, now(), driftRng);
    },
    setFaults(spec) {
      state.faultRules = parseFaults(spec);
    },
    setLatency(ms) {
      state.latencyMs = Math.max(0, ms);
    },
    setRateLimit(spec) {
      state.limiter.setRate(spec);
    },
    addImages(n) {
      addRegistryImages(estate, n, now(), driftRng);
    },
    removeImages(n) {
      removeRegistryImages(estate, n, driftRng);
    },
    rescanImages(n) {
      rescanImages(estate, n, now(), driftRng);
    },
    addCicdSharedIdImages() {
      return addCicdSharedIdImages(estate, now(), driftRng);
    },
    beforeListPage(hook) {
      state.listPageHook = hook;
    },
  };
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const state = createState(options);
  const driftRng = createRng((options.seed ?? DEFAULT_SIM_SEED) ^ 0xd21f7);
  const server = createServer(
    withBody(state.log, (req, res, body) => handleRequest(state, req, res, body)),
  );
  server.keepAliveTimeout = 5_000;
  const address = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);

  const driftEvery = options.driftIntervalMs ?? 60_000;
  const driftTimer =
    driftEvery > 0
      ? setInterval(() => applyDrift(state.estate, state.now(), driftRng), driftEvery)
      : undefined;
  driftTimer?.unref();

  return {
    ...address,
    estate: state.estate,
    control: createControl(state, driftRng),
    stats: () => ({ ...state.stats, calls: { ...state.stats.calls } }),
    resetStats() {
      state.stats = emptyStats();
    },
    close() {
      if (driftTimer) clearInterval(driftTimer);
      state.pending.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
