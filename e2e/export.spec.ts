// User story: a security engineer filters the repository images (here through a shared link),
// clicks Export and gets a CSV holding exactly the images the view shows, with its visible
// columns, which a CSV parser reads back row for row.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesPageSchema,
  type RegistryImage,
} from '../src/shared/contracts';
import { decodeCsv } from '../src/shared/csv';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const FILTERS = 'severity_level=High&has_vul=true';

async function signIn(page: Page, startUrl: string) {
  await page.goto(startUrl);
  await expect(page).not.toHaveURL(/token=/);
}

/** The filtered repository images, rows shown, with downloads captured by Playwright. */
async function openFilteredView(page: Page, startUrl: string) {
  // Take the in-memory download path, which Playwright captures as a download (the save
  // picker of Chromium would open a native dialog).
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'showSaveFilePicker');
  });
  await signIn(page, startUrl);
  await page.goto(`/registry-images?${FILTERS}`);
  const table = page.getByRole('table', { name: 'Repository images' });
  await expect(table.locator('[data-row-id]').first()).toBeVisible();
  return table;
}

async function allListRows(page: Page, query: string): Promise<RegistryImage[]> {
  const rows: RegistryImage[] = [];
  for (let offset = 0; ; offset += 200) {
    const response = await page.request.get(
      `/api/hss/registry-images?${query}&limit=200&offset=${offset}`,
    );
    const body = RegistryImagesPageSchema.parse(await response.json());
    rows.push(...body.data_list);
    if (body.data_list.length < 200) return rows;
  }
}

test('exports the filtered repository images with the visible columns', async ({
  page,
  server,
}) => {
  const table = await openFilteredView(page, server.startUrl);

  const exportRequest = page.waitForRequest(/\/api\/hss\/registry-images\/export\.csv/);
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const request = await exportRequest;
  const download = await downloadEvent;
  await expect(
    page.getByRole('status').filter({ hasText: /^Exported [\d,]+ rows$/ }),
  ).toBeVisible();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'export-done.png') });

  // The list, the main filters and the day (issue 18).
  expect(download.suggestedFilename()).toMatch(
    /^imagewatch-registry-images-[A-Za-z0-9._-]+-severity_level-High-has_vul-\d{4}-\d\d-\d\d\.csv$/,
  );
  const file = readFileSync(await download.path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = decodeCsv(file.toString('utf8'));

  // The request carried the view's filters and its visible columns, in display order.
  const sent = new URL(request.url()).searchParams;
  expect(sent.get('severity_level')).toBe('High');
  expect(sent.get('has_vul')).toBe('true');
  expect(sent.has('offset') || sent.has('limit')).toBe(false);
  const keys = (sent.get('columns') ?? '').split(',');
  const byKey = new Map(REGISTRY_EXPORT_COLUMNS.map((column) => [column.key as string, column]));
  expect(header).toEqual(keys.map((key) => byKey.get(key)?.header));
  // The Image column, always shown, writes namespace, name and tag.
  expect(keys.slice(0, 3)).toEqual(['namespace', 'image_name', 'image_version']);
  // The identifiers follow the shown columns, so that rows can be told apart (issue 18).
  expect(keys.slice(-3)).toEqual(['image_digest', 'image_id', 'id']);
  expect(sent.get('values')).toBe('labels');

  // Exactly the rows of the view: every one, in the view's order.
  const expected = await allListRows(page, FILTERS);
  expect(expected.length).toBeGreaterThan(0);
  expect(rows).toHaveLength(expected.length);
  const at = (key: string) => keys.indexOf(key);
  rows.forEach((row, index) => {
    const image = expected[index];
    expect(row).toHaveLength(keys.length);
    expect([row[at('namespace')], row[at('image_name')], row[at('image_version')]]).toEqual([
      image?.namespace,
      image?.image_name,
      image?.image_version,
    ]);
    // Labels as on screen, by default.
    if (at('severity_level') >= 0) expect(row[at('severity_level')]).toBe('High risk');
    if (at('id') >= 0) expect(row[at('id')]).toBe(image?.id);
  });
  // The first rows are the ones on screen.
  const shownIds = await table
    .locator('[data-row-id]')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-row-id')));
  expect(shownIds).toEqual(expected.slice(0, shownIds.length).map((image) => image.id));
});

test('an export asked for again arrives gzip-compressed and is saved whole', async ({
  page,
  server,
}) => {
  await openFilteredView(page, server.startUrl);
  const exportOnce = async () => {
    const response = page.waitForResponse(/\/api\/hss\/registry-images\/export\.csv/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    return { response: await response, download: await download };
  };
  // The first download streams as it is generated; the BFF compresses a file once it is asked
  // for again. A sync between two clicks (the demo's estate drifts) starts a new file, so try
  // a few times.
  let compressed: Awaited<ReturnType<typeof exportOnce>> | undefined;
  for (let attempt = 0; attempt < 4 && compressed === undefined; attempt += 1) {
    const done = await exportOnce();
    if (done.response.headers()['content-encoding'] === 'gzip') compressed = done;
  }
  if (compressed === undefined) throw new Error('no export arrived gzip-compressed');
  expect(compressed.response.headers().vary).toBe('Accept-Encoding');
  // The browser decompressed it: the saved file is the CSV, every row the BFF counted.
  const file = readFileSync(await compressed.download.path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = decodeCsv(file.toString('utf8')).slice(1);
  const total = Number(compressed.response.headers()['x-total-count']);
  expect(total).toBeGreaterThan(0);
  expect(rows).toHaveLength(total);
  await expect(
    page.getByRole('status').filter({ hasText: `Exported ${total.toLocaleString('en-US')} rows` }),
  ).toBeVisible();
});
