// Starts the real server once for the whole run: `node scripts/start.mjs` (builds the app when
// dist/ is stale, then runs the BFF with the embedded simulator), on a free port and a fresh data
// directory, and waits for the URL it prints and for /readyz; then signs in once for every test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type FullConfig } from '@playwright/test';
import { startRealServer, stopRealServer } from './real-server';
import { STORAGE_STATE_FILE, writeServerInfo } from './server-info';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const REGISTRY_IMAGES = 3000;
const CICD_IMAGES = 400;

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
  const dataDir = mkdtempSync(join(tmpdir(), 'imagewatch-e2e-'));
  const server = await startRealServer({
    cwd: ROOT,
    script: 'scripts/start.mjs',
    dataDir,
    env: {
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
    },
    timeoutMs: START_TIMEOUT_MS,
  });
  // It outlives this setup: the teardown stops it.
  server.child.unref();
  try {
    await signInOnce(config, server.startUrl);
  } catch (error) {
    await stopRealServer(server.child);
    throw error;
  }
  writeServerInfo({
    startUrl: server.startUrl,
    origin: server.origin,
    pid: server.child.pid ?? 0,
    dataDir,
    registryImages: REGISTRY_IMAGES,
    cicdImages: CICD_IMAGES,
  });
}
