// Issue 18, the app's defects as a user meets them: each test failed before its fix.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { REGISTRY_EXPORT_COLUMNS } from '../src/shared/contracts';
import { decodeCsv } from '../src/shared/csv';
import { expect, tableRows, test } from './fixtures';

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

test.describe('signed in', () => {
  test('each page keeps an account of its own provider', async ({ page }) => {
    await page.goto('/registry-images');
    await expect(tableRows(page)).toHaveCount(20);
    await mainNav(page).getByRole('link', { name: 'ACR' }).click();
    await expect(page).toHaveURL(/\/acr\?account=demo-alibaba$/);
    await expect(page.getByRole('table', { name: 'Repositories' })).toBeVisible();

    // Back to an HSS page from the ACR page: a Huawei Cloud account, and the list loads.
    await mainNav(page).getByRole('link', { name: 'Repository images' }).click();
    await expect(page).not.toHaveURL(/account=demo-alibaba/);
    await expect(tableRows(page)).toHaveCount(20);
    await expect(page.getByText(/must be the id of a configured huawei account/)).toHaveCount(0);
    // The header offers only the page's provider's accounts.
    await expect(page.getByLabel('Account').locator('option')).not.toContainText([/Alibaba/]);

    // A link naming the other provider's account falls back to the default and says so.
    await page.goto('/cicd-images?account=demo-alibaba');
    await expect(page.getByTestId('account-fallback')).toContainText('belongs to Alibaba Cloud');
    await expect(page).not.toHaveURL(/account=demo-alibaba/);
    await expect(tableRows(page, 'CI/CD images')).toHaveCount(20);
  });

  test.describe('a link to an image id that cannot exist', () => {
    test.use({ expectedConsoleErrors: [/status of 40\d/] });

    test('shows the error after one request, not after retries', async ({ page }) => {
      const asked: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/hss/registry-images/abc')
          asked.push(request.url());
      });
      await page.goto('/registry-images?image=abc');
      await expect(page.getByText('This image could not be loaded')).toBeVisible();
      expect(asked).toHaveLength(1);
    });
  });

  test('copy buttons draw their icon instead of relying on a font glyph', async ({ page }) => {
    await page.goto('/registry-images');
    await page.locator('summary').filter({ hasText: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Digest' }).check();
    await page.keyboard.press('Escape');
    const copy = tableRows(page)
      .first()
      .getByRole('button', { name: /Copy digest/ });
    await expect(copy).toBeVisible();
    await expect(copy.locator('svg')).toHaveCount(1);
    expect((await copy.innerText()).trim()).toBe('');
  });

  test('a quick time range stays relative in the URL and reads in words', async ({ page }) => {
    await page.goto('/registry-images');
    await page.getByRole('button', { name: /More filters/ }).click();
    await page.getByRole('button', { name: 'Last scan: last 7 d' }).click();
    await expect(page).toHaveURL(/[?&]latest_scan_time_within=7d\b/);
    expect(page.url()).not.toMatch(/start_latest_scan_time|end_latest_scan_time/);
    const chips = page.getByRole('list', { name: 'Active filters' });
    await expect(chips).toContainText('Last scan: last 7 days');
    // The list asks the BFF for the last 7 days from now.
    const asked = page.waitForRequest((request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/hss/registry-images' && url.searchParams.has('limit');
    });
    await page.reload();
    const start = Number(new URL((await asked).url()).searchParams.get('start_latest_scan_time'));
    const sevenDays = 7 * 24 * 3600 * 1000;
    expect(Math.abs(Date.now() - sevenDays - start)).toBeLessThan(5 * 60_000);
    await expect(chips).toContainText('Last scan: last 7 days');
  });

  test('a copied ACR digest carries its sha256: prefix', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/acr');
    const firstRepository = page
      .getByRole('table', { name: 'Repositories' })
      .getByRole('rowgroup')
      .nth(1)
      .getByRole('row')
      .first();
    await firstRepository.getByRole('link').first().click();
    const tagRow = tableRows(page, 'Tags').first();
    const copy = tagRow.getByRole('button', { name: /Copy digest of/ });
    await copy.click();
    await expect(copy.getByRole('status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('added columns keep their width; the image column stays pinned and the table scrolls', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto('/cicd-images');
    await expect(tableRows(page, 'CI/CD images')).toHaveCount(20);
    await page.locator('summary').filter({ hasText: 'Columns' }).click();
    for (const name of ['Digest', 'Image id', 'Record id', 'Last update']) {
      const box = page.getByRole('checkbox', { name, exact: true });
      if ((await box.count()) > 0) await box.check();
    }
    await page.keyboard.press('Escape');
    const table = page.getByRole('table', { name: 'CI/CD images' });
    const imageHeader = table.getByRole('columnheader', { name: /^Image/ }).first();
    const width = (await imageHeader.boundingBox())?.width ?? 0;
    expect(width).toBeGreaterThanOrEqual(160);
    const scroller = page.locator('.data-table');
    const overflow = await scroller.evaluate((box) => box.scrollWidth - box.clientWidth);
    expect(overflow).toBeGreaterThan(0);
    // Scrolled sideways, the image column stays at the left edge.
    await scroller.evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
    await expect
      .poll(async () => {
        const cell = (
          await tableRows(page, 'CI/CD images').first().locator('td').first().boundingBox()
        )?.x;
        const edge = (await scroller.boundingBox())?.x;
        return cell !== undefined && edge !== undefined ? Math.abs(cell - edge) : Infinity;
      })
      .toBeLessThan(3);
  });
});

test('the export choice (all columns, API codes) lives in the URL and shapes the file', async ({
  page,
}) => {
  // The in-memory download path, which Playwright captures (no native save dialog).
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'showSaveFilePicker');
  });
  await page.goto('/registry-images?severity_level=High');
  await expect(tableRows(page).first()).toBeVisible();
  await page.locator('summary[aria-label="Export options"]').click();
  // The choice is written to the URL, which re-renders in a transition: click, then wait.
  for (const name of ['All columns', 'API codes']) {
    await page.getByRole('radio', { name }).click();
    await expect(page.getByRole('radio', { name })).toBeChecked();
  }
  await expect(page).toHaveURL(/[?&]export_columns=all\b/);
  await expect(page).toHaveURL(/[?&]export_values=codes\b/);

  // A shared link carries the choice.
  await page.reload();
  await expect(tableRows(page).first()).toBeVisible();
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = readFileSync(await (await downloadEvent).path()).toString('utf8');
  const [header, ...rows] = decodeCsv(file);
  expect(header).toEqual(REGISTRY_EXPORT_COLUMNS.map((column) => column.header));
  const severity = header?.indexOf('Severity') ?? -1;
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row[severity]).toBe('High');
});

