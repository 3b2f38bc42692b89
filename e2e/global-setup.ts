// Starts the real server once for the whole run: `node scripts/start.mjs` (builds the app when
// dist/ is stale, then runs the BFF with the embedded simulator), on a free port and a fresh data
// directory, and waits for the URL it prints and for /readyz; then signs in once for every test.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type FullConfig } from '@playwright/test';
import { STORAGE_STATE_FILE, writeServerInfo } from './server-info';
import { freePort } from '../src/server/test-support/free-port';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const REGISTRY_IMAGES = 3000;
const CICD_IMAGES = 400;
const START_URL = /(https?:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9._~%-]+)/;

async function waitForReady(origin: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/readyz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${origin}/readyz did not answer 200 in time`);
}

/**
 * Signs in once with the start-up URL, as a user does (the token becomes a session cookie), and
 * keeps the browser's state for every test (STORAGE_STATE_FILE).
 */
async function signInOnce(config: FullConfig, startUrl: string): Promise<void> {
  const { launchOptions } = config.projects[0]?.use ?? {};
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    await page.goto(startUrl);
    await page.waitForURL((url) => !url.searchParams.has('token'));
    const cookies = await page.context().cookies();
    if (!cookies.some((cookie) => cookie.name.endsWith('imagewatch_session')))
      throw new Error('signing in with the start-up URL set no session cookie');
    await page.context().storageState({ path: STORAGE_STATE_FILE });
  } finally {
    await browser.close();
  }
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'imagewatch-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SIM_REGISTRY_IMAGES: String(REGISTRY_IMAGES),
    SIM_CICD_IMAGES: String(CICD_IMAGES),
    // The simulator adds images every minute; several specs count the estate exactly, so the
    // inventory syncs only when a test asks (Refresh), not every 5 minutes into the run.
    SYNC_INTERVAL_MS: String(6 * 3_600_000),
    // The rules spec's webhook receiver listens on loopback (issue 21: tests set it).
    NOTIFY_ALLOW_PRIVATE: 'true',
    // The simulator's allowance (and so the demo budget) ten times the demo's: the basic-image
    // enrichment of the estate's ~3,000 digests then ends in under a minute instead of six.
    SIM_RATE_LIMIT: '6000/min',
  };
  // Unset, so the server generates a token and prints it in its URL, as a user would see it.
  delete env.DASHBOARD_TOKEN;

  // Its own process group, so the teardown can stop the server and anything it spawned.
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const deadline = Date.now() + START_TIMEOUT_MS;

  const startUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `The server printed no start-up URL within 120 s.\n--- its output ---\n${output}`,
          ),
        ),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = START_URL.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The server exited (${signal ?? code}) before printing its URL.\n--- its output ---\n${output}`,
        ),
      );
    });
  }).catch((error: unknown) => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    throw error;
  });

  // Keep draining its output so a full pipe never blocks the server.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  child.removeAllListeners('exit');
  child.unref();

  const origin = new URL(startUrl).origin;
  try {
    await waitForReady(origin, deadline);
  } catch (error) {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }

  try {
    await signInOnce(config, startUrl);
  } catch (error) {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    throw error;
  }
  writeServerInfo({
    startUrl,
    origin,
    pid: child.pid ?? 0,
    dataDir,
    registryImages: REGISTRY_IMAGES,
    cicdImages: CICD_IMAGES,
  });
}
