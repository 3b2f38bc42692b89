// User story: a security engineer wants every ACR tag of one namespace, largest first, pages
// through them, shares the link and exports the filtered set, all from the inventory's mirror.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { decodeCsv } from '../src/shared/csv';
import { FacetsResponseSchema } from '../src/shared/contracts';
import { acrMirrored } from './acr-mirror';
import { expect, signIn, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const TABLE = 'Tags of every repository';

interface TagRow {
  namespace: string;
  image_name: string;
  image_version: string;
}

function bodyRows(page: Page) {
  return page.getByRole('table', { name: TABLE }).getByRole('rowgroup').nth(1).getByRole('row');
}

/** The namespace with the most mirrored tags, by the BFF's own facets. */
async function largestNamespace(request: APIRequestContext) {
  const response = await request.get('/api/acr/tags/facets?account=demo-alibaba');
  expect(response.ok()).toBe(true);
  const { facets } = FacetsResponseSchema.parse(await response.json());
  const [top] = [...(facets.namespace ?? [])].sort((a, b) => b.count - a.count);
  if (!top || top.count <= 20) throw new Error('no namespace with more than 20 tags');
  return top;
}

/** The app opened at its start address, once ACR's demo instance is mirrored. */
async function openOnceMirrored(page: Page, startUrl: string) {
  await signIn(page, startUrl);
  await acrMirrored(page.request);
}

async function expectRowsInOrder(page: Page, rows: TagRow[]) {
  await expect(bodyRows(page)).toHaveCount(rows.length);
  for (const [index, row] of rows.entries())
    await expect(bodyRows(page).nth(index)).toContainText(`${row.image_name}${row.image_version}`);
}

test('filters the mirrored tags by namespace, sorts by size, pages and exports the set', async ({
  page,
  server,
}) => {
  await openOnceMirrored(page, server.startUrl);
  const namespace = await largestNamespace(page.request);
  const total = namespace.count.toLocaleString('en-US');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ACR' }).click();
  await page.getByRole('button', { name: 'All tags' }).click();
  await expect(page).toHaveURL(/[?&]view=tags\b/);
  await expect(page.locator('main p', { hasText: 'ACR data:' })).toHaveText(
    /^ACR data: synced (just now|.+ ago)$/,
  );

  // The namespace filter offers each namespace with its count.
  const namespaceFilter = page.getByRole('combobox', { name: 'Namespace', exact: true });
  await namespaceFilter.selectOption(namespace.value);
  await expect(page).toHaveURL(new RegExp(`[?&]namespaces=${namespace.value}\\b`));
  await expect(page.getByText(`1–20 of ${total} tags`)).toBeVisible();

  await page.getByRole('button', { name: /^Size/ }).click();
  await expect(page).toHaveURL(/[?&]sort_key=image_size&sort_dir=desc\b/);
  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/[?&]offset=20\b/);
  await expect(
    page.getByText(`21–${Math.min(40, namespace.count)} of ${total} tags`),
  ).toBeVisible();

  // The page shows what the route answers for the same query: the second page, largest first.
  const expected = await page.request.get(
    `/api/acr/tags?account=demo-alibaba&namespaces=${namespace.value}` +
      '&sort_key=image_size&sort_dir=desc&offset=20&limit=20',
  );
  const { data_list: secondPage } = (await expected.json()) as { data_list: TagRow[] };
  expect(secondPage.every((row) => row.namespace === namespace.value)).toBe(true);
  await expectRowsInOrder(page, secondPage);

  // A copied link reproduces the view.
  await page.goto(page.url());
  await expect(
    page.getByText(`21–${Math.min(40, namespace.count)} of ${total} tags`),
  ).toBeVisible();
  await expect(namespaceFilter).toHaveValue(namespace.value);
  await expectRowsInOrder(page, secondPage);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'acr-all-tags-en.png'), fullPage: true });

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^imagewatch-acr-tags-.*\.csv$/);
  const records = decodeCsv(readFileSync(await download.path(), 'utf8'));
  expect(records.length - 1).toBe(namespace.count);
  const namespaceColumn = (records[0] ?? []).indexOf('Namespace');
  expect(namespaceColumn).toBeGreaterThanOrEqual(0);
  expect(records.slice(1).every((record) => record[namespaceColumn] === namespace.value)).toBe(
    true,
  );
});

/** The BFF's facet counts of one field of the mirrored tags under `query`. */
async function facetCounts(request: APIRequestContext, field: string, query = '') {
  const response = await request.get(`/api/acr/tags/facets?account=demo-alibaba${query}`);
  expect(response.ok()).toBe(true);
  const { facets } = FacetsResponseSchema.parse(await response.json());
  return new Map((facets[field] ?? []).map((bucket) => [bucket.value, bucket.count]));
}

test('filters the mirrored tags by repository type and tag status, kept in the URL', async ({
  page,
  server,
}) => {
  await openOnceMirrored(page, server.startUrl);
  const publicTags = (await facetCounts(page.request, 'repo_type')).get('PUBLIC') ?? 0;
  if (publicTags === 0) throw new Error('the estate has no tag of a public repository');
  const normalPublicTags =
    (await facetCounts(page.request, 'tag_status', '&repo_type=PUBLIC')).get('NORMAL') ?? 0;
  const count = (total: number) => total.toLocaleString('en-US');

  await page.goto('/acr?account=demo-alibaba&view=tags');
  const typeFilter = page.getByRole('combobox', { name: 'Repository type' });
  const statusFilter = page.getByRole('combobox', { name: 'Tag status' });
  // Each choice carries its facet count, in words; each pick narrows the list and the URL.
  for (const [filter, param, value, word, total] of [
    [typeFilter, 'repo_type', 'PUBLIC', 'Public', publicTags],
    [statusFilter, 'tag_status', 'NORMAL', 'Normal', normalPublicTags],
  ] as const) {
    await expect(filter.getByRole('option', { name: `${word} (${count(total)})` })).toBeAttached();
    await filter.selectOption(value);
    await expect(page).toHaveURL(new RegExp(`[?&]${param}=${value}\\b`));
    await expect(page.getByText(new RegExp(` of ${count(total)} tags$`))).toBeVisible();
  }

  // A copied link reproduces the view; clearing the filters drops them from the URL.
  await page.goto(page.url());
  await expect(typeFilter).toHaveValue('PUBLIC');
  await expect(statusFilter).toHaveValue('NORMAL');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'acr-all-tags-by-type-en.png') });
  await page.getByRole('button', { name: 'Clear the filters' }).first().click();
  await expect(page).not.toHaveURL(/[?&](repo_type|tag_status)=/);
  await expect(typeFilter).toHaveValue('');
});

for (const language of ['en', 'zh-CN'] as const) {
  for (const width of [1280, 1024] as const) {
    test(`all tags in ${language} at ${width} px: the page fits its width (screenshot)`, async ({
      page,
      server,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(server.startUrl);
      await expect(page.getByRole('navigation').first()).toBeVisible();
      await acrMirrored(page.request);
      await page.goto(`/acr?account=demo-alibaba&view=tags&lang=${language}`);
      const table = page.locator('main table');
      await expect(table.getByRole('rowgroup').nth(1).getByRole('row')).toHaveCount(20);
      // The facet counts on the filters have arrived.
      await expect(
        page.locator('select option[value="PRIVATE"]', { hasText: /\(\d[\d,]*\)$/ }),
      ).toBeAttached();
      // The table fits the page: no sideways scrolling of the whole page.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `acr-all-tags-${language}-${width}.png`) });
    });
  }
}
