// User story: a security engineer narrows the repository and CI/CD images down with every kind of
// filter, sorts and pages through them, shares the view as a link, picks the columns they need,
// and reads the badges at a glance. Every count on screen is checked against the BFF's own answer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { resolveRelativeRanges } from '../src/lib/relative-range';
import { en } from './catalogue';
import { axeOn, bffListTotal, expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { COLOR_SCHEMES, SCREENSHOT_SIZES } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

// Controls are found by the names people read, taken from the app's catalogue by key: this spec
// tests what the filters do, not how they are worded.
const IMAGE_NAME = en('lists:filters.image_name');
const DIGEST = en('table:columns.image_digest');
const chip = (label: string, value: string) => en('lists:chips.value', { label, value });
const removeChip = (label: string, value: string) =>
  en('lists:filterBar.removeFilter', { filter: chip(label, value) });
const sizeLabel = (bound: 'atLeast' | 'atMost') =>
  en(`lists:filterBar.${bound}`, { label: en('lists:filters.image_size') });
/** The pagination line, counts written as the English page writes them ("1–20 of 3,000 images"). */
const pageRange = (first: number, last: number, total: number) =>
  en('table:pagination.range', {
    first: first.toLocaleString('en-US'),
    last: last.toLocaleString('en-US'),
    total: total.toLocaleString('en-US'),
    noun: en('lists:page.noun'),
  });
/** The pagination line of any page of `total` images. */
const anyPageRange = (total: number) =>
  new RegExp(
    `^${pageRange(1, 2, total)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/^1–2/, '[\\d,]+–[\\d,]+')}$`,
  );

interface ListAnswer {
  total_num: number;
  data_list: Array<Record<string, unknown>>;
}

function tableRows(page: Page, name = en('lists:registry.title')) {
  return page.getByRole('table', { name }).getByRole('rowgroup').nth(1).getByRole('row');
}

async function signIn(page: Page, startUrl: string) {
  await page.goto(startUrl);
  await expect(page).not.toHaveURL(/token=/);
  await expect(
    page.getByRole('navigation', { name: en('common:app.mainNavigation') }),
  ).toBeVisible();
}

/** The BFF's answer for the page's current URL parameters (what the table should show). */
async function bffAnswer(page: Page, route = '/api/hss/registry-images'): Promise<ListAnswer> {
  const inUrl = new URL(page.url()).searchParams;
  inUrl.delete('image');
  // Relative ranges are the app's URL extension: the BFF takes their absolute start.
  const search = new URLSearchParams(resolveRelativeRanges(Object.fromEntries(inUrl), Date.now()));
  const response = await page.request.get(`${route}?${search.toString()}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as ListAnswer;
}

/** The pagination summary agrees with the BFF's total for the URL now in the address bar. */
async function expectTotalMatchesBff(page: Page, route?: string) {
  await expect(page.locator('[data-stale]')).toHaveCount(0);
  const { total_num: total } = await bffAnswer(page, route);
  const summary = page
    .getByRole('navigation', { name: en('table:pagination.label') })
    .locator('.pagination__summary');
  if (total === 0) await expect(page.getByText(en('lists:page.noMatches'))).toBeVisible();
  else await expect(summary).toHaveText(anyPageRange(total));
  return total;
}

/** A drop-down menu's toggle (Severity, Columns…), not the column header of the same name. */
function menu(page: Page, name: string) {
  return page.locator('summary').filter({ hasText: name });
}

async function openMoreFilters(page: Page) {
  const toggle = page.getByRole('button', { name: en('lists:filterBar.moreFilters') });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

test('text filter and search, debounced, with chips', async ({ page }) => {
  await page.goto('/registry-images');
  await expect(tableRows(page)).toHaveCount(20);
  const whole = await bffListTotal(page.request, '/api/hss/registry-images');
  await openMoreFilters(page);
  await page.getByRole('textbox', { name: IMAGE_NAME, exact: true }).fill('store');
  await expect(page).toHaveURL(/[?&]image_name=store\b/);
  const total = await expectTotalMatchesBff(page);
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThan(whole);
  await expect(page.getByRole('list', { name: en('lists:filterBar.activeFilters') })).toContainText(
    chip(IMAGE_NAME, 'store'),
  );

  await page.getByLabel(en('lists:filterBar.searchLabel')).fill('session');
  await expect(page).toHaveURL(/[?&]q=session\b/);
  await expectTotalMatchesBff(page);
  for (const text of await tableRows(page).allInnerTexts()) expect(text).toContain('session');

  await page.getByRole('button', { name: removeChip(IMAGE_NAME, 'store') }).click();
  await expect(page).not.toHaveURL(/image_name=/);
  await expect(page.getByRole('textbox', { name: IMAGE_NAME, exact: true })).toHaveValue('');
  await expectTotalMatchesBff(page);
  await page.getByRole('button', { name: en('lists:filterBar.clearAll'), exact: true }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByText(pageRange(1, 20, whole))).toBeVisible();
});

test('enum filters take several values and show facet counts', async ({ page }) => {
  await page.goto('/registry-images?image_type=private_image');
  await menu(page, en('lists:filters.severity_level')).click();
  const high = page.getByRole('checkbox', { name: en('enums:severity.High') });
  const facets = (await (
    await page.request.get('/api/hss/registry-images/facets?image_type=private_image')
  ).json()) as { facets: Record<string, Array<{ value: string; count: number }>> };
  const highCount = facets.facets.severity_level?.find((b) => b.value === 'High')?.count ?? -1;
  expect(highCount).toBeGreaterThan(0);
  // The count beside the value is the BFF's facet under the other filters.
  await expect(page.locator('label', { has: high })).toContainText(
    highCount.toLocaleString('en-US'),
  );
  // The URL is the state: a click writes it, and the box shows what the URL then says.
  await high.click();
  await expect(high).toBeChecked();
  await page.getByRole('checkbox', { name: en('enums:severity.unrated') }).click();
  await expect(page).toHaveURL(/severity_level=High%2Cunrated/);
  await expectTotalMatchesBff(page);
  const answer = await bffAnswer(page);
  for (const row of answer.data_list) expect(['High', '']).toContain(row.severity_level);
  await page.keyboard.press('Escape');
  // One chip per value, each removable.
  await page
    .getByRole('button', {
      name: removeChip(en('lists:filters.severity_level'), en('enums:severity.unrated')),
    })
    .click();
  await expect(page).toHaveURL(/severity_level=High(&|$)/);
  await expectTotalMatchesBff(page);
});

test('boolean, time range and size range filters', async ({ page }) => {
  await page.goto('/registry-images');
  await openMoreFilters(page);
  await page
    .getByRole('combobox', { name: en('lists:filters.has_vul'), exact: true })
    .selectOption('false');
  await expect(page).toHaveURL(/has_vul=false/);
  await expectTotalMatchesBff(page);
  await page
    .getByRole('combobox', { name: en('lists:filters.has_vul'), exact: true })
    .selectOption('true');
  await page
    .getByRole('combobox', { name: en('lists:filters.is_multarch'), exact: true })
    .selectOption('true');
  await expect(page).toHaveURL(/is_multarch=true/);
  await expectTotalMatchesBff(page);

  // A quick range stays relative in the URL (issue 18); the list asks for the last 30 days.
  const asked = page.waitForRequest((request) => {
    const url = new URL(request.url());
    return (
      url.pathname === '/api/hss/registry-images' && url.searchParams.has('start_latest_scan_time')
    );
  });
  await page
    .getByRole('button', {
      name: en('lists:filterBar.quickRange', {
        label: en('lists:filters.latest_scan_time'),
        range: en('lists:ranges.30d.words'),
      }),
    })
    .click();
  await expect(page).toHaveURL(/[?&]latest_scan_time_within=30d\b/);
  const start = Number(new URL((await asked).url()).searchParams.get('start_latest_scan_time'));
  expect(Math.abs(Date.now() - 30 * 24 * 3600 * 1000 - start)).toBeLessThan(5 * 60_000);

  await page.getByLabel(sizeLabel('atLeast'), { exact: true }).fill('100');
  await page
    .getByLabel(en('lists:filterBar.unit', { label: sizeLabel('atLeast') }))
    .selectOption('MB');
  await expect(page).toHaveURL(/image_size=104857600\b/);
  await page.getByLabel(sizeLabel('atMost'), { exact: true }).fill('1');
  await page
    .getByLabel(en('lists:filterBar.unit', { label: sizeLabel('atMost') }))
    .selectOption('GB');
  await expect(page).toHaveURL(/max_image_size=1073741824\b/);
  const answer = await bffAnswer(page);
  for (const row of answer.data_list) {
    expect(row.image_size as number).toBeGreaterThanOrEqual(104857600);
    expect(row.vul_num as number).toBeGreaterThan(0);
  }
  await expectTotalMatchesBff(page);
  // The size limit comes from the contracts: the maximum field cannot go past it.
  await expect(page.getByLabel(sizeLabel('atMost'), { exact: true })).toHaveAttribute('max', '1');
});

test('sorts by a column both ways, resetting to the first page', async ({ page }) => {
  await page.goto('/registry-images?offset=40');
  const sizeHeader = page.getByRole('columnheader', { name: en('table:columns.image_size') });
  await sizeHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort_key=image_size&sort_dir=desc/);
  await expect(page).not.toHaveURL(/offset=/);
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
  let sizes = (await bffAnswer(page)).data_list.map((row) => row.image_size as number);
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  await sizeHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort_dir=asc/);
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
  sizes = (await bffAnswer(page)).data_list.map((row) => row.image_size as number);
  expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  // The first row on screen is the BFF's first row.
  const first = (await bffAnswer(page)).data_list[0];
  await expect(tableRows(page).first()).toHaveAttribute('data-row-id', String(first?.id));
});

test('pages, page jump and first/last on the CI/CD list', async ({ page }) => {
  await page.goto('/cicd-images');
  const cicdTotal = await bffListTotal(page.request, '/api/hss/cicd-images');
  const rows = tableRows(page, en('lists:cicd.title'));
  await expect(rows).toHaveCount(20);
  await page.getByLabel(en('table:pagination.page'), { exact: true }).fill('5');
  await page.getByLabel(en('table:pagination.page'), { exact: true }).press('Enter');
  await expect(page).toHaveURL(/offset=80\b/);
  await expect(page.getByText(pageRange(81, 100, cicdTotal))).toBeVisible();
  await page.getByRole('button', { name: en('table:pagination.last') }).click();
  await expect(page).toHaveURL(new RegExp(`offset=${Math.floor((cicdTotal - 1) / 20) * 20}\\b`));
  await page.getByRole('button', { name: en('table:pagination.first') }).click();
  await expect(page).not.toHaveURL(/offset=/);
  // The CI/CD API's minimum page size is 10: nothing smaller is offered.
  const sizes = await page
    .getByLabel(en('table:pagination.rowsPerPage'))
    .locator('option')
    .allInnerTexts();
  expect(sizes.map(Number).every((size) => size >= 10 && size <= 200)).toBe(true);
  await menu(page, en('lists:filters.scan_status')).click();
  // Exact: "Scanned" is also inside "Not scanned" (with each option's count after it).
  await page
    .getByRole('checkbox', { name: new RegExp(`^${en('enums:scanStatus.success')}\\b`) })
    .click();
  await expect(page).toHaveURL(/scan_status=success/);
  await expectTotalMatchesBff(page, '/api/hss/cicd-images');
});

test('a copied link reproduces the view: reload, back and a fresh browser', async ({
  page,
  browser,
  server,
}) => {
  const view =
    '/registry-images?severity_level=High%2CMedium&has_vul=true&sort_key=vul_num&sort_dir=desc&offset=40&limit=20';
  await page.goto(view);
  await expect(tableRows(page)).toHaveCount(20);
  const firstRow = await tableRows(page).first().getAttribute('data-row-id');
  const total = await expectTotalMatchesBff(page);
  await page.reload();
  await expect(tableRows(page).first()).toHaveAttribute('data-row-id', firstRow ?? '');

  await page.getByRole('button', { name: en('table:pagination.next') }).click();
  await expect(page).toHaveURL(/offset=60/);
  await page.goBack();
  await expect(page).toHaveURL(/offset=40/);
  await expect(tableRows(page).first()).toHaveAttribute('data-row-id', firstRow ?? '');
  await page.goForward();
  await expect(page).toHaveURL(/offset=60/);

  const context = await browser.newContext();
  try {
    const fresh = await context.newPage();
    await signIn(fresh, server.startUrl);
    await fresh.goto(view);
    await expect(tableRows(fresh).first()).toHaveAttribute('data-row-id', firstRow ?? '');
    await expect(fresh.getByText(pageRange(41, 60, total))).toBeVisible();
    await expect(menu(fresh, en('lists:filters.severity_level'))).toContainText('2');
  } finally {
    await context.close();
  }
});

test('column choice and order are remembered', async ({ page }) => {
  await page.goto('/registry-images');
  await expect(tableRows(page)).toHaveCount(20);
  await menu(page, en('table:columnMenu.button')).click();
  await page.getByRole('checkbox', { name: DIGEST, exact: true }).check();
  await page.getByRole('checkbox', { name: en('table:columns.image_size'), exact: true }).uncheck();
  for (let i = 0; i < 3; i += 1)
    await page
      .getByRole('button', { name: en('table:columnMenu.moveUp', { column: DIGEST }) })
      .click();
  await page.keyboard.press('Escape');
  const headers = () => page.getByRole('columnheader').allInnerTexts();
  await expect(page.getByRole('columnheader', { name: DIGEST })).toBeVisible();
  await expect(
    page.getByRole('columnheader', { name: en('table:columns.image_size') }),
  ).toHaveCount(0);
  const order = await headers();
  await page.reload();
  await expect(tableRows(page)).toHaveCount(20);
  expect(await headers()).toEqual(order);
  // A digest is shortened, with a copy button.
  await expect(
    tableRows(page)
      .first()
      .getByRole('button', { name: /Copy digest/ }),
  ).toBeVisible();
  await menu(page, en('table:columnMenu.button')).click();
  await page.getByRole('button', { name: en('table:columnMenu.restore') }).click();
  await expect(page.getByRole('columnheader', { name: DIGEST })).toHaveCount(0);
});

test('badges: scan failures with code and advice, not rated, counts by weight', async ({
  page,
}) => {
  await page.goto('/registry-images?scan_status=failed&limit=50');
  const failed = tableRows(page).first();
  await expect(failed.getByText(en('enums:scanStatus.failed'))).toBeVisible();
  const answer = await bffAnswer(page);
  const code = String(answer.data_list[0]?.scan_failed_code ?? '');
  expect(code).not.toBe('');
  await expect(failed.locator('code', { hasText: code })).toBeVisible();
  await expect(failed.getByTitle(/\./).first()).toBeVisible();
  await expect(failed.getByText(en('enums:severity.unrated'))).toBeVisible();

  await page.goto('/registry-images?has_malicious_file=true&limit=10');
  const malware = tableRows(page).first().locator('.badge', { hasText: /^▲/ });
  await expect(malware.first()).toBeVisible();
  await page.goto('/registry-images?image_type=shared_image&limit=10');
  await menu(page, en('table:columnMenu.button')).click();
  await page.getByRole('checkbox', { name: en('lists:columns.shared') }).check();
  await page.keyboard.press('Escape');
  await expect(
    tableRows(page)
      .first()
      .getByText(/Effective|Expired/),
  ).toBeVisible();
  await menu(page, en('table:columnMenu.button')).click();
  await page.getByRole('button', { name: en('table:columnMenu.restore') }).click();
});

test('Enter opens the image in the URL; 200 rows are virtualised', async ({ page }) => {
  await page.goto('/registry-images?limit=10');
  const second = tableRows(page).nth(1);
  const id = await second.getAttribute('data-row-id');
  await tableRows(page).first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]image=${id}\\b`));
  await expect(page.getByRole('dialog')).toBeVisible();

  await page.goto('/registry-images?limit=200');
  const table = page.getByRole('table', { name: en('lists:registry.title') });
  const whole = await bffListTotal(page.request, '/api/hss/registry-images');
  // Every image plus the header row.
  await expect(table).toHaveAttribute('aria-rowcount', String(whole + 1));
  const rendered = await tableRows(page).count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(200);
  await tableRows(page).first().focus();
  await page.keyboard.press('End');
  await expect(page.locator('tr[aria-rowindex="201"]')).toBeFocused();
});

for (const path of ['/registry-images', '/cicd-images']) {
  test(`no serious accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(`${path}?severity_level=High`);
    await expect(page.locator('tbody tr[data-row]').first()).toBeVisible();
    await openMoreFilters(page);
    const results = await axeOn(page).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  });
}

// Each width is loaded once and shot in light, then in dark: the colours follow
// prefers-color-scheme in CSS alone (styles.css), so switching the scheme needs no reload.
for (const [name, path, table] of [
  [
    'registry',
    '/registry-images?severity_level=High%2CMedium&has_vul=true',
    en('lists:registry.title'),
  ],
  ['cicd', '/cicd-images', en('lists:cicd.title')],
] as const) {
  test(`screenshots of the ${name} explorer, light and dark`, async ({ page }) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [width, height] of SCREENSHOT_SIZES) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width, height });
      await page.goto(path);
      await expect(tableRows(page, table)).toHaveCount(20);
      for (const colorScheme of COLOR_SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `${colorScheme} at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(SCREENSHOTS, `explorer-${name}-${colorScheme}-${width}.png`),
        });
      }
    }
  });
}
