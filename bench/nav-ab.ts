// Alternated A/B of the app bench's navigation (bench/app.bench.ts): two built trees, each served
// by its own `node dist-server/main.js` (demo, 20,000 images) from its own directory, navigations
// to /registry-images alternated A/B/B/A in one Chromium, a fresh context each, as the bench does.
// Besides the wall time it reads, per navigation, the renderer's main-thread task time (CDP
// Performance.getMetrics: CPU the page spent, less sensitive to the machine's load than wall
// time) and when the route chunk and the rows request went out (resource timings).
// Usage: npx tsx bench/nav-ab.ts <dirA> <dirB> [rounds]
//   each dir holds dist/, dist-server/ and node_modules (a symlink will do).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Cookie } from 'playwright-core';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/chromium-launch';
import { SIMULATOR_SETTINGS, startRealServer, stopRealServer } from '../e2e/real-server';

interface Server {
  child: ChildProcess;
  origin: string;
  cookies: Cookie[];
  dataDir: string;
}

async function startServer(dir: string, browser: Browser): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-nav-ab-'));
  const { child, startUrl, origin } = await startRealServer({
    cwd: dir,
    script: 'dist-server/main.js',
    dataDir,
    unset: SIMULATOR_SETTINGS,
    timeoutMs: 180_000,
  });
  const signIn = await browser.newContext();
  await (await signIn.newPage()).goto(startUrl);
  const cookies = await signIn.cookies();
  await signIn.close();
  return { child, origin, cookies, dataDir };
}

interface Navigation {
  wallMs: number;
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  routeChunkAt: number;
  rowsRequestAt: number;
  rowsAnswerAt: number;
  firstRowsAt: number;
  requests: number;
}

/** Self time by function (name, file, line), summed over the navigations profiled. */
type SelfTimes = Map<string, number>;

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples?: number[];
  timeDeltas?: number[];
}

function addSelfTimes(into: SelfTimes, profile: CpuProfile) {
  const names = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.slice(url.lastIndexOf('/') + 1);
    names.set(node.id, `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`);
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index += 1) {
    const name = names.get(samples[index] ?? -1) ?? '?';
    into.set(name, (into.get(name) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  }
}

async function navigate(
  browser: Browser,
  server: Server,
  profile?: SelfTimes,
): Promise<Navigation> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addCookies(server.cookies);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const started = performance.now();
    await page.goto(`${server.origin}/registry-images`, { waitUntil: 'commit' });
    const firstRowsAt = (await (
      await page.waitForFunction(
        () =>
          document.querySelector('[data-row-id]')?.checkVisibility() === true && performance.now(),
        undefined,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()) as number;
    const wallMs = performance.now() - started;
    if (profile) addSelfTimes(profile, (await cdp.send('Profiler.stop')).profile);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) =>
      (metrics.find((entry) => entry.name === name)?.value ?? 0) * 1000;
    const timings = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => ({
        name: entry.name,
        start: entry.startTime,
        end: (entry as PerformanceResourceTiming).responseEnd,
      })),
    );
    if (process.env.NAV_AB_DUMP)
      for (const entry of timings)
        console.error(
          `  ${entry.start.toFixed(0).padStart(6)} ${entry.end.toFixed(0).padStart(6)} ${entry.name.replace(server.origin, '')}`,
        );
    const routeChunk = timings.find((entry) => entry.name.includes('/image-list-routes-'));
    const rows = timings.find((entry) => entry.name.includes('/api/hss/registry-images'));
    return {
      wallMs,
      taskMs: metric('TaskDuration'),
      scriptMs: metric('ScriptDuration'),
      layoutMs: metric('LayoutDuration') + metric('RecalcStyleDuration'),
      routeChunkAt: routeChunk?.start ?? NaN,
      rowsRequestAt: rows?.start ?? NaN,
      rowsAnswerAt: rows?.end ?? NaN,
      firstRowsAt,
      requests: timings.length,
    };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main() {
  const [dirA, dirB, roundsArg] = process.argv.slice(2);
  if (!dirA || !dirB) throw new Error('usage: nav-ab.ts <dirA> <dirB> [rounds]');
  const rounds = Number(roundsArg ?? 4);
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const servers: Server[] = [];
  try {
    servers.push(await startServer(path.resolve(dirA), browser));
    servers.push(await startServer(path.resolve(dirB), browser));
    const [a, b] = servers as [Server, Server];
    await navigate(browser, a); // warm-up, as the bench
    await navigate(browser, b);
    const results: Record<'A' | 'B', Navigation[]> = { A: [], B: [] };
    const loads: number[] = [];
    // NAV_AB_PROFILE=1: the renderer's CPU profile (200 µs samples) of each measured navigation;
    // the top self times per tree are printed at the end (build unminified for the names).
    const selfTimes: Record<'A' | 'B', SelfTimes> = { A: new Map(), B: new Map() };
    for (let round = 0; round < rounds; round += 1) {
      const order: Array<'A' | 'B'> = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const which of order) {
        loads.push(loadavg()[0] ?? 0);
        const result = await navigate(
          browser,
          which === 'A' ? a : b,
          process.env.NAV_AB_PROFILE ? selfTimes[which] : undefined,
        );
        results[which].push(result);
        console.error(
          `${which} wall ${result.wallMs.toFixed(0)} task ${result.taskMs.toFixed(0)} script ${result.scriptMs.toFixed(0)} layout ${result.layoutMs.toFixed(0)} route@${result.routeChunkAt.toFixed(0)} rows@${result.rowsRequestAt.toFixed(0)}-${result.rowsAnswerAt.toFixed(0)} first@${result.firstRowsAt.toFixed(0)} n=${result.requests} load ${loadavg()[0]?.toFixed(1)}`,
        );
      }
    }
    const keys: Array<keyof Navigation> = [
      'wallMs',
      'taskMs',
      'scriptMs',
      'layoutMs',
      'routeChunkAt',
      'rowsRequestAt',
      'rowsAnswerAt',
      'firstRowsAt',
      'requests',
    ];
    console.log(
      `medians of ${rounds} (A=${dirA}, B=${dirB}), load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
    );
    for (const key of keys)
      console.log(
        `${key.padEnd(14)} A ${median(results.A.map((r) => r[key]))
          .toFixed(0)
          .padStart(6)}  B ${median(results.B.map((r) => r[key]))
          .toFixed(0)
          .padStart(6)}`,
      );
    if (process.env.NAV_AB_PROFILE)
      for (const which of ['A', 'B'] as const) {
        const top = [...selfTimes[which]].sort((x, y) => y[1] - x[1]).slice(0, 40);
        console.log(`self time per navigation, ${which} (ms):`);
        for (const [name, ms] of top)
          console.log(`${(ms / rounds).toFixed(1).padStart(8)}  ${name}`);
      }
  } finally {
    await browser.close();
    for (const server of servers) {
      await stopRealServer(server.child);
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  }
}

await main();
