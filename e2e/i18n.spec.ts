// Issue 20, languages: a Chinese-reading engineer opens a link with ?lang=zh-CN and reads the
// header, sync line, badges and messages in Chinese; the header switch changes the language at
// once without losing the page (address, filters, open drawer); the choice outlives a reload; a
// browser set to Chinese gets Chinese without asking. Screenshots of the overview in both
// languages at 1366 px are left in e2e/.artifacts/screenshots/i18n-*.png for a look.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { overflowingText } from './overflow';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

const nav = (page: Page) => page.getByRole('navigation');
const languageSwitch = (page: Page) => page.locator('.language-switch select');
const syncLine = (page: Page) => page.locator('.sync[data-synced-at]');

/** Header text that is cut or leaves the window (a longer language must still fit). */
const headerOverflow = (page: Page) => overflowingText(page, '.app-header');

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
});

test('a ?lang=zh-CN link opens the overview in Chinese; the switch goes back to English at once and is remembered', async ({
  page,
}) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto('/?lang=zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The link's parameter did its work and left the address.
  await expect(page).not.toHaveURL(/lang=/);
  await expect(nav(page).getByRole('link', { name: '仓库镜像' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'CI/CD镜像' })).toBeVisible();
  await expect(page.getByRole('link', { name: '跳到正文' })).toBeAttached();
  await expect(page.getByRole('note').filter({ hasText: '演示模式' })).toBeVisible();
  await expect(syncLine(page)).toHaveText(/已同步|正在同步|等待首次同步/);
  await expect(page.getByRole('button', { name: /^刷新/ })).toBeVisible();
  await expect(page).toHaveTitle('总览 · Imagewatch');
  // The overview's data age, with its time in the reader's words.
  await expect(page.locator('main').getByText(/^\S+前已同步$|^刚刚已同步$/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  expect(await headerOverflow(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, 'i18n-overview-zh-CN-1366.png') });

  await languageSwitch(page).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(nav(page).getByRole('link', { name: 'Repository images' })).toBeVisible();
  await expect(syncLine(page)).toHaveText(/Synced|Mirroring|Waiting for the first sync/);
  await expect(page).toHaveTitle('Overview · Imagewatch');
  await expect(page.locator('main').getByText(/^synced (\d+ \w+ ago|just now)$/)).toBeVisible();
  expect(await headerOverflow(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, 'i18n-overview-en-1366.png') });

  await page.reload();
  await expect(nav(page).getByRole('link', { name: 'Repository images' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // And the other way: Chinese chosen in the header is what the next visit opens in.
  await languageSwitch(page).selectOption('zh-CN');
  await expect(nav(page).getByRole('link', { name: '仓库镜像' })).toBeVisible();
  await page.reload();
  await expect(nav(page).getByRole('link', { name: '仓库镜像' })).toBeVisible();
  await expect(languageSwitch(page)).toHaveValue('zh-CN');
});

test('switching keeps the address, the filters and the open drawer; badges follow', async ({
  page,
}) => {
  await page.goto('/registry-images?lang=en');
  await page.goto('/registry-images?scan_status=success&image_type=private_image');
  const rows = page.locator('[data-row-id]');
  await rows.first().click();
  await expect(page).toHaveURL(/[?&]image=/);
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  const address = page.url();
  const badges = rows.first().locator('.badge');
  await expect(badges.filter({ hasText: /^\W*Scanned$/ })).toBeVisible();

  await languageSwitch(page).selectOption('zh-CN');
  await expect(nav(page).getByRole('link', { name: '仓库镜像' })).toBeVisible();
  expect(page.url()).toBe(address);
  await expect(drawer).toBeVisible();
  // The scan status and severity badges speak the glossary's words.
  await expect(badges.filter({ hasText: /^\W*扫描完成$/ })).toBeVisible();
  await expect(badges.filter({ hasText: /^\W*(高危|中危|低危|安全|未评级)$/ })).toBeVisible();
  await expect(drawer.locator('.badge').filter({ hasText: /^\W*扫描完成$/ })).toBeVisible();
  expect(page.url()).toBe(address);
});

test('the 404 page and a browser set to Chinese', async ({ browser, server }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.startUrl);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: '此地址没有页面' })).toBeVisible();
  await page.getByRole('link', { name: '仓库镜像' }).last().click();
  await expect(page).toHaveURL(/\/registry-images/);
  await expect(page).toHaveTitle('仓库镜像 · Imagewatch');
  await context.close();
});
