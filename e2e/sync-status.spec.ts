// User story: on any page the header says how old the data is; a security engineer who wants it
// fresher clicks Refresh, which says what it spends of the call budget, and sees the sync time
// move on while the rows already on screen stay. (Sync errors in words are covered by the unit
// test of describe-sync.ts: the embedded simulator's faults cannot be switched from a browser.)
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

test('Refresh spends budget visibly and brings the sync time forward', async ({ page }) => {
  await page.goto('/registry-images');
  await expect(page.locator('[data-row-id]').first()).toBeVisible();
  const rowsBefore = await page.locator('[data-row-id]').count();

  const status = page.locator('.sync[data-synced-at]');
  await expect(status).toHaveText(/Synced/);
  const syncedAt = async () => Number(await status.getAttribute('data-synced-at'));
  const before = await syncedAt();
  expect(before).toBeGreaterThan(0);

  const refresh = page.getByRole('button', {
    name: /^Refresh \(uses \d+(–\d+)? of [\d,]+ calls\/(min|s|h)\)$/,
  });
  await expect(refresh).toBeEnabled();
  await page.screenshot({ path: join(SCREENSHOTS, 'sync-status-header.png') });

  await refresh.click();
  await expect.poll(syncedAt, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(status).toHaveText(/Synced just now/);
  await expect(refresh).toBeEnabled();
  // The page's data stayed on screen throughout.
  expect(await page.locator('[data-row-id]').count()).toBe(rowsBefore);
  await page.screenshot({ path: join(SCREENSHOTS, 'sync-status-refreshed.png') });
});

test('the data age is on every page header', async ({ page }) => {
  for (const path of ['/', '/registry-images', '/cicd-images']) {
    await page.goto(path);
    await expect(page.locator('.sync[data-synced-at]')).toHaveText(/Synced/);
    await expect(page.getByRole('button', { name: /^Refresh/ })).toBeVisible();
  }
  // The ACR pages give the ACR data's age instead: the mirror's last sync once the instance is
  // mirrored, before that when the answer on screen was fetched from ACR.
  const answered = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/acr/repos' && response.ok(),
  );
  await page.goto('/acr');
  const { mirrored } = (await (await answered).json()) as { mirrored?: boolean };
  await expect(page.locator('.sync[data-fetched-at]')).toHaveText(
    mirrored === true ? /ACR data synced/ : /ACR data fetched/,
  );
  await expect(page.locator('.sync[data-synced-at]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reload from ACR' })).toBeVisible();
});
