import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium-launch';
import { STORAGE_STATE_FILE } from './server-info';

/** Specs that POST /api/sync/refresh, directly or with the header's Refresh button. */
const RESYNCING_SPECS = ['rules.spec.ts', 'sync-status.spec.ts'];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '.artifacts/test-results',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  // One server, two cores, one browser: two workers measured no faster (the whole run 820 s
  // against 827 s with one, fresh clones, 2026-12-07), the server and two browsers sharing the two cores. The
  // projects below still order the specs that re-sync the inventory after the others.
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    // Signed in once by global setup: a test opens the page it tests at once.
    storageState: STORAGE_STATE_FILE,
    // A failed test keeps its trace (each action's DOM before and after, network, console) and
    // its screenshot; the trace's screencast is left out: recording its frames for every test was
    // a quarter of a spec's CPU (layout.spec, 2026-12-07), for tests that nearly always pass.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    // The specs that only read the inventory (or sign in on a server of their own), side by side:
    // a file runs in one worker, and its tests in order unless it says otherwise.
    { name: 'chromium', testIgnore: RESYNCING_SPECS },
    // Then, alone, the specs that re-sync the inventory (the demo estate drifts, so a refresh
    // changes what the others count exactly). They run only once the others have passed; alone:
    // `npx playwright test -c e2e/playwright.config.ts --no-deps rules.spec.ts`.
    {
      name: 'resyncing',
      testMatch: RESYNCING_SPECS,
      dependencies: ['chromium'],
      workers: 1,
    },
  ],
});
