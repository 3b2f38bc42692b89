// Issue 20, accessibility in both languages: axe finds no serious or critical violation on any
// page, the open detail drawers or the open menus, in English and Chinese (?lang=) and in light
// and dark. Every element is found by role, class or address, never by its English text, so the
// same steps run in either language.
//
// Each view opens once per language: axe runs in full in light, then the page switches to dark
// (the colours follow prefers-color-scheme in CSS alone, so nothing else on the page changes) and
// axe runs the rules that depend on colour. In zh-CN the same visit leaves the screenshots a
// reviewer looks at (e2e/.artifacts/screenshots/zh-CN-<view>-<width>-<scheme>.png, at 1440 and
// 1024 px, light and dark: truncated labels, missing CJK glyphs, colours that vanish in dark),
// unless another spec leaves the same ones (`View.screenshotsIn`).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test, type AxeViolation } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { COLOR_SCHEMES, LANGUAGES, SCREENSHOT_SIZES, VIEWS } from './views';

// Each test opens its own page and only reads: they spread over the workers (this file is a
// third of the run).
test.describe.configure({ mode: 'parallel' });

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

/** The axe rules whose outcome depends on colours: all the dark scheme changes. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * The drop-down menus and panels of the repository images page (their `<details>`), opened one at
 * a time.
 */
const MENUS: [string, string][] = [
  ['the session menu', 'details.session-menu'],
  ['a filter menu', 'main details.filter-menu:not(.column-menu):not(.export-options)'],
  ['the columns menu', 'main details.column-menu'],
  ['the export options', 'main details.export-options'],
  ['the save view panel', 'main details.save-view'],
  ['the saved views menu', 'nav details.nav-menu'],
];

/**
 * Axe on the page as it stands (or only on `include`, a CSS selector): every rule in light, the
 * colour rules in dark. Returns the light run's violations, whatever their impact.
 */
async function checkBothSchemes(page: Page, label: string, include?: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await expectNoSeriousA11yViolations(page, `${label}, light`, { include });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousA11yViolations(page, `${label}, dark`, { include, rules: COLOUR_RULES });
  return light;
}

/** The view whose every piece, the demo banner included, must sit in a landmark. */
const LANDMARKS_VIEW = 'overview';

/**
 * No content outside a landmark: axe's `region` rule (moderate, so not among the failing impacts)
 * ran with every rule in the light run; the demo banner is on the page it checked.
 */
async function expectEveryPieceInALandmark(page: Page, light: AxeViolation[], language: string) {
  await expect(page.locator('.demo-banner')).toBeVisible();
  expect(
    light
      .filter((violation) => violation.id === 'region')
      .flatMap((violation) => violation.nodes.map((node) => node.target.join(' '))),
    `content outside any landmark (${language})`,
  ).toEqual([]);
}

async function screenshots(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const [width, height] of SCREENSHOT_SIZES) {
      await page.setViewportSize({ width, height });
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      const file = `zh-CN-${name.replace(/\W+/g, '-').toLowerCase()}-${width}-${colorScheme}.png`;
      await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
    }
  }
}

/** The view whose menus and more-filters panel are opened and checked after the page itself. */
const MENUS_VIEW = 'repository images';

/**
 * Opens each menu or panel of the repository images page in turn; axe looks only at what opening
 * changes: the open menu or panel and its toggle (the page itself is checked whole before).
 */
async function checkMenus(page: Page, language: string) {
  for (const [name, menu] of MENUS) {
    const details = page.locator(menu).first();
    await details.locator(':scope > summary').click();
    await expect(details).toHaveAttribute('open', '');
    await checkBothSchemes(page, `${name} (${language})`, `${menu}[open]`);
    await page.keyboard.press('Escape');
    await expect(details).not.toHaveAttribute('open', '');
  }
  const moreFilters = page.locator('main button[aria-controls][aria-expanded="false"]').first();
  const panelId = await moreFilters.getAttribute('aria-controls');
  await moreFilters.click();
  await expect(page.locator('main .filter-panel')).toBeVisible();
  await checkBothSchemes(
    page,
    `more filters (${language})`,
    `main .filter-panel, main button[aria-controls="${panelId}"]`,
  );
}

for (const language of LANGUAGES) {
  test.describe(language, () => {
    for (const shown of VIEWS) {
      const withMenus = shown.name === MENUS_VIEW;
      const title = withMenus ? `${shown.name}, its menus and the more-filters panel` : shown.name;
      test(`no serious accessibility violation, light and dark: ${title}`, async ({ page }) => {
        // The menus' page is opened once for both checks: twice the axe runs of a view.
        if (withMenus) test.setTimeout(120_000);
        await shown.open(page, language);
        const light = await checkBothSchemes(page, `${shown.name} (${language})`);
        if (shown.name === LANDMARKS_VIEW) await expectEveryPieceInALandmark(page, light, language);
        if (language === 'zh-CN' && !shown.screenshotsIn) await screenshots(page, shown.name);
        if (withMenus) {
          // The screenshots leave the page at 1024 px: the menus are checked at the run's size.
          await page.setViewportSize({ width: 1440, height: 900 });
          await checkMenus(page, language);
        }
      });
    }
  });
}
