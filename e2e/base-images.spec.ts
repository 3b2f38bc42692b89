// Issue 22, the base-images page: ranked fix first by high-risk images (and saying what that
// ranking means), sortable by any column; a base opens the explorer filtered to its images, whose
// total is the row's count, with the filter as a removable chip; the CSV export holds every row
// with its header in the page's language; the detail drawer and the overview lead to the page.
// Screenshots at 1366 px in both languages and colour schemes: e2e/.artifacts/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { decodeCsv } from '../src/shared/csv';
import type { BaseImageRow, BaseImagesPage } from '../src/shared/contracts/facts';
import { bffListTotal, expect, expectNoSeriousA11yViolations, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { openIn, tableRows } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

async function baseImages(request: APIRequestContext, query = ''): Promise<BaseImagesPage> {
  const response = await request.get(`/api/base-images${query ? `?${query}` : ''}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as BaseImagesPage;
}

/**
 * The background look-up asks HSS once per digest within the call budget (the e2e simulator's
 * is generous): the counts settle once every digest has its answer, so wait for that.
 */
async function untilEnriched(request: APIRequestContext): Promise<BaseImagesPage> {
  await expect
    .poll(
      async () => {
        const { enrichment } = await baseImages(request, 'limit=1');
        return enrichment.total > 0 && enrichment.known === enrichment.total;
      },
      { timeout: 8 * 60_000, intervals: [2_000] },
    )
    .toBe(true);
  return baseImages(request, 'limit=200');
}

/** The numbers of a column of the table (cells' text, digits only). */
async function columnNumbers(page: Page, column: number): Promise<number[]> {
  return tableRows(page)
    .locator(`td:nth-child(${column})`)
    .evaluateAll((cells) =>
      cells.map((cell) => Number((cell.textContent ?? '').replace(/\D/g, '') || '0')),
    );
}

test.describe.configure({ timeout: 10 * 60_000 });

test.beforeEach(async ({ page, server }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(server.startUrl);
  await expect(page).not.toHaveURL(/token=/);
});

test('bases ranked fix first, sorted, followed to the explorer and exported', async ({ page }) => {
  const answer = await untilEnriched(page.request);
  expect(answer.total_num).toBeGreaterThan(1);

  await page.getByRole('navigation').getByRole('link', { name: 'Base images' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Base images' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Basic image known for all' }),
  ).toBeVisible();
  const fixFirst = page.getByRole('button', { name: 'Fix first: rank by high-risk images' });
  await expect(fixFirst).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('HSS reports risk per image, not per layer')).toBeVisible();

  // Another order, then back to the ranking by high-risk images through its column.
  await page
    .getByRole('columnheader', { name: /Vulnerabilities|Vulns/ })
    .getByRole('button')
    .click();
  await expect(page).toHaveURL(/sort_key=vul_num&sort_dir=desc/);
  await expect(fixFirst).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const vulnerabilities = await columnNumbers(page, 8);
  expect(vulnerabilities).toEqual([...vulnerabilities].sort((a, b) => b - a));

  await page
    .getByRole('columnheader', { name: /High risk/ })
    .getByRole('button')
    .click();
  await expect(fixFirst).toHaveAttribute('aria-pressed', 'true');
  await expect(page).not.toHaveURL(/sort_key=/);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const highRisk = await columnNumbers(page, 4);
  expect(highRisk.length).toBeGreaterThan(1);
  expect(highRisk).toEqual([...highRisk].sort((a, b) => b - a));
  expect(highRisk[0]).toBe(answer.data_list[0]?.high_risk_images);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'base-images-en-light-1366.png') });

  // Export: every row, the header in English.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const records = decodeCsv(readFileSync(await (await downloadPromise).path(), 'utf8'));
  expect(records[0]?.slice(0, 3)).toEqual(['OS', 'OS version', 'Layer digest']);
  expect(records.filter((record) => record.some(Boolean)).length - 1).toBe(answer.total_num);

  // Follow the first base on the page with repository images to the explorer, by its count.
  const base = answer.data_list
    .slice(0, 20)
    .find((row) => row.registry_images > 0 && row.layer_digest) as BaseImageRow;
  const row = tableRows(page).filter({ has: page.locator(`[title="${base.layer_digest}"]`) });
  await row.getByRole('link', { name: /repository images? on/ }).click();
  await expect(page).toHaveURL(/\/registry-images\?/);
  expect(new URL(page.url()).searchParams.get('basic_image_digest')).toBe(base.layer_digest);
  const chips = page.getByRole('list', { name: 'Active filters' });
  const chip = chips.getByRole('listitem').filter({ hasText: 'Base layer' });
  await expect(chip).toBeVisible();
  await chip.getByRole('button').click();
  await expect(page).not.toHaveURL(/basic_image_/);
});

test('a base’s explorer lists exactly the row’s count of images', async ({ page }) => {
  const answer = await untilEnriched(page.request);
  for (const base of answer.data_list.filter((row) => row.layer_digest).slice(0, 5)) {
    for (const [route, count] of [
      ['/api/hss/registry-images', base.registry_images],
      ['/api/hss/cicd-images', base.cicd_images],
    ] as const) {
      const query = `basic_image_digest=${encodeURIComponent(base.layer_digest)}`;
      expect(await bffListTotal(page.request, route, query), `${route} ${query}`).toBe(count);
    }
  }
  const base = answer.data_list.find((row) => row.registry_images > 0 && row.layer_digest);
  await openIn(
    page,
    `/registry-images?basic_image_digest=${encodeURIComponent(base!.layer_digest)}`,
    'en',
  );
  await expect(page.locator('.page-header__meta strong')).toHaveText(
    base!.registry_images.toLocaleString('en-US'),
  );
});

test('the page and its export in Chinese; screenshots in both schemes', async ({ page }) => {
  const answer = await untilEnriched(page.request);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openIn(page, '/base-images', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '基础镜像' })).toBeVisible();
    await expect(tableRows(page).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page, `base images zh-CN ${scheme}`);
    await page.screenshot({ path: join(SCREENSHOTS, `base-images-zh-CN-${scheme}-1366.png`) });
  }
  await openIn(page, '/base-images', 'en');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(tableRows(page).first()).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'base-images-en-dark-1366.png') });

  await openIn(page, '/base-images?eol=eol', 'zh-CN');
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: '导出 CSV' }).click();
  const records = decodeCsv(readFileSync(await (await downloadPromise).path(), 'utf8'));
  expect(records[0]?.[0]).toBe('操作系统');
  const endOfLife = await baseImages(page.request, 'eol=eol&limit=1');
  expect(records.filter((record) => record.some(Boolean)).length - 1).toBe(endOfLife.total_num);
  expect(endOfLife.total_num).toBeLessThan(answer.total_num);
});

test('the overview card leads to the page', async ({ page }) => {
  const answer = await untilEnriched(page.request);
  await openIn(page, '/', 'en');
  const card = page.getByRole('region', { name: 'Images on end-of-life bases' });
  await expect(card).toContainText(`${answer.eol_images.toLocaleString('en-US')} image`);
  await card.getByRole('link', { name: 'See the bases' }).click();
  await expect(page).toHaveURL(/\/base-images\?eol=eol/);
  await expect(page.getByRole('checkbox', { name: 'End of life', exact: true })).toBeChecked();
});

test('the detail drawer links an image’s basic image to the page', async ({ page }) => {
  const answer = await untilEnriched(page.request);
  // A repository image on a known base: its drawer links the base to this page.
  const base = answer.data_list.find(
    (row) => row.registry_images > 0 && row.os_name && row.layer_digest,
  ) as BaseImageRow;
  const images = await page.request.get(
    `/api/hss/registry-images?limit=1&basic_image_digest=${encodeURIComponent(base.layer_digest)}`,
  );
  const [image] = ((await images.json()) as { data_list: { id: string }[] }).data_list;
  await openIn(page, `/registry-images?image=${encodeURIComponent(image!.id)}`, 'en');
  const drawer = page.getByRole('dialog');
  await drawer.getByRole('link', { name: base.os_name, exact: true }).first().click();
  await expect(page).toHaveURL(/\/base-images\?/);
  expect(new URL(page.url()).searchParams.get('os_name')).toBe(base.os_name);
  await expect(tableRows(page).first()).toBeVisible();
});
