// User story: a security engineer filters the repository images (here through a shared link),
// clicks Export and gets a CSV holding exactly the images the view shows, with its visible
// columns, which a CSV parser reads back row for row.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesPageSchema,
  type RegistryImage,
} from '../src/shared/contracts';
import { decodeCsv } from '../src/shared/csv';
import { en } from './catalogue';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const FILTERS = 'severity_level=High&has_vul=true';

/** The filtered repository images, rows shown, with downloads captured by Playwright. */
async function openFilteredView(page: Page) {
  // Take the in-memory download path, which Playwright captures as a download (the save
  // picker of Chromium would open a native dialog).
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'showSaveFilePicker');
  });
  await page.goto(`/registry-images?${FILTERS}`);
  const table = page.getByRole('table', { name: en('lists:registry.title') });
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

test('exports the filtered repository images with the visible columns', async ({ page }) => {
  const table = await openFilteredView(page);

  const exportRequest = page.waitForRequest(/\/api\/hss\/registry-images\/export\.csv/);
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: en('export:button') }).click();
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

test('an export asked for again arrives gzip-compressed and is saved whole', async ({ page }) => {
  await openFilteredView(page);
  const exportOnce = async () => {
    const response = page.waitForResponse(/\/api\/hss\/registry-images\/export\.csv/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: en('export:button') }).click();
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
    page.getByRole('status').filter({ hasText: en('export:done', { rows: total }) }),
  ).toBeVisible();
});

const SAVED_FILE = 'export-under-test.csv';

/**
 * The save-to-file path, with the real streaming code: `showSaveFilePicker` (a native dialog
 * Playwright cannot answer) is replaced by one that hands out a file in the origin-private file
 * system, a real FileSystemFileHandle whose writable stream commits on close and discards on
 * abort, as a picked file's does.
 */
async function openViewSavingToFile(page: Page) {
  await page.addInitScript((name) => {
    Object.assign(window, {
      showSaveFilePicker: async () => {
        const root = await navigator.storage.getDirectory();
        await root.removeEntry(name).catch(() => undefined);
        return root.getFileHandle(name, { create: true });
      },
    });
  }, SAVED_FILE);
  await page.goto(`/registry-images?${FILTERS}`);
  const table = page.getByRole('table', { name: en('lists:registry.title') });
  await expect(table.locator('[data-row-id]').first()).toBeVisible();
}

/** The saved file's bytes, or null when there is no such file. */
async function savedFile(page: Page): Promise<Buffer | null> {
  const bytes = await page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    try {
      const file = await (await root.getFileHandle(name)).getFile();
      return [...new Uint8Array(await file.arrayBuffer())];
    } catch {
      return null;
    }
  }, SAVED_FILE);
  return bytes === null ? null : Buffer.from(bytes);
}

/**
 * Cuts every export response after its first bytes, as a dropped connection does: the export
 * request is sent on to a proxy that forwards it to the BFF and destroys the socket once some of
 * the body has gone through, so Chromium's reader fails mid-stream (no clean end, no full body).
 */
async function cutExportsMidStream(page: Page, origin: string): Promise<() => Promise<void>> {
  const CUT_AFTER_BYTES = 16 * 1024;
  const proxy = createServer((request, response) => {
    const headers = { ...request.headers };
    delete headers['accept-encoding']; // plain bytes, so that the cut falls inside the CSV
    const upstream = httpRequest(`${origin}${request.url ?? '/'}`, {
      method: request.method,
      headers,
    });
    upstream.on('response', (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      response.flushHeaders();
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (sent >= CUT_AFTER_BYTES) return;
        sent += chunk.length;
        if (sent < CUT_AFTER_BYTES) {
          response.write(chunk);
          return;
        }
        // Once this chunk has reached the browser, the connection drops.
        answer.destroy();
        response.write(chunk, () => response.socket?.destroy());
      });
      answer.on('end', () => response.end());
    });
    upstream.on('error', () => response.socket?.destroy());
    upstream.end();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  await page.route(/\/api\/hss\/registry-images\/export\.csv/, (route) => {
    const url = new URL(route.request().url());
    url.port = String(port);
    return route.continue({ url: url.toString() });
  });
  return () => new Promise<void>((resolve) => proxy.close(() => resolve()));
}

test('saves to a picked file through the streaming path, byte for byte the API CSV', async ({
  page,
}) => {
  await openViewSavingToFile(page);
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  const exportRequest = page.waitForRequest(/\/api\/hss\/registry-images\/export\.csv/);
  await page.getByRole('button', { name: en('export:button') }).click();
  const request = await exportRequest;
  const done = page.getByRole('status').filter({ hasText: /^Exported [\d,]+ rows$/ });
  await expect(done).toBeVisible();
  await expect(done).toHaveAttribute('title', `Saved as ${SAVED_FILE}`);

  const saved = await savedFile(page);
  const fromApi = await page.request.get(request.url());
  expect(fromApi.ok()).toBe(true);
  const expected = await fromApi.body();
  expect(saved).not.toBeNull();
  expect(saved?.equals(expected)).toBe(true);
  const rows = decodeCsv(expected.toString('utf8')).slice(1);
  expect(rows).toHaveLength(Number(fromApi.headers()['x-total-count']));
  await expect(done).toContainText(rows.length.toLocaleString('en-US'));
  expect(downloads).toBe(0);
});

test.describe('a cut mid-stream', () => {
  // Chromium logs the broken response itself.
  test.use({
    expectedConsoleErrors: [/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONTENT_LENGTH_MISMATCH/],
  });

  /** Clicks Export with the connection cut mid-stream: the failure shows, no success. */
  async function exportCutMidStream(page: Page, origin: string) {
    const closeProxy = await cutExportsMidStream(page, origin);
    try {
      await page.getByRole('button', { name: en('export:button') }).click();
      await expect(page.getByRole('alert')).toContainText(/Export failed\. .*broke off after/);
      await expect(page.getByRole('status').filter({ hasText: /^Exported/ })).toHaveCount(0);
    } finally {
      await closeProxy();
    }
  }

  test('shows the failure and leaves no partial saved file', async ({ page, server }) => {
    await openViewSavingToFile(page);
    await exportCutMidStream(page, server.origin);
    // The picked file holds none of the bytes that arrived: what was written is thrown away.
    const saved = await savedFile(page);
    expect(saved === null || saved.length === 0, `${saved?.length} bytes left`).toBe(true);
  });

  test('shows the failure and offers no partial download', async ({ page, server }) => {
    await openFilteredView(page);
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await exportCutMidStream(page, server.origin);
    expect(downloads).toBe(0);
  });
});
