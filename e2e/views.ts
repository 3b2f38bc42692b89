// The app's pages and open drawers, each opened in a chosen language and waited for until
// nothing on it is loading: the views the accessibility checks and the screenshots go through.
// Found by address, role or class, never by English text, so they open in either language.
import type { APIRequestContext, APIResponse, Page } from '@playwright/test';
import { expect } from './fixtures';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const COLOR_SCHEMES = ['light', 'dark'] as const;
/** The window sizes (width, height) pages are shot at: a laptop's and a small one's. */
export const SCREENSHOT_SIZES = [
  [1440, 900],
  [1024, 768],
] as const;

async function firstOf<T>(request: APIRequestContext, path: string, list: string): Promise<T> {
  const response = await request.get(path);
  expect(response.ok(), path).toBe(true);
  const items = ((await response.json()) as Record<string, T[]>)[list];
  expect(items?.length, `${path} lists nothing`).toBeGreaterThan(0);
  return items![0]!;
}

/** Opens `path` in `language` and waits until nothing on the page is still loading. */
export async function openIn(page: Page, path: string, language: string) {
  const url = new URL(path, 'http://host');
  url.searchParams.set('lang', language);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

export const tableRows = (page: Page) => page.locator('main tbody tr');

export interface View {
  name: string;
  /** Opens the view (in `language`) and waits for what axe should see. */
  open(page: Page, language: string): Promise<void>;
  /**
   * The spec that already leaves this view's full-page zh-CN screenshots at 1440 and 1024 px,
   * light and dark: the accessibility checks then take none of their own.
   */
  screenshotsIn?: string;
}

/** A page whose table must show rows. */
function listView(name: string, path: string): View {
  return {
    name,
    open: async (page, language) => {
      await openIn(page, path, language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  };
}

/** A list with the detail drawer open on its first image (`key`: the field `?image=` takes). */
function drawerView(
  name: string,
  listPath: string,
  apiPath: string,
  key: 'id' | 'record_key',
): View {
  return {
    name,
    open: async (page, language) => {
      const image = await firstOf<Record<typeof key, string>>(
        page.request,
        `${apiPath}?limit=10`,
        'data_list',
      );
      await openIn(page, `${listPath}?image=${encodeURIComponent(image[key])}`, language);
      await expect(page.getByRole('dialog').getByRole('region').first()).toBeVisible();
    },
  };
}

export const VIEWS: View[] = [
  {
    name: 'overview',
    screenshotsIn: 'i18n-overview.spec.ts',
    open: async (page, language) => {
      await openIn(page, '/', language);
      await expect(page.locator('main svg').first()).toBeVisible();
      // The history chart comes last; axe and the screenshots see every chart drawn.
      await expect(page.getByTestId('chart-trend').locator('.recharts-line').first()).toBeVisible({
        timeout: 45_000,
      });
    },
  },
  listView('repository images', '/registry-images'),
  listView('CI/CD images', '/cicd-images'),
  { ...listView('ACR repositories', '/acr'), screenshotsIn: 'i18n-acr.spec.ts' },
  {
    name: 'ACR tags of a repository',
    screenshotsIn: 'i18n-acr.spec.ts',
    open: async (page, language) => {
      const repository = await firstOf<{ RepoId: string }>(
        page.request,
        '/api/acr/repos?PageSize=1',
        'Repositories',
      );
      await openIn(page, `/acr?account=demo-alibaba&repo=${repository.RepoId}`, language);
      await expect(page.locator('main h2').first()).toBeVisible();
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    // The mirror fills at start-up: its table (rows or its empty state) is what axe should see.
    name: 'ACR all tags',
    open: async (page, language) => {
      await openIn(page, '/acr?account=demo-alibaba&view=tags', language);
      await expect(page.locator('main table')).toBeVisible();
    },
  },
  {
    name: 'changes',
    open: async (page, language) => {
      await openIn(page, '/changes', language);
      await expect(page.locator('main .changes__types button').first()).toBeVisible();
    },
  },
  {
    // Its rows come as the background look-up answers: the table (rows or its empty state) is
    // what axe should see, whichever it is by then.
    name: 'base images',
    open: async (page, language) => {
      await openIn(page, '/base-images', language);
      await expect(page.locator('main table')).toBeVisible();
    },
  },
  {
    name: 'page not found',
    open: async (page, language) => {
      await openIn(page, '/no-such-page', language);
    },
  },
  {
    name: 'saved views',
    open: async (page, language) => {
      await ensureSavedView(page);
      await openIn(page, '/views', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    name: 'watch rules',
    open: async (page, language) => {
      await ensureWatchRule(page);
      await openIn(page, '/rules', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    name: 'a watch rule',
    open: async (page, language) => {
      const id = await ensureWatchRule(page);
      await openIn(page, `/rules/${id}`, language);
      await expect(page.locator('main form')).toBeVisible();
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    // An artifact found by its digest: its scan and every location of it.
    name: 'search',
    open: async (page, language) => {
      const image = await firstOf<{ image_digest: string }>(
        page.request,
        '/api/hss/cicd-images?limit=10',
        'data_list',
      );
      await openIn(page, `/search?q=${encodeURIComponent(image.image_digest)}`, language);
      await expect(page.locator('main .search-artifact').first()).toBeVisible();
    },
  },
  {
    name: 'API tokens',
    open: async (page, language) => {
      await openIn(page, '/tokens', language);
      await expect(page.locator('main form')).toBeVisible();
    },
  },
  {
    // The dashboard token's own sign-in is in it at least: a table, newest first.
    name: 'audit log',
    open: async (page, language) => {
      await openIn(page, '/audit', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  drawerView('repository image drawer', '/registry-images', '/api/hss/registry-images', 'id'),
  drawerView('CI/CD image drawer', '/cicd-images', '/api/hss/cicd-images', 'record_key'),
];

/** The view called `name` in VIEWS. */
export function view(name: string): View {
  const found = VIEWS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no view named ${name}`);
  return found;
}

/**
 * Same-origin writes: the BFF refuses a change from another site (or none named). The origin is
 * read from an answer of the same server, since a page may not have navigated yet (the run's
 * shared sign-in leaves it blank).
 */
const fromApp = (answered: APIResponse) => ({ Origin: new URL(answered.url()).origin });

/** A saved view to show on the views page (the pages are empty on a fresh server). */
async function ensureSavedView(page: Page): Promise<string> {
  const existing = await page.request.get('/api/views');
  const views = ((await existing.json()) as { data_list: { id: string }[] }).data_list;
  if (views[0]) return views[0].id;
  const created = await page.request.post('/api/views', {
    headers: fromApp(existing),
    data: {
      name: 'High risk, largest first',
      list: 'registry',
      query: 'severity_level=High&sort_key=image_size&sort_dir=desc',
      columns: ['image', 'severity_level', 'vul_num', 'image_size', 'latest_scan_time'],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/**
 * A watch rule with one delivery in its log, to show on the rules pages: a daily digest to a
 * loopback port nothing listens on, so its test delivery fails and no sync cycle sends anything.
 */
async function ensureWatchRule(page: Page): Promise<string> {
  const existing = await page.request.get('/api/rules');
  const rules = ((await existing.json()) as { data_list: { id: string; name: string }[] })
    .data_list;
  const found = rules.find((rule) => rule.name === AXE_RULE);
  if (found) return found.id;
  const viewId = await ensureSavedView(page);
  const created = await page.request.post('/api/rules', {
    headers: fromApp(existing),
    data: {
      name: AXE_RULE,
      view_id: viewId,
      event_types: ['appeared', 'severity_changed'],
      channel: {
        type: 'dingtalk',
        url: 'http://127.0.0.1:9/robot/send?access_token=axe',
        secret: 'SECaxe',
      },
      mode: 'digest',
      digest_minutes: 1440,
      lang: 'zh-CN',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const tested = await page.request.post(`/api/rules/${id}/test`, {
    headers: fromApp(existing),
  });
  expect(tested.ok(), await tested.text()).toBe(true);
  return id;
}

const AXE_RULE = 'Prod: new and riskier images (daily digest)';
