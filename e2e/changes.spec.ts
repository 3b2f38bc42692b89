// Issue 21, the Changes page: after the first full sync the feed holds its baseline and says so;
// the list, time range and event-type choices live in the URL (a reload keeps them); the page
// reads in Chinese with ?lang=zh-CN; no serious accessibility violation in either language or
// colour scheme. Screenshots in e2e/.artifacts/screenshots/changes-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // Signed in already (global setup): the tests start from the overview, as a user lands.
  await page.goto('/');
});

test('the Changes page keeps its choices in the URL and says since when it records', async ({
  page,
}) => {
  await page.getByRole('navigation').getByRole('link', { name: 'Changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
  await expect(page.getByText(/recorded since/)).toBeVisible();
  const types = page.getByRole('group', { name: 'Event types (counts in the range)' });
  await expect(types.getByRole('button')).toHaveCount(8);

  await types.getByRole('button', { name: /Rescanned/ }).click();
  await expect(page).toHaveURL(/event_type=rescanned/);
  await expect(types.getByRole('button', { name: /Rescanned/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'CI/CD images' }).click();
  await expect(page).toHaveURL(/list=cicd/);
  await page.getByLabel('Time range').selectOption('30d');
  await expect(page).toHaveURL(/within=30d/);

  await page.reload();
  await expect(page.getByLabel('Time range')).toHaveValue('30d');
  await expect(page.getByRole('button', { name: 'CI/CD images' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(
    page
      .getByRole('group', { name: 'Event types (counts in the range)' })
      .getByRole('button', { name: /Rescanned/ }),
  ).toHaveAttribute('aria-pressed', 'true');

  const exportLink = page.getByRole('link', { name: 'Export CSV' });
  await expect(exportLink).toHaveAttribute('href', /\/api\/changes\/export\.csv\?.*list=cicd/);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'changes-en.png'), fullPage: true });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the Changes page in Chinese (${scheme}) has no serious accessibility violation`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/changes?lang=zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '变更' })).toBeVisible();
    await expect(
      page.getByRole('group', { name: '事件类型（范围内计数）' }).getByRole('button'),
    ).toHaveCount(8);
    await expect(page.getByText('重新扫描')).toBeVisible();
    await expectNoSeriousA11yViolations(page, `changes (zh-CN, ${scheme})`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(SCREENSHOTS, `changes-zh-CN-${scheme}.png`),
      fullPage: true,
    });
    await page.goto('/changes?lang=en');
    await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, `changes (en, ${scheme})`);
  });
}
