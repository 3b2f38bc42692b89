// User story: an engineer done with the dashboard on a shared machine signs out from the
// header's Session menu; the inventory leaves the screen, the page says how to sign in again,
// and the old cookie opens nothing any more (the session is gone on the server, not just here).
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { axeOn, expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const SIGN_IN_HEADING = /Sign in with the server.s link/;

function sessionMenu(page: Page) {
  return page.locator('summary').filter({ hasText: 'Session' });
}

test.describe('signing out', () => {
  // After signing out, the app's refetches answer 401 on purpose. Signs in itself, with the
  // start-up URL (not the run's shared session, which the other tests keep using).
  test.use({
    expectedConsoleErrors: [/status of 401/],
    storageState: { cookies: [], origins: [] },
  });

  test('from the header menu ends the session on the server', async ({ page, server }) => {
    await page.goto(server.startUrl);
    await expect(page).not.toHaveURL(/token=/);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    const session = (await page.context().cookies()).find((cookie) =>
      cookie.name.endsWith('imagewatch_session'),
    );
    expect(session).toBeDefined();
    const sessionCookie = `${session?.name}=${session?.value}`;

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await sessionMenu(page).click();
      const panel = page.getByRole('group', { name: 'Session' });
      await expect(panel.getByRole('button', { name: /^Sign out\b/ }).first()).toBeVisible();
      await page.screenshot({ path: join(SCREENSHOTS, `session-menu-${colorScheme}.png`) });
      const results = await axeOn(page).include('.session-menu').analyze();
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(serious.map((v) => `${colorScheme} ${v.id}`)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(panel).toBeHidden();
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await sessionMenu(page).click();
    await page.getByRole('button', { name: 'Sign out Ends the session of this browser' }).click();
    await expect(page.getByRole('heading', { name: SIGN_IN_HEADING })).toBeVisible();
    await expect(sessionMenu(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toHaveCount(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'session-signed-out.png') });

    // The browser dropped the cookie, and the server ended the session it named.
    const after = (await page.context().cookies()).filter((cookie) =>
      cookie.name.endsWith('imagewatch_session'),
    );
    expect(after).toEqual([]);
    const replayed = await page.request.get('/api/accounts', {
      headers: { cookie: sessionCookie },
    });
    expect(replayed.status()).toBe(401);
    await page.reload();
    await expect(page.getByRole('heading', { name: SIGN_IN_HEADING })).toBeVisible();
  });
});
