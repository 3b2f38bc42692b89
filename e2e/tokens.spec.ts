// User story: an engineer writing a script opens the header menu, sees who they are signed in as
// and their role, goes to API tokens, creates one (shown once, with a copy button), uses it as a
// bearer token, sees its last use, and revokes it: the script's token stops working.
import { join } from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { LANGUAGES, openIn } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

test('a personal API token is created, shown once, used and revoked', async ({ page }) => {
  await openIn(page, '/no-such-page', 'en');
  await page.locator('summary').filter({ hasText: 'Session' }).click();
  const user = page.getByTestId('session-user');
  await expect(user).toContainText('Dashboard token');
  await expect(user.locator('[data-role]')).toHaveAttribute('data-role', 'admin');
  await expect(user).toContainText('Administrator');
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personal API tokens' })).toBeVisible();

  const name = `e2e script ${test.info().workerIndex}-${test.info().retry}`;
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('created-token');
  await expect(shown).toHaveText(/^iwt_/);
  const token = (await shown.textContent()) ?? '';
  const row = page.locator('main tbody tr').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(token);

  // A script: no browser cookies, only the token.
  const script = await playwrightRequest.newContext({
    baseURL: new URL(page.url()).origin,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const asScript = await script.get('/api/session');
  expect(asScript.status()).toBe(200);
  expect(await asScript.json()).toMatchObject({ role: 'admin' });

  for (const language of LANGUAGES) {
    await openIn(page, '/tokens', language);
    await expect(page.locator('main tbody tr').filter({ hasText: name })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, `tokens-${language}.png`), fullPage: true });
  }
  await openIn(page, '/tokens', 'en');
  await page.getByRole('button', { name: `Revoke the token ${name}` }).click();
  await expect(page.locator('main tbody tr').filter({ hasText: name })).toHaveCount(0);
  const revoked = await script.get('/api/session');
  expect(revoked.status()).toBe(401);
  await script.dispose();
});
