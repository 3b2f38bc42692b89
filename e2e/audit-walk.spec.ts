// Issue 24's walk, signing in through the OpenID provider's real login page on a second server
// (sso-server.ts): an auditor scoped to one namespace sees only that namespace's images and counts
// and exports them; an admin then finds that export in the audit log. A viewer and the auditor are
// not offered what their role cannot do (exports, the audit log, writes to views and rules).
import { request, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { en, message } from './catalogue';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { startSsoServer, type SsoServer } from './sso-server';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

// One of the simulated estate's namespaces among its first 400 images.
const NAMESPACE = 'marketplace';
const USERS = {
  alice: { name: 'Alice Auditor', groups: ['payments-auditors'] },
  ada: { name: 'Ada Admin', groups: ['imagewatch-admins'] },
  victor: { name: 'Victor Viewer', groups: ['imagewatch-viewers'] },
};

let server: SsoServer;

// One server for the file, and no session from the main server's sign-in.
test.describe.configure({ mode: 'serial' });
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startSsoServer({
    users: USERS,
    roles: [
      { group: 'payments-auditors', role: 'auditor', namespaces: [NAMESPACE] },
      { group: 'imagewatch-admins', role: 'admin' },
      { group: 'imagewatch-viewers', role: 'viewer' },
    ],
    registryImages: 400,
  });
});

test.afterAll(async () => {
  await server?.stop();
});

/** The BFF as the dashboard token: admin, no scope, no session. */
const asDashboardToken = () =>
  request.newContext({
    baseURL: server.origin,
    extraHTTPHeaders: { authorization: `Bearer ${server.dashboardToken}` },
  });

/** An unscoped answer of the BFF. */
async function unscoped<T>(path: string): Promise<T> {
  const api = await asDashboardToken();
  try {
    const response = await api.get(path);
    expect(response.ok(), path).toBe(true);
    return (await response.json()) as T;
  } finally {
    await api.dispose();
  }
}

/** A fresh browser signed in as `login` through the provider's own login form. */
async function signInAs(browser: Browser, login: keyof typeof USERS, path: string) {
  const context: BrowserContext = await browser.newContext({ baseURL: server.origin });
  // Exports take the in-memory download path, which Playwright captures as a download (the save
  // picker of Chromium would open a native dialog).
  await context.addInitScript(() => {
    Reflect.deleteProperty(window, 'showSaveFilePicker');
  });
  const page = await context.newPage();
  await page.goto(path);
  // The provider's development login page: its own form, on its own origin.
  await expect(page).not.toHaveURL(new RegExp(`^${server.origin}`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`^${server.origin}${path}`));
  await expect(page.locator('main h1').first()).toBeVisible();
  return { context, page };
}

const navigation = (page: Page) =>
  page.getByRole('navigation', { name: en('common:app.mainNavigation') });

test('a scoped auditor sees one namespace, exports it, and an admin finds the export', async ({
  browser,
}) => {
  const expected = await unscoped<{ total_num: number }>(
    `/api/hss/registry-images?namespace=${NAMESPACE}&limit=1`,
  );
  const everything = await unscoped<{ total_num: number }>('/api/hss/registry-images?limit=1');
  const auditor = await signInAs(browser, 'alice', '/registry-images');
  const { page } = auditor;
  expect(expected.total_num).toBeGreaterThan(0);
  expect(expected.total_num).toBeLessThan(everything.total_num);

  // The page's count is the namespace's, and its facets know no other namespace.
  await expect(
    page
      .getByRole('navigation', { name: en('table:pagination.label') })
      .locator('.pagination__summary'),
  ).toContainText(`of ${expected.total_num.toLocaleString('en-US')}`);
  const facets = (await (await page.request.get('/api/hss/registry-images/facets')).json()) as {
    facets: Record<string, Array<{ value: string }>>;
  };
  expect((facets.facets.namespace ?? []).map((bucket) => bucket.value)).toEqual([NAMESPACE]);
  // The audit log is for auditors and admins: the auditor has its link.
  await expect(navigation(page).getByRole('link', { name: en('common:auditLink') })).toBeVisible();

  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: en('export:button') }).click();
  const download = await downloadEvent;
  const csv = (await download.createReadStream()).toArray();
  const lines = Buffer.concat((await csv) as Buffer[])
    .toString('utf8')
    .trim()
    .split(/\r?\n/);
  expect(lines.length - 1).toBe(expected.total_num);
  await auditor.context.close();

  const admin = await signInAs(browser, 'ada', '/');
  await navigation(admin.page)
    .getByRole('link', { name: en('common:auditLink') })
    .click();
  await expect(admin.page).toHaveURL(/\/audit$/);
  await admin.page.getByLabel(en('audit:action')).selectOption('export');
  await expect(admin.page).toHaveURL(/action=export/);
  const row = admin.page.locator('main tbody tr', { hasText: 'alice' }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText('registry-images');
  await expect(row).toContainText(`${expected.total_num} rows`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await admin.page.screenshot({ path: join(SCREENSHOTS, 'en-audit-log.png'), fullPage: true });
  await admin.context.close();
});

