// User story (issue 18): a security engineer sorts the repository images by severity and sees the
// worst first, pastes an image reference into the search and finds that image, and picks exact
// namespaces (several at once) with the count of images each would add.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REGISTRY_EXPORT_COLUMNS } from '../src/shared/contracts';
import { decodeCsv } from '../src/shared/csv';
import { expect, tableRows, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

interface Image {
  id: string;
  namespace: string;
  image_name: string;
  image_version: string;
  image_digest: string;
  severity_level: string;
}

interface ListAnswer {
  total_num: number;
  data_list: Image[];
}

async function list(page: Page, query: string): Promise<ListAnswer> {
  const response = await page.request.get(`/api/hss/registry-images?${query}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as ListAnswer;
}

test('sorting by severity, descending, shows High first, then Medium, Low, Secure, not rated', async ({
  page,
}) => {
  await page.goto('/registry-images');
  await expect(tableRows(page)).toHaveCount(20);
  const header = page.getByRole('columnheader', { name: 'Severity' });
  await header.getByRole('button').click();
  await expect(page).toHaveURL(/sort_key=severity_level&sort_dir=desc/);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(tableRows(page).first()).toContainText('High risk');

  // Each boundary between two levels comes in rank order: the first row past all High images
  // is Medium, past Medium is Low, and so on, in the list the table pages through.
  const rank = ['High', 'Medium', 'Low', 'Security', ''];
  let offset = 0;
  for (const level of rank.slice(0, -1)) {
    const facet = await list(page, `severity_level=${level}&limit=1`);
    offset += facet.total_num;
    const next = await list(page, `sort_key=severity_level&sort_dir=desc&offset=${offset}&limit=1`);
    const expected = rank.slice(rank.indexOf(level) + 1);
    if (next.data_list[0]) expect(expected).toContain(next.data_list[0].severity_level);
  }
  // The table shows the BFF's order (its first row is the BFF's first row).
  const first = (await list(page, 'sort_key=severity_level&sort_dir=desc&limit=20')).data_list[0];
  await expect(tableRows(page).first()).toHaveAttribute('data-row-id', String(first?.id));
});

test('the CSV export sorted by severity comes in the order of the list, worst first', async ({
  page,
}) => {
  const view = 'has_vul=true&sort_key=severity_level&sort_dir=desc';
  const response = await page.request.get(
    `/api/hss/registry-images/export.csv?${view}&columns=id,severity_level`,
  );
  expect(response.ok(), await response.text()).toBe(true);
  const [header, ...rows] = decodeCsv((await response.body()).toString('utf8'));
  const idHeader = REGISTRY_EXPORT_COLUMNS.find((column) => column.key === 'id')?.header;
  const idAt = header?.indexOf(idHeader ?? 'id') ?? -1;
  expect(idAt).toBeGreaterThanOrEqual(0);
  const listed: string[] = [];
  for (let offset = 0; offset < rows.length; offset += 200)
    listed.push(
      ...(await list(page, `${view}&offset=${offset}&limit=200`)).data_list.map((r) => r.id),
    );
  expect(rows.map((row) => row[idAt])).toEqual(listed);
  // Worst first: the first rows are High, the last ones the lowest level present.
  const first = (await list(page, `${view}&limit=1`)).data_list[0];
  expect(first?.severity_level).toBe('High');
});

test('the search finds an image by namespace/name:tag, name:tag and namespace/name', async ({
  page,
}) => {
  // An image of the demo estate (the issue's own example is warehouse/telemetry-ingest).
  const candidates = await list(page, 'image_name=telemetry-ingest&limit=50');
  const image =
    candidates.data_list.find((row) => row.image_name === 'telemetry-ingest') ??
    (await list(page, 'limit=1')).data_list[0];
  if (!image) throw new Error('the demo estate has no images');
  const reference = `${image.namespace}/${image.image_name}:${image.image_version}`;

  await page.goto('/registry-images');
  const search = page.getByLabel('Search images');
  for (const text of [
    reference,
    `${image.image_name}:${image.image_version}`,
    `${image.namespace}/${image.image_name}`,
    `swr.cn-north-4.myhuaweicloud.com/${reference}`,
  ]) {
    await search.fill(text);
    await search.press('Enter');
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}(&|$)`));
    // Exact matches first: the first row is this repository (and tag, when one was given).
    const answer = await list(page, `q=${encodeURIComponent(text)}&limit=20`);
    expect(answer.data_list.map((row) => row.id)).toContain(image.id);
    const first = answer.data_list[0];
    expect([first?.namespace, first?.image_name]).toEqual([image.namespace, image.image_name]);
    if (text.includes(':')) expect(first?.image_version).toBe(image.image_version);
    await expect(tableRows(page).first()).toHaveAttribute('data-row-id', String(first?.id));
    await expect(tableRows(page).filter({ hasText: image.image_version }).first()).toBeVisible();
  }
});

test('picks two exact namespaces and shows exactly their images, with facet counts', async ({
  page,
}) => {
  await page.goto('/registry-images');
  await expect(tableRows(page)).toHaveCount(20);
  const facets = (await (await page.request.get('/api/hss/registry-images/facets')).json()) as {
    facets: Record<string, Array<{ value: string; count: number }>>;
  };
  const counts = new Map((facets.facets.namespace ?? []).map((b) => [b.value, b.count]));
  // `edge` is also a substring of `iot-edge`: picking it must not bring those in.
  const picks = ['edge', 'payments'].filter((name) => counts.has(name));
  expect(picks).toHaveLength(2);

  const picker = page.locator('summary').filter({ hasText: 'Namespace' });
  await picker.click();
  const find = page.getByRole('searchbox', { name: 'Find a namespace' });
  for (const name of picks) {
    await find.fill(name);
    const option = page.getByRole('checkbox', { name: new RegExp(`^${name}\\b`) });
    // The count beside each namespace is the BFF's facet.
    await expect(page.locator('label', { has: option })).toContainText(
      (counts.get(name) ?? -1).toLocaleString('en-US'),
    );
    await option.click();
    await expect(option).toBeChecked();
  }
  await expect(page).toHaveURL(/[?&]namespaces=edge%2Cpayments(&|$)/);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'namespace-picker.png') });
  const expected = (counts.get('edge') ?? 0) + (counts.get('payments') ?? 0);
  await expect(page.getByText(`of ${expected.toLocaleString('en-US')} images`)).toBeVisible();
  const answer = await list(page, 'namespaces=edge,payments&limit=200');
  expect(answer.total_num).toBe(expected);
  for (const row of answer.data_list) expect(['edge', 'payments']).toContain(row.namespace);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Namespace: edge');
});
