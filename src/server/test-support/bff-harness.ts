// Shared by the hardening tests: a real simulator (small estate, no drift) and the BFF wired by
// compose.ts exactly as in production, driven through `app.inject()`. Every response body and log
// line is kept so that the secret scan can read them afterwards.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { composeServer, type ComposedServer } from '../compose';
import { demoAccounts, generateDemoKeys, loadConfig, type Config, type DemoKeys } from '../config';
import { openInventory, type InventoryDb } from '../store/db';
import type { CircuitBreakerOptions } from '../upstream/circuit-breaker';

export const TEST_TOKEN = 'hardening-test-dashboard-token-0123456789';

export interface Harness {
  sim: RunningSimulator;
  server: ComposedServer;
  app: FastifyInstance;
  db: InventoryDb;
  config: Config;
  keys: DemoKeys;
  logLines: string[];
  /** Every response body seen through `inject`. */
  bodies: string[];
  /** Injects with the bearer token unless `auth: false`. */
  inject(options: InjectOptions & { auth?: boolean }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  clientTimeoutMs?: number;
  circuitBreaker?: CircuitBreakerOptions;
  faultTimings?: { slowMs?: number; timeoutMs?: number };
  /** Start the sync engine (off by default: most tests want no upstream call but their own). */
  startSync?: boolean;
  registryImages?: number;
  /** The built SPA to serve (default: none). */
  distDir?: string;
}

export interface TestServer {
  server: ComposedServer;
  db: InventoryDb;
  config: Config;
  /** Every log line the server wrote. */
  logLines: string[];
}

/**
 * The BFF wired by compose.ts as in production, on a new in-memory inventory, its accounts the
 * demo ones of `keys` at `sim`; the configuration is `env` over a ten-minute sync interval and
 * LOG_LEVEL info. Neither made ready nor listening.
 */
export async function composeTestServer(options: {
  sim: RunningSimulator;
  keys: DemoKeys;
  env: Record<string, string>;
  /** The built SPA to serve (default: none). */
  distDir?: string;
  clientTimeoutMs?: number;
  circuitBreaker?: CircuitBreakerOptions;
}): Promise<TestServer> {
  const { sim, keys } = options;
  const base = loadConfig({ SYNC_INTERVAL_MS: '600000', LOG_LEVEL: 'info', ...options.env });
  const instanceId = sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
  const config: Config = { ...base, accounts: demoAccounts(keys, sim.url, instanceId) };
  const db = await openInventory(':memory:');
  const logLines: string[] = [];
  const server = await composeServer({
    config,
    db,
    logSink: { write: (line) => void logLines.push(line) },
    distDir: options.distDir ?? '/nonexistent-dist',
    ...(options.clientTimeoutMs !== undefined ? { clientTimeoutMs: options.clientTimeoutMs } : {}),
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
  });
  return { server, db, config, logLines };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const keys = generateDemoKeys();
  const sim = await startSimulator({
    port: 0,
    seed: 11,
    registryImages: options.registryImages ?? 120,
    cicdImages: 40,
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
    rateLimit: '10000/min',
    driftIntervalMs: 0,
    ...(options.faultTimings ? { faultTimings: options.faultTimings } : {}),
  });
  const { server, db, config, logLines } = await composeTestServer({
    sim,
    keys,
    env: { DASHBOARD_TOKEN: TEST_TOKEN, HSS_CALL_BUDGET: '10000/min', ...options.env },
    ...(options.distDir !== undefined ? { distDir: options.distDir } : {}),
    ...(options.clientTimeoutMs !== undefined ? { clientTimeoutMs: options.clientTimeoutMs } : {}),
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
  });
  await server.app.ready();
  if (options.startSync) server.sync.start();
  const bodies: string[] = [];
  return {
    sim,
    server,
    app: server.app,
    db,
    config,
    keys,
    logLines,
    bodies,
    async inject({ auth, ...injectOptions }) {
      const headers = { ...(injectOptions.headers ?? {}) };
      if (auth !== false && headers.authorization === undefined)
        headers.authorization = `Bearer ${TEST_TOKEN}`;
      const response = await server.app.inject({ ...injectOptions, headers });
      bodies.push(response.body);
      return response;
    },
    async close() {
      await server.sync.stop();
      await server.app.close();
      await db.destroy();
      await sim.close();
    },
  };
}

/**
 * Call at a test file's top level: starts a harness before the file's tests (handing it to
 * `started`, then running `prepare` on it) and closes it after the last.
 */
export function useHarness(
  started: (harness: Harness) => void,
  options: HarnessOptions = {},
  prepare: (harness: Harness) => void | Promise<void> = () => undefined,
): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
    started(harness);
    await prepare(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
}

/** A bearer token that is not the dashboard's: every request with it fails authentication. */
export const WRONG_TOKEN = { authorization: 'Bearer not-the-token-0000000000' };

/** GET /api/accounts (with the right token unless the headers carry another). */
export function getAccounts(
  target: Harness,
  options: { headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  return target.inject({ method: 'GET', url: '/api/accounts', ...options });
}

/**
 * Sends ten wrong tokens from one client address, each answered 401, then one more: returns
 * that last response (the throttle's answer; its status is the caller's to check).
 */
export async function failTokenTenTimes(
  target: Harness,
  remoteAddress: string,
): Promise<LightMyRequestResponse> {
  for (let i = 0; i < 10; i += 1) {
    const response = await getAccounts(target, { headers: WRONG_TOKEN, remoteAddress });
    expect(response.statusCode).toBe(401);
  }
  return getAccounts(target, { headers: WRONG_TOKEN, remoteAddress });
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * The routes Fastify has registered, read from `printRoutes()` (Fastify keeps no public list):
 * each line is a tree node whose indentation (4 characters a level) gives its parent.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)(?:├── |└── )(\S+?)(?: \(([^)]*)\))?\s*$/.exec(line);
    if (!match || match[2] === undefined) continue;
    const level = Math.floor((match[1] ?? '').length / 4);
    const url = `${stack[level - 1] ?? ''}${match[2]}`;
    stack[level] = url;
    stack.length = level + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method !== '' && method !== '-') out.push({ method, url });
    }
  }
  return out;
}
