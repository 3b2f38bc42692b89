// How the end-to-end run (playwright.config.ts, global-setup.ts) and the benches that drive the app
// (bench/app.bench.ts, bench/nav-ab.ts) launch Chromium: the machine's browser where there is one
// (scripts/find-chromium.mjs), and the same switches, so a bench measures the browser the tests use.
import { findChromium } from '../scripts/find-chromium.mjs';

const executablePath = findChromium();

export const CHROMIUM_LAUNCH_OPTIONS = {
  ...(executablePath ? { executablePath } : {}),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