test.describe('overview', () => {
  test('the trend caption agrees with its axis, explains its counts and shows more series', async ({
    page,
  }) => {
    await page.goto('/');
    const trend = page.getByTestId('chart-trend');
    const caption = trend.locator('.trend-summary');
    await expect(caption).toContainText('since');
    const since = /since ([A-Z][a-z]{2} \d{1,2})/.exec(await caption.innerText())?.[1];
    const firstTick = trend
      .locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')
      .first();
    await expect(firstTick).toHaveText(since ?? 'no caption day');
    // Why a point and its list can differ, on the page.
    await expect(trend.getByTestId('trend-note')).toContainText('can hold fewer');
    // "Not scanned" beside "Never scanned" is explained.
    await expect(page.getByTestId('chart-scan-status')).toContainText(
      '“Never scanned” (above) counts images with no scan time at all',
    );
    // Medium risk and malicious files as extra series, kept in the URL.
    await trend.getByRole('checkbox', { name: 'Medium risk' }).click();
    await expect(page).toHaveURL(/[?&]trend=medium\b/);
    await trend.getByRole('checkbox', { name: 'Malicious files' }).click();
    await expect(page).toHaveURL(/[?&]trend=malicious%2Cmedium\b/);
    await expect(trend.locator('.recharts-legend-wrapper')).toContainText('Medium risk');
    await expect(trend.locator('.recharts-legend-wrapper')).toContainText('Malicious files');
    await expect(caption).toContainText('medium risk');
  });
});

test.describe('one word per thing', () => {
  test('the baseline count has one name in the list, its filter and the detail', async ({
    page,
  }) => {
    await page.goto('/registry-images');
    await expect(tableRows(page)).toHaveCount(20);
    await expect(page.getByRole('columnheader', { name: 'Baseline risks' })).toBeVisible();
    await tableRows(page).first().click();
    const detail = page.getByRole('dialog');
    await expect(detail).toContainText('Baseline risks');
    await expect(page.locator('body')).not.toContainText(/Unsafe/);
  });

  test('an ignored parameter is named by its label and can be removed', async ({ page }) => {
    await page.goto('/registry-images?limit=5000&severity_level=High');
    const notice = page.getByRole('status').filter({ hasText: 'Ignored in the address' });
    await expect(notice).toContainText('Rows per page');
    await expect(notice).not.toContainText('limit');
    await notice.getByRole('button', { name: 'Remove it from the address' }).click();
    await expect(page).not.toHaveURL(/limit=/);
    await expect(page).toHaveURL(/severity_level=High/);
    await expect(notice).toHaveCount(0);
  });

  test('an empty result does not say "Page 1 of 0"', async ({ page }) => {
    await page.goto('/registry-images?namespace=no-such-namespace-anywhere');
    await expect(page.getByText('No images match these filters.')).toBeVisible();
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(pages).toContainText('No images');
    await expect(pages).not.toContainText(/of 0|Page/);
  });
});

test.describe('without a session', () => {
  // Not the run's shared sign-in (global setup's storage state).
  test.use({
    expectedConsoleErrors: [/status of 401/],
    storageState: { cookies: [], origins: [] },
  });

  test('the hint names the real origin, and signing in returns to the shared view', async ({
    page,
    server,
  }) => {
    const view = '/registry-images?severity_level=High&sort_key=vul_num&sort_dir=desc';
    await page.goto(view);
    const hint = page.getByRole('alert').filter({ hasText: 'Sign in' });
    await expect(hint).toContainText(`${server.origin}/?token=`);
    await page.goto(server.startUrl);
    await expect(page).toHaveURL(`${server.origin}${view}`);
    await expect(tableRows(page)).toHaveCount(20);
  });
});
