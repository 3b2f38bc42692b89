// The app's pages and open drawers, each opened in a chosen language and waited for until
// nothing on it is loading: the views the accessibility checks and the screenshots go through.
// Found by address, role or class, never by English text, so they open in either language.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const COLOR_SCHEMES = ['light', 'dark'] as const;

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
    open: async (page, language) => {
      await openIn(page, '/', language);
      await expect(page.locator('main svg').first()).toBeVisible();
    },
  },
  listView('repository images', '/registry-images'),
  listView('CI/CD images', '/cicd-images'),
  listView('ACR repositories', '/acr'),
  {
    name: 'ACR tags of a repository',
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
  drawerView('repository image drawer', '/registry-images', '/api/hss/registry-images', 'id'),
  drawerView('CI/CD image drawer', '/cicd-images', '/api/hss/cicd-images', 'record_key'),
];

/** The view called `name` in VIEWS. */
export function view(name: string): View {
  const found = VIEWS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no view named ${name}`);
  return found;
}
