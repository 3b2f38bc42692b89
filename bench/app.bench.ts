// App: builds it (vite build), then measures the gzipped JavaScript the first page loads, in each
// language (the entry chunk, the route chunk of the page measured below and the language's
// catalogues, each with its static imports, from dist/.vite/manifest.json; other lazy chunks
// excluded; bound 200 KB), how much of it sits in chunks that load zod, and checks that the
// charts (recharts) live in a chunk of their own. Then, in headless Chromium against the real
// server (`node scripts/start.mjs`, demo mode, 20,000 images): navigation to the first table rows
// (fresh browser context each run, so nothing is cached; bound 1 s) and a severity filter change
// to updated rows and total (bound 300 ms), medians.
// APP_RUNS changes the number of runs (default 7).
import { FIRST_PAGE_NAMESPACES } from '../src/i18n/i18n';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Cookie,
  type Page,
} from 'playwright-core';
import { SEVERITY_LEVELS, SEVERITY_LABELS } from '../src/shared/contracts';
import { round } from './bench-util';
import type { BenchFigure } from './run';
import { CHROMIUM_LAUNCH_OPTIONS } from '../e2e/chromium-launch';
import {
  SIMULATOR_SETTINGS,
  startRealServer,
  stopRealServer,
  type RealServer,
} from '../e2e/real-server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const RUNS = Number(process.env.APP_RUNS ?? 7);
const START_TIMEOUT_MS = 180_000;
/** A class name recharts gives its chart wrapper: present in any chunk that bundles it. */
const RECHARTS_MARKER = 'recharts-wrapper';
/** The name zod gives its error class: present in any chunk that bundles zod's runtime. */
const ZOD_MARKER = 'ZodError';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor(sorted.length / 2)] ?? 0);
}

function buildApp(): number {
  const started = performance.now();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
  return performance.now() - started;
}

/**
 * The module of the page the navigation figures open (/registry-images: src/app/router.tsx loads
 * it lazily): its route chunk is part of that first page.
 */
const FIRST_PAGE_ROUTE = 'src/app/routes/image-list-routes.tsx';
const LANGUAGES = ['en', 'zh-CN'] as const;

/**
 * The first page's JavaScript: the entry chunk, the route chunk of the page opened and the
 * language's catalogues loaded at start (FIRST_PAGE_NAMESPACES, fetched before that page shows),
 * each with its static imports.
 */
