// Issue 20, accessibility in both languages: axe finds no serious or critical violation on any
// page, the open detail drawers or the open menus, in English and Chinese (?lang=) and in light
// and dark. Every element is found by role, class or address, never by its English text, so the
// same steps run in either language.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';

const LANGUAGES = ['en', 'zh-CN'] as const;
const COLOR_SCHEMES = ['light', 'dark'] as const;

async function firstOf<T>(request: APIRequestContext, path: string, list: string): Promise<T> {
  const response = await request.get(path);
  expect(response.ok(), path).toBe(true);
  const items = ((await response.json()) as Record<string, T[]>)[list];
  expect(items?.length, `${path} lists nothing`).toBeGreaterThan(0);
  return items![0]!;
}

/** Opens `path` in `language` and waits until nothing on the page is still loading. */
async function openIn(page: Page, path: string, language: string) {
  const url = new URL(path, 'http://host');
  url.searchParams.set('lang', language);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

const tableRows = (page: Page) => page.locator('main tbody tr');

interface View {
  name: string;
  /** Opens the view (in `language`) and waits for what axe should see. */
  open(page: Page, language: string): Promise<void>;
}

const VIEWS: View[] = [
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

/** The drop-down menus and panels of the repository images page, opened one at a time. */
const MENUS: [string, string][] = [
  ['the session menu', 'details.session-menu > summary'],
  ['a filter menu', 'main details.filter-menu:not(.column-menu):not(.export-options) > summary'],
  ['the columns menu', 'main details.column-menu > summary'],
  ['the export options', 'main details.export-options > summary'],
];

test.beforeEach(async ({ page, server }) => {
  await page.goto(server.startUrl);
  await expect(page).not.toHaveURL(/token=/);
});

for (const language of LANGUAGES) {
  for (const colorScheme of COLOR_SCHEMES) {
    test.describe(`${language}, ${colorScheme}`, () => {
      test.beforeEach(async ({ page }) => {
        await page.emulateMedia({ colorScheme });
      });

      for (const view of VIEWS) {
        test(`no serious accessibility violation: ${view.name}`, async ({ page }) => {
          // Known: the overview's charts are focusable inside aria-hidden wrappers
          // (aria-hidden-focus); the overview task (r21, overview + charts) fixes that, then the
          // lead removes this line.
          test.fixme(view.name === 'overview', 'aria-hidden-focus on the overview charts');
          await view.open(page, language);
          await expectNoSeriousA11yViolations(page, `${view.name} (${language}, ${colorScheme})`);
        });
      }

      test('no serious accessibility violation: the menus and the more-filters panel', async ({
        page,
      }) => {
        // Five axe runs on a full table page.
        test.slow();
        await VIEWS[1]!.open(page, language);
        for (const [name, summary] of MENUS) {
          const toggle = page.locator(summary).first();
          await toggle.click();
          await expect(toggle.locator('xpath=..')).toHaveAttribute('open', '');
          await expectNoSeriousA11yViolations(page, `${name} (${language}, ${colorScheme})`);
          await page.keyboard.press('Escape');
          await expect(toggle.locator('xpath=..')).not.toHaveAttribute('open', '');
        }
        const moreFilters = page.locator('main button[aria-controls][aria-expanded="false"]');
        await moreFilters.first().click();
        await expect(page.locator('main .filter-panel')).toBeVisible();
        await expectNoSeriousA11yViolations(page, `more filters (${language}, ${colorScheme})`);
      });
    });
  }
}

test('every piece of the page sits in a landmark, the demo banner included', async ({ page }) => {
  for (const language of LANGUAGES) {
    await VIEWS[0]!.open(page, language);
    await expect(page.locator('.demo-banner')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withRules(['region']).analyze();
    expect(
      violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(' '))),
      `content outside any landmark (${language})`,
    ).toEqual([]);
  }
});
