// Issue 20, accessibility in both languages: axe finds no serious or critical violation on any
// page, the open detail drawers or the open menus, in English and Chinese (?lang=) and in light
// and dark. Every element is found by role, class or address, never by its English text, so the
// same steps run in either language.
import AxeBuilder from '@axe-core/playwright';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { COLOR_SCHEMES, LANGUAGES, VIEWS, view } from './views';

/** The drop-down menus and panels of the repository images page, opened one at a time. */
const MENUS: [string, string][] = [
  ['the session menu', 'details.session-menu > summary'],
  ['a filter menu', 'main details.filter-menu:not(.column-menu):not(.export-options) > summary'],
  ['the columns menu', 'main details.column-menu > summary'],
  ['the export options', 'main details.export-options > summary'],
  ['the save view panel', 'main details.save-view > summary'],
  ['the saved views menu', 'nav details.nav-menu > summary'],
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

      for (const shown of VIEWS) {
        test(`no serious accessibility violation: ${shown.name}`, async ({ page }) => {
          await shown.open(page, language);
          await expectNoSeriousA11yViolations(page, `${shown.name} (${language}, ${colorScheme})`);
        });
      }

      test('no serious accessibility violation: the menus and the more-filters panel', async ({
        page,
      }) => {
        // Five axe runs on a full table page.
        test.slow();
        await view('repository images').open(page, language);
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
    await view('overview').open(page, language);
    await expect(page.locator('.demo-banner')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withRules(['region']).analyze();
    expect(
      violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(' '))),
      `content outside any landmark (${language})`,
    ).toEqual([]);
  }
});