function firstPageFiles(manifest: Record<string, ManifestChunk>, language: string): string[] {
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1)
    throw new Error(`expected one entry in the manifest, found ${entries.length}`);
  // The catalogues loaded at start; the other pages' load with their code (src/i18n/i18n.ts).
  const catalogues = FIRST_PAGE_NAMESPACES.map(
    (namespace) => `src/i18n/locales/${language}/${namespace}.json`,
  ).filter((key) => key in manifest);
  if (catalogues.length === 0) throw new Error(`the manifest has no ${language} catalogue`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no chunk ${key}`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entries[0]?.[0] ?? '');
  // Pages are lazy route chunks: a missing one means the module moved, and skipping it would
  // leave the page's own code (and what only it imports) out of the figure.
  if (!manifest[FIRST_PAGE_ROUTE])
    throw new Error(`the manifest has no route chunk ${FIRST_PAGE_ROUTE}: update FIRST_PAGE_ROUTE`);
  visit(FIRST_PAGE_ROUTE);
  for (const catalogue of catalogues) visit(catalogue);
  return [...seen].map((key) => manifest[key]?.file ?? '').filter((file) => file.endsWith('.js'));
}

function bundleFigures(buildMs: number): BenchFigure[] {
  const manifestFile = path.join(DIST, '.vite', 'manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(`${manifestFile} is missing: vite.config.ts needs build.manifest: true`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const firstPage = firstPageFiles(manifest, 'en');
  // The entry must be what index.html loads, or the manifest is not describing this build.
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const entryFile = firstPage[0] ?? '';
  if (!html.includes(entryFile)) throw new Error(`dist/index.html does not load ${entryFile}`);

  const allJs = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) =>
    file.endsWith('.js'),
  );
  const source = (file: string) => readFileSync(path.join(DIST, file));
  const gzippedKb = (files: string[]) =>
    round(files.reduce((sum, file) => sum + gzipSync(source(file)).length, 0) / 1024, 1);
  const raw = firstPage.reduce((sum, file) => sum + source(file).length, 0);
  const withCharts = allJs.filter((file) => source(file).includes(RECHARTS_MARKER));
  if (withCharts.length === 0)
    throw new Error(`no chunk contains "${RECHARTS_MARKER}": cannot tell where recharts went`);
  const chartsInFirstPage = withCharts.filter((file) => firstPage.includes(file)).length;
  const zodInFirstPage = firstPage.filter((file) => source(file).includes(ZOD_MARKER));
  const lazyGzipped = allJs
    .filter((file) => !firstPage.includes(file))
    .reduce((sum, file) => sum + gzipSync(source(file)).length, 0);
  return [
    ...LANGUAGES.map((language): BenchFigure => {
      const files = firstPageFiles(manifest, language);
      return {
        figure: `app: first-page JavaScript, gzipped, ${language} (entry, repository images page, catalogues: ${files.length} chunks)`,
        value: gzippedKb(files),
        unit: 'KB',
        bound: 200,
        better: 'lower',
      };
    }),
    {
      // zod and the contract schemas it builds (with whatever shares their chunks): none, since the
      // first page runs no schema (lib/lazy-schema.ts); a static import of a schema module from
      // the shell or the list page brings them back (about 30 KB) and fails this bound.
      figure: `app: first-page chunks that load zod, gzipped, en (${zodInFirstPage.length} chunks)`,
      value: gzippedKb(zodInFirstPage),
      unit: 'KB',
      bound: 0,
      better: 'lower',
    },
    {
      figure: 'app: first-page JavaScript, uncompressed, en',
      value: round(raw / 1024, 1),
      unit: 'KB',
      better: 'lower',
    },
    {
      figure: `app: lazy chunks (${allJs.length - firstPage.length}), gzipped, not on the first page`,
      value: round(lazyGzipped / 1024, 1),
      unit: 'KB',
      better: 'lower',
    },
    {
      // 0 = recharts only in lazy chunks, as it must be.
      figure: 'app: first-page chunks that contain the charts (recharts)',
      value: chartsInFirstPage,
      unit: 'count',
      bound: 0,
      better: 'lower',
    },
    { figure: 'app: vite build', value: round(buildMs / 1000, 1), unit: 's', better: 'lower' },
  ];
}

/** Milliseconds from page.goto to the first table row visible, in a context with no cache. */
async function timeNavigation(
  browser: Browser,
  origin: string,
  cookies: Cookie[],
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${origin}/registry-images`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => document.querySelector('[data-row-id]')?.checkVisibility() === true,
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

interface ExpectedPage {
  total: string;
  firstRowId: string;
}

/**
 * Milliseconds from the click on a severity checkbox (timed in the page, from the click event,
 * so no automation round trip counts) to the frame where the table shows the new rows and total.
 */
async function timeFilterChange(
  context: BrowserContext,
  origin: string,
  severity: (typeof SEVERITY_LEVELS)[number],
): Promise<number> {
  const page: Page = await context.newPage();
  try {
    await page.goto(`${origin}/registry-images`);
    await page.locator('[data-row-id]').first().waitFor({ state: 'visible', timeout: 30_000 });
    const answer = (await (
      await page.request.get(`${origin}/api/hss/registry-images?severity_level=${severity}&limit=1`)
    ).json()) as { total_num: number; data_list: Array<{ id: string }> };
    const expected: ExpectedPage = {
      total: `of ${answer.total_num.toLocaleString('en-US')} images`,
      firstRowId: answer.data_list[0]?.id ?? '',
    };
    await page.locator('summary').filter({ hasText: 'Severity' }).click();
    await page.evaluate(() => {
      const state = window as unknown as { benchClickAt?: number };
      state.benchClickAt = undefined;
      document.addEventListener('click', () => (state.benchClickAt ??= performance.now()), {
        capture: true,
        once: true,
      });
    });
    await page.getByRole('checkbox', { name: SEVERITY_LABELS[severity] }).click();
    const elapsed = await page.waitForFunction(
      ({ total, firstRowId }: ExpectedPage) => {
        const clickedAt = (window as unknown as { benchClickAt?: number }).benchClickAt;
        const summary = document.querySelector('.pagination__summary')?.textContent ?? '';
        const firstRow = document.querySelector('[data-row-id]');
        const updated =
          clickedAt !== undefined &&
          document.querySelector('[data-stale]') === null &&
          summary.includes(total) &&
          firstRow?.getAttribute('data-row-id') === firstRowId &&
          firstRow.checkVisibility();
        return updated ? performance.now() - clickedAt : false;
      },
      expected,
      { polling: 'raf', timeout: 30_000 },
    );
    if (!new URL(page.url()).searchParams.get('severity_level')?.includes(severity))
      throw new Error(`the severity filter did not reach the URL: ${page.url()}`);
    return (await elapsed.jsonValue()) as number;
  } finally {
    await page.close();
  }
}

async function browserFigures(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-bench-app-'));
  let server: RealServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startRealServer({
      cwd: ROOT,
      script: 'scripts/start.mjs',
      dataDir,
      unset: SIMULATOR_SETTINGS,
      timeoutMs: START_TIMEOUT_MS,
    });
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    // Sign in once as a user does (the token in the URL becomes a session cookie).
    const signIn = await browser.newContext();
    const page = await signIn.newPage();
    await page.goto(server.startUrl);
    const cookies = await signIn.cookies();
    if (cookies.length === 0) throw new Error('signing in with the start-up URL set no cookie');
    await signIn.close();

    await timeNavigation(browser, server.origin, cookies); // warm the server and the disk cache
    const navigations: number[] = [];
    for (let run = 0; run < RUNS; run += 1)
      navigations.push(await timeNavigation(browser, server.origin, cookies));

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(cookies);
    const changes: number[] = [];
    try {
      await timeFilterChange(context, server.origin, 'Low'); // warm-up
      // A fresh page each run, so the query cache holds nothing for the new filter.
      for (let run = 0; run < RUNS; run += 1)
        changes.push(
          await timeFilterChange(
            context,
            server.origin,
            SEVERITY_LEVELS[run % SEVERITY_LEVELS.length] ?? 'High',
          ),
        );
    } finally {
      await context.close();
    }
    return [
      {
        figure: `app: navigation to first table rows, 20k images, cold cache (median of ${RUNS})`,
        value: Math.round(median(navigations)),
        unit: 'ms',
        bound: 1000,
        better: 'lower',
      },
      {
        figure: `app: navigation to first table rows, slowest of ${RUNS}`,
        value: Math.round(Math.max(...navigations)),
        unit: 'ms',
        better: 'lower',
      },
      {
        figure: `app: severity filter change to updated rows and total (median of ${RUNS})`,
        value: Math.round(median(changes)),
        unit: 'ms',
        bound: 300,
        better: 'lower',
      },
      {
        figure: `app: severity filter change, slowest of ${RUNS}`,
        value: Math.round(Math.max(...changes)),
        unit: 'ms',
        better: 'lower',
      },
    ];
  } finally {
    await browser?.close();
    if (server) await stopRealServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  const buildMs = buildApp();
  const bundle = bundleFigures(buildMs);
  return [...bundle, ...(await browserFigures())];
}
