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

export const VIEWS: View[] = [
  {
    name: 'overview',
    open: async (page, language) => {
      await openIn(page, '/', language);
      await expect(page.locator('main svg').first()).toBeVisible();
    },
  },
  {
    name: 'repository images',
    open: async (page, language) => {
      await openIn(page, '/registry-images', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    name: 'CI/CD images',
    open: async (page, language) => {
      await openIn(page, '/cicd-images', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
  {
    name: 'ACR repositories',
    open: async (page, language) => {
      await openIn(page, '/acr', language);
      await expect(tableRows(page).first()).toBeVisible();
    },
  },
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
    name: 'page not found',
    open: async (page, language) => {
      await openIn(page, '/no-such-page', language);
    },
  },
  {
    name: 'repository image drawer',
    open: async (page, language) => {
      const image = await firstOf<{ id: string }>(
        page.request,
        '/api/hss/registry-images?limit=10',
        'data_list',
      );
      await openIn(page, `/registry-images?image=${image.id}`, language);
      await expect(page.getByRole('dialog').getByRole('region').first()).toBeVisible();
    },
  },
  {
    name: 'CI/CD image drawer',
    open: async (page, language) => {
      const image = await firstOf<{ record_key: string }>(
        page.request,
        '/api/hss/cicd-images?limit=10',
        'data_list',
      );
      await openIn(page, `/cicd-images?image=${encodeURIComponent(image.record_key)}`, language);
      await expect(page.getByRole('dialog').getByRole('region').first()).toBeVisible();
    },
  },
];

/** The view called `name` in VIEWS. */
export function view(name: string): View {
  const found = VIEWS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no view named ${name}`);
  return found;
}
