// User story: a security engineer opens the ACR page, finds a repository by name, opens it,
// pages through its tags, exports all of them as CSV, and can share the link to the same view.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { decodeCsv } from '../src/shared/csv';
import { acrMirrored } from './acr-mirror';
import { expect, signIn, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

interface RepositoryJson {
  RepoId: string;
  RepoName: string;
  RepoNamespaceName: string;
}

function bodyRows(page: Page, table: string) {
  return page.getByRole('table', { name: table }).getByRole('rowgroup').nth(1).getByRole('row');
}

/** A repository of the default Alibaba account with more than `moreThan` tags, by the BFF's own answer. */
async function repositoryWithManyTags(
  request: APIRequestContext,
  moreThan: number,
): Promise<RepositoryJson & { total: number }> {
  const list = await request.get('/api/acr/repos?PageSize=100');
  expect(list.ok()).toBe(true);
  const { Repositories } = (await list.json()) as { Repositories: RepositoryJson[] };
  for (const repository of Repositories) {
    const tags = await request.get(`/api/acr/repos/${repository.RepoId}/tags?PageSize=1`);
    expect(tags.ok()).toBe(true);
    const { TotalCount } = (await tags.json()) as { TotalCount: number };
    // A name no other repository contains, so the name filter finds exactly this one.
    const unique = Repositories.filter((other) => other.RepoName.includes(repository.RepoName));
    if (TotalCount > moreThan && unique.length === 1) return { ...repository, total: TotalCount };
  }
  throw new Error(`no repository with more than ${moreThan} tags`);
}

test('browses repositories, pages the tags of one and exports them all', async ({
  page,
  server,
}) => {
  await signIn(page, server.startUrl);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ACR' }).click();
  // The page picks the first Alibaba Cloud account and says so in the header's selector too.
  await expect(page).toHaveURL(/\/acr\?account=demo-alibaba$/);
  await expect(page.getByLabel('Account')).toHaveValue('demo-alibaba');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Alibaba Cloud Container Registry' }),
  ).toBeVisible();
  await expect(bodyRows(page, 'Repositories')).toHaveCount(20);

  // Two full pages of 20 (the second is sorted below).
  const target = await repositoryWithManyTags(page.request, 40);
  const totalText = target.total.toLocaleString('en-US');

  await page.getByLabel('Repository name').fill(target.RepoName);
  await expect(page).toHaveURL(new RegExp(`[?&]RepoName=${target.RepoName}\\b`));
  await expect(bodyRows(page, 'Repositories')).toHaveCount(1);
  await expect(page.getByText('1–1 of 1 repositories')).toBeVisible();

  await page.getByRole('link', { name: `${target.RepoNamespaceName}/${target.RepoName}` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]repo=${target.RepoId}\\b`));
  await expect(
    page.getByRole('heading', { level: 2, name: `${target.RepoNamespaceName}/${target.RepoName}` }),
  ).toBeVisible();
  await expect(bodyRows(page, 'Tags')).toHaveCount(20);
  await expect(page.getByText(`1–20 of ${totalText} tags`)).toBeVisible();

  await page.getByRole('button', { name: 'Next ›' }).click();
  await expect(page).toHaveURL(/[?&]tagPageNo=2\b/);
  await expect(page.getByText(`21–40 of ${totalText} tags`)).toBeVisible();

  // Sorting is of the loaded page only, and says so.
  await page.getByRole('button', { name: 'Size' }).click();
  await expect(page).toHaveURL(/[?&]tagSort=ImageSize&tagOrder=asc\b/);
  await expect(page.getByText('Sorting this page only, by size (ascending)')).toBeVisible();
  const sizes = await bodyRows(page, 'Tags')
    .locator('td:nth-child(5) [title]')
    .evaluateAll((cells) =>
      cells.map((cell) => Number((cell.getAttribute('title') ?? '').replace(/\D/g, ''))),
    );
  expect(sizes.length).toBe(20);
  expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

  // A copied link reproduces the view.
  const link = page.url();
  await page.goto(link);
  await expect(page.getByText(`21–40 of ${totalText} tags`)).toBeVisible();
  await expect(page.getByText('Sorting this page only, by size (ascending)')).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all tags (CSV)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(
    new RegExp(
      `^acr-tags-${target.RepoNamespaceName}-${target.RepoName}-demo-alibaba-\\d{4}-\\d{2}-\\d{2}\\.csv$`,
    ),
  );
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const records = decodeCsv(text);
  expect(records[0]).toEqual([
    'Namespace',
    'Repository',
    'Tag',
    'Digest',
    'Image ID',
    'Status',
    'Size (bytes)',
    'Created (UTC)',
    'Updated (UTC)',
    'Repository ID',
    'Instance ID',
  ]);
  expect(records.length - 1).toBe(target.total);
  expect(new Set(records.slice(1).map((record) => record[2])).size).toBe(target.total);
  await expect(page.getByText(`Exported ${totalText} tags to`)).toBeVisible();

  // Back returns to the list, with the filter still applied.
  await page.getByRole('link', { name: '← Repositories' }).click();
  await expect(bodyRows(page, 'Repositories')).toHaveCount(1);
  await expect(page.getByLabel('Repository name')).toHaveValue(target.RepoName);
});

test('the header says when the ACR data shown was synced, and reloads it', async ({
  page,
  server,
}) => {
  await signIn(page, server.startUrl);
  await acrMirrored(page.request);
  // On an HSS page the header gives the inventory's sync age.
  const header = page.getByRole('banner');
  await expect(header.getByRole('status')).toContainText(/Synced|Mirroring|Waiting/);

  const answered = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/acr/repos' && response.ok(),
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ACR' }).click();
  await expect(bodyRows(page, 'Repositories')).toHaveCount(20);
  const fetchedAt = Number(await (await answered).headerValue('x-data-fetched-at'));
  expect(fetchedAt).toBeGreaterThan(0);

  // On the ACR page: the ACR data's age (the mirror's last cycle), not the HSS sync.
  const freshness = header.getByRole('status');
  await expect(freshness).toContainText(/^ACR data synced (just now|\d+ s ago|\d+ min ago)/);
  await expect(freshness).not.toContainText('Synced');
  await expect(freshness).toHaveAttribute('data-fetched-at', String(fetchedAt));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await header.screenshot({ path: join(SCREENSHOTS, 'acr-header-freshness.png') });

  // Reload past the server's cache (the demo budget has calls to spare): a later fetch time.
  const reloaded = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === '/api/acr/repos' && url.searchParams.get('reload') === 'true';
  });
  await header.getByRole('button', { name: 'Reload from ACR' }).click();
  expect((await reloaded).ok()).toBe(true);
  await expect
    .poll(async () => Number(await freshness.getAttribute('data-fetched-at')))
    .toBeGreaterThan(fetchedAt);
  await expect(freshness).not.toContainText('Reload refused');
  await expect(bodyRows(page, 'Repositories')).toHaveCount(20);
});

test.describe('an unknown repository', () => {
  test.use({ expectedConsoleErrors: [/status of 404/] });

  // Once the instance is mirrored the inventory answers 404 (no cloud call); before, ACR's code.
  test('shows the error and a retry', async ({ page }) => {
    await page.goto('/acr?account=demo-alibaba&repo=crr-doesnotexist0');
    const alert = page.getByRole('alert').filter({ hasText: 'The tags could not be loaded' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(/No such repository|REPO_NOT_EXIST/);
    await expect(alert).toContainText('Request id');
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  });
});

// Loaded once and shot in light, then in dark: the colours follow prefers-color-scheme in CSS
// alone (styles.css), so switching the scheme needs no reload.
test('screenshots of the ACR page, light and dark', async ({ page }) => {
  await page.goto('/acr');
  await expect(bodyRows(page, 'Repositories')).toHaveCount(20);
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(SCREENSHOTS, `acr-repositories-${colorScheme}.png`) });
  }

  await page.emulateMedia({ colorScheme: 'light' });
  const target = await repositoryWithManyTags(page.request, 20);
  await page.goto(
    `/acr?account=demo-alibaba&repo=${target.RepoId}&tagSort=ImageCreate&tagOrder=desc`,
  );
  await expect(bodyRows(page, 'Tags')).toHaveCount(20);
  await expect(page.getByRole('heading', { level: 2 })).toContainText(target.RepoName);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: join(SCREENSHOTS, `acr-tags-${colorScheme}.png`) });
  }
});