test('a viewer is offered no export, no audit log and no writes to views or rules', async ({
  browser,
}) => {
  const { context, page } = await signInAs(browser, 'victor', '/changes');
  await expect(navigation(page).getByRole('link', { name: en('common:auditLink') })).toHaveCount(0);
  await expect(page.getByRole('link', { name: en('changes:export') })).toHaveCount(0);
  await page.goto('/base-images');
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main a[download]')).toHaveCount(0);
  await page.goto(`/search?q=${NAMESPACE}`);
  await expect(page.getByRole('status').first()).toBeVisible();
  await expect(page.getByRole('link', { name: en('search:export') })).toHaveCount(0);
  await page.goto('/rules');
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.getByRole('link', { name: en('rules:newRule') })).toHaveCount(0);

  // A view someone else saved: the viewer opens it, but cannot rename or delete it.
  const api = await asDashboardToken();
  const saved = await api.post('/api/views', {
    data: { name: 'Marketplace images', list: 'registry', query: `namespace=${NAMESPACE}` },
  });
  expect(saved.ok()).toBe(true);
  await api.dispose();
  await page.goto('/views');
  await expect(page.getByRole('link', { name: 'Marketplace images' })).toBeVisible();
  await expect(page.getByRole('button', { name: en('views:rename') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: en('views:delete') })).toHaveCount(0);
  await context.close();
});

test('a viewer opening a write page by its address is told first which role it needs', async ({
  browser,
}) => {
  // A rule someone with the role saved (the dashboard token's admin).
  const api = await asDashboardToken();
  const created = await api.post('/api/rules', {
    data: {
      name: 'Marketplace arrivals',
      list: 'registry',
      query: `namespace=${NAMESPACE}`,
      event_types: ['appeared'],
      channel: { type: 'webhook', url: 'http://127.0.0.1:9/hooks/marketplace' },
      mode: 'immediate',
    },
  });
  expect(created.status()).toBe(201);
  const rule = (await created.json()) as { id: string };
  await api.dispose();

  const { context, page } = await signInAs(browser, 'victor', '/rules/new');
  const needs = (action: string, language = 'en') =>
    page.getByRole('note').filter({
      hasText: message(language, 'access:roleNeeded.body', {
        action,
        needed: message(language, 'access:roles.operator'),
        role: message(language, 'access:roles.viewer'),
      }),
    });
  await expect(needs(en('rules:createNeedsRole'))).toBeVisible();
  await expect(page.getByRole('button', { name: en('rules:form.create') })).toHaveCount(0);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await page.screenshot({ path: join(SCREENSHOTS, 'en-rule-new-viewer.png'), fullPage: true });

  await page.goto(`/rules/${rule.id}`);
  await expect(page.locator('main h1')).toHaveText('Marketplace arrivals');
  await expect(needs(en('rules:changeNeedsRole'))).toBeVisible();
  await expect(page.getByRole('button', { name: en('rules:form.save') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: en('rules:delete') })).toHaveCount(0);

  await page.goto('/audit');
  await expect(
    page.getByRole('note').filter({
      hasText: en('access:roleNeeded.body', {
        action: en('access:roleNeeded.auditLog'),
        needed: en('access:roles.auditor'),
        role: en('access:roles.viewer'),
      }),
    }),
  ).toBeVisible();

  await page.goto('/rules/new?lang=zh-CN');
  await expect(needs(message('zh-CN', 'rules:createNeedsRole'), 'zh-CN')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'zh-CN-rule-new-viewer.png'), fullPage: true });
  await context.close();
});

test('an auditor exports but writes no rules', async ({ browser }) => {
  const { context, page } = await signInAs(browser, 'alice', '/rules');
  await expect(page.getByRole('link', { name: en('rules:newRule') })).toHaveCount(0);
  await page.goto('/changes');
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.getByRole('link', { name: en('changes:export') })).toBeVisible();
  await context.close();
});
