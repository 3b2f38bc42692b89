// User story: a security engineer opens the link the server printed, goes to Repository images,
// pages through the mirrored images, and can reload or share the page and land on the same rows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bffListTotal, expect, signIn, tableRows, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

test('pages through the repository images, with the page in the URL', async ({ page, server }) => {
  await signIn(page, server.startUrl);
  await expect(
    page.getByText('Demo mode: the data comes from the built-in simulator'),
  ).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Repository images' })
    .click();
  await expect(page).toHaveURL(/\/registry-images$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Repository images' })).toBeVisible();

  // The BFF's own total, asked with the page's cookie.
  const total = await bffListTotal(page.request, '/api/hss/registry-images');
  expect(total).toBeGreaterThan(20);
  const totalText = total.toLocaleString('en-US');

  await expect(tableRows(page)).toHaveCount(20);
  await expect(page.getByText(`1–20 of ${totalText} images`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Synced|Mirroring/ })).toBeVisible();
  const firstImage = await tableRows(page).first().getByRole('cell').first().innerText();
  expect(firstImage.length).toBeGreaterThan(3);

  await page.getByLabel('Rows per page').selectOption('50');
  await expect(page).toHaveURL(/[?&]limit=50\b/);
  await expect(tableRows(page)).toHaveCount(50);

  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/[?&]offset=50\b/);
  await expect(page).toHaveURL(/[?&]limit=50\b/);
  await expect(page.getByText(`51–100 of ${totalText} images`)).toBeVisible();
  // The range follows the address at once; the rows are the previous page's, marked busy, until
  // the new page arrives.
  const settled = () => expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await settled();
  const secondPageFirst = await tableRows(page).first().innerText();

  await page.reload();
  await expect(page.getByText(`51–100 of ${totalText} images`)).toBeVisible();
  await expect(tableRows(page)).toHaveCount(50);
  await settled();
  expect(await tableRows(page).first().innerText()).toBe(secondPageFirst);

  await page.goBack();
  await expect(page).not.toHaveURL(/offset=/);
  await expect(page.getByText(`1–50 of ${totalText} images`)).toBeVisible();

  await page.getByRole('button', { name: 'Last page' }).click();
  const lastOffset = Math.floor((total - 1) / 50) * 50;
  await expect(page).toHaveURL(new RegExp(`offset=${lastOffset}\\b`));
  await expect(tableRows(page)).toHaveCount(total - lastOffset);
});

test('the first rows leave the table where it is; another page starts at its top', async ({
  page,
}) => {
  // Counts the table's own scrolls: one on the first rows would force a layout of the whole page
  // before they can be painted (docs/benchmarks.md, s41-nav).
  await page.addInitScript(() => {
    const counted = window as Window & { tableScrolls?: number };
    const scrollTo = Element.prototype.scrollTo;
    Element.prototype.scrollTo = function (this: Element, ...args: unknown[]) {
      if (this.classList.contains('data-table'))
        counted.tableScrolls = (counted.tableScrolls ?? 0) + 1;
      Reflect.apply(scrollTo, this, args);
    };
  });
  const tableScrolls = () =>
    page.evaluate(() => (window as Window & { tableScrolls?: number }).tableScrolls ?? 0);
  const settled = () => expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.goto('/registry-images?limit=50');
  await expect(tableRows(page)).toHaveCount(50);
  await settled();
  expect(await tableScrolls()).toBe(0);

  const table = page.locator('.list-view .data-table');
  await table.evaluate((box) => {
    box.scrollTop = box.scrollHeight;
  });
  expect(await table.evaluate((box) => box.scrollTop)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/[?&]offset=50\b/);
  await settled();
  await expect.poll(() => table.evaluate((box) => box.scrollTop)).toBe(0);
  expect(await tableScrolls()).toBeGreaterThan(0);
});

test('rows are reachable from the keyboard', async ({ page }) => {
  await page.goto('/registry-images?limit=10');
  await expect(tableRows(page)).toHaveCount(10);
  await tableRows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(tableRows(page).nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(tableRows(page).nth(9)).toBeFocused();
});

test('shows the CI/CD images in the same table', async ({ page, server }) => {
  await signIn(page, server.startUrl);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'CI/CD images' })
    .click();
  const rows = page
    .getByRole('table', { name: 'CI/CD images' })
    .getByRole('rowgroup')
    .nth(1)
    .getByRole('row');
  await expect(rows).toHaveCount(20);
  await expect(
    page.getByText(
      `1–20 of ${(await bffListTotal(page.request, '/api/hss/cicd-images')).toLocaleString('en-US')} images`,
    ),
  ).toBeVisible();
});

test.describe('without a session', () => {
  // Not the run's shared sign-in (global setup's storage state).
  test.use({
    expectedConsoleErrors: [/status of 401/],
    storageState: { cookies: [], origins: [] },
  });

  test('says to open the printed link', async ({ page }) => {
    await page.goto('/registry-images');
    await expect(
      page.getByText('Open the link printed by the server (it carries the access token)'),
    ).toBeVisible();
  });
});

// Loaded once and shot in light, then in dark: the colours follow prefers-color-scheme in CSS
// alone (styles.css), so switching the scheme needs no reload.
test('screenshots of the repository images, light and dark', async ({ page }) => {
  await page.goto('/registry-images?limit=50');
  await expect(tableRows(page)).toHaveCount(50);
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(tableRows(page)).toHaveCount(50);
    await page.screenshot({ path: join(SCREENSHOTS, `registry-images-${colorScheme}.png`) });
    await page.setViewportSize({ width: 1024, height: 768 });
    // No horizontal scrolling of the page at 1024 px.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, colorScheme).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, `registry-images-${colorScheme}-1024.png`) });
  }
});
