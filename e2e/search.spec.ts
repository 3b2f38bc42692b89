// Issue 23, one search: `/` focuses the header's search box from any page, a pasted digest opens
// the search page with one artifact, its locations (each opening its page's detail drawer) and
// the HSS scan that travels with the digest; the results export as CSV, one row per location;
// an ambiguous digest prefix says how many digests share it. Screenshots in both languages in
// e2e/.artifacts/screenshots/search-<language>.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { SearchResponse } from '../src/shared/contracts';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { LANGUAGES, openIn } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

/** The header's search box (common:search.label), not a list's own search field. */
const headerSearch = (page: Page) => page.getByRole('searchbox', { name: /^Search every cloud/ });

/** A digest of a CI/CD image pushed to a registry too, scanned somewhere: two locations, a scan. */
async function sharedScannedDigest(request: APIRequestContext) {
  const listed = await request.get('/api/hss/cicd-images?limit=100');
  expect(listed.ok()).toBe(true);
  const rows = ((await listed.json()) as { data_list: { image_digest: string }[] }).data_list;
  for (const { image_digest: digest } of rows) {
    if (digest === '') continue;
    const answer = (await (
      await request.get(`/api/search?q=${encodeURIComponent(digest)}`)
    ).json()) as SearchResponse;
    const artifact = answer.artifacts[0];
    const sources = new Set(artifact?.locations.map((location) => location.source));
    if (artifact?.scan && sources.has('hss_registry') && sources.has('hss_cicd')) return artifact;
  }
  throw new Error('no CI/CD image shares a scanned digest with a repository image');
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('paste a digest in the header search, see its locations and risk, follow one, export', async ({
  page,
}) => {
  const artifact = await sharedScannedDigest(page.request);
  await openIn(page, '/changes', 'en');
  const box = headerSearch(page);
  // The page's heading: a click in the middle of main may land in one of its fields, where `/`
  // is text.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await box.fill(artifact.digest);
  await box.press('Enter');

  await expect(page).toHaveURL(/\/search\?q=sha256%3A/);
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  const results = page.locator('main .search-artifact');
  await expect(results).toHaveCount(1);
  const card = results.first();
  await expect(card.getByRole('heading', { level: 2 })).toContainText(artifact.digest);
  await expect(card.getByRole('link')).toHaveCount(artifact.locations.length);
  await expect(card.getByText(/^scanned in /)).toBeVisible();
  await expect(page.locator('main').getByRole('status')).toHaveText(/One artifact matches/);
  await page.screenshot({ path: join(SCREENSHOTS, 'search-en.png'), fullPage: true });

  // Export: the CSV of the page's search, one row per location plus the header.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines).toHaveLength(artifact.locations.length + 1);
  for (const line of lines.slice(1)) expect(line).toContain(artifact.digest);

  // A repository image location opens the explorer with its detail drawer.
  await card
    .getByRole('link', { name: /^Repository image/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/registry-images\?.*image=/);
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText(artifact.digest);
  await page.goBack();
  await card
    .getByRole('link', { name: /^CI\/CD image/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/cicd-images\?.*image=/);
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('`/` typed in a field is text, not the shortcut', async ({ page }) => {
  await openIn(page, '/registry-images', 'en');
  const filter = page.locator('main input[type="search"], main input[type="text"]').first();
  await filter.click();
  await page.keyboard.type('a/b');
  await expect(filter).toHaveValue('a/b');
  await expect(headerSearch(page)).not.toBeFocused();
});

test.describe('refused keys', () => {
  // The 400s are the answers under test; the browser logs each failed request.
  test.use({ expectedConsoleErrors: [/status of 400/] });

  test('a refused key says why, an ambiguous prefix how many digests share it; both clear', async ({
    page,
  }) => {
    const artifact = await sharedScannedDigest(page.request);
    // Too few hex digits after sha256: the BFF's own 400.
    await openIn(page, '/search?q=sha256:00', 'en');
    await expect(page.getByRole('alert')).toContainText('This cannot be searched for');
    await expect(page.getByRole('alert')).toContainText('at least 12 hex digits');

    // A prefix of 12 hex: unique in the estate's random digests, so the ambiguity (the BFF's 400
    // with its candidates' count, server/routes/search.ts) is answered here in its shape.
    const prefix = artifact.digest.slice('sha256:'.length, 'sha256:'.length + 12);
    await page.route(/\/api\/search\?q=/, (route) =>
      route.fulfill({
        status: 400,
        json: {
          error: {
            code: 'invalid_parameter',
            field: 'q',
            message: `q is a digest prefix of 3 digests: give more hex digits`,
            reason: 'ambiguous_digest_prefix',
            candidates: 3,
          },
        },
      }),
    );
    await headerSearch(page).fill(prefix);
    await headerSearch(page).press('Enter');
    await expect(page.getByRole('alert')).toContainText('matches 3 different digests');

    // The real answer for the prefix: the error is gone, the one artifact shown.
    await page.unroute(/\/api\/search\?q=/);
    await page.reload();
    await expect(page.locator('main .search-artifact')).toHaveCount(1);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

for (const language of LANGUAGES.filter((candidate) => candidate !== 'en')) {
  test(`the search page reads in ${language}`, async ({ page }) => {
    const artifact = await sharedScannedDigest(page.request);
    await openIn(page, `/search?q=${encodeURIComponent(artifact.digest)}`, language);
    await expect(page.locator('main .search-artifact')).toHaveCount(1);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `search-${language}.png`), fullPage: true });
  });
}

// One letter is in nearly every record: the search stops counting and says more match.
test('text in nearly every record shows the first 50 and says more match', async ({ page }) => {
  const answer = (await (await page.request.get('/api/search?q=e')).json()) as SearchResponse;
  expect(answer.total_exact).toBe(false);
  await openIn(page, '/search?q=e', 'en');
  await expect(page.locator('main .search-artifact')).toHaveCount(answer.artifacts.length);
  await expect(page.getByRole('status').filter({ hasText: 'Showing the first' })).toHaveText(
    `Showing the first ${answer.artifacts.length} artifacts matching “e”; more match: type more to narrow the search.`,
  );
});

for (const language of LANGUAGES) {
  test(`the overview's cross-cloud card (${language})`, async ({ page }) => {
    const answer = await page.request.get('/api/search/cross-cloud');
    expect(answer.ok()).toBe(true);
    const { multi_cloud_artifacts: multiCloud } = (await answer.json()) as {
      multi_cloud_artifacts: number;
    };
    await openIn(page, '/', language);
    const card = page.getByTestId('cross-cloud-card');
    await expect(card.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(card).toContainText(
      multiCloud === 0 ? /No artifact|没有制品/ : String(multiCloud),
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await card.screenshot({ path: join(SCREENSHOTS, `search-cross-cloud-card-${language}.png`) });
  });
}
