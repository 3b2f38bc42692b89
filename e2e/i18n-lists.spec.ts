// Issue 20, the image lists in Chinese: a Chinese-reading engineer opens the repository images
// with ?lang=zh-CN, sorts a column, turns the page and filters by severity through the menus, and
// reads headings, column headers, chips and pagination in the catalogue's words (the HSS
// console's terms); the CI/CD list too. Nothing is cut or overflows at 1440 and 1024 px, axe
// finds nothing serious, and screenshots are left in e2e/.artifacts/screenshots/ for a look.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { axeOn, expect, test } from './fixtures';
import { overflowingText } from './overflow';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const WIDTHS = [1440, 1024] as const;

/** A drop-down menu's toggle (风险等级, 列…), not the column header of the same name. */
const menu = (page: Page, name: string) => page.locator('summary').filter({ hasText: name });
const pages = (page: Page) => page.getByRole('navigation', { name: '分页' });
const table = (page: Page) => page.locator('.data-table table');

/** Text in the list's header, toolbar, header row and pagination that is cut or overflows. */
const cutText = (page: Page) =>
  overflowingText(page, '.page-header, .filter-bar, .data-table thead, .pagination');

/** Every glyph of the page's Chinese text drawn with a font that has it (no tofu boxes). */
async function cjkFontAvailable(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const family = getComputedStyle(document.body).fontFamily;
    return document.fonts.check(`16px ${family}`, '仓库镜像风险等级');
  });
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await axeOn(page).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function checkLayout(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    expect(await cutText(page), `${name} at ${width} px`).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `i18n-${name}-zh-CN-${width}.png`) });
  }
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the repository images read in Chinese while sorting, paging and filtering by severity', async ({
  page,
}) => {
  await page.goto('/registry-images?lang=zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: '仓库镜像' })).toBeVisible();
  await expect(
    page.getByText('HSS 扫描过的 SWR、企业版、Harbor 和 JFrog 仓库中的镜像'),
  ).toBeVisible();
  await expect(page.locator('.page-header__meta')).toContainText(/共 [\d,]+ 个镜像/);
  expect(await cjkFontAvailable(page)).toBe(true);

  // The column headers, in the HSS console's words.
  for (const name of ['镜像', '扫描状态', '风险等级', '漏洞', '恶意文件', '基线检查', '最近扫描']) {
    await expect(page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('searchbox', { name: '搜索镜像' })).toHaveAttribute(
    'placeholder',
    '搜索 组织/名称:版本 或摘要',
  );
  await expect(pages(page).getByText('每页行数')).toBeVisible();
  await expect(pages(page).getByText('页码')).toBeVisible();
  await expect(pages(page).locator('.pagination__summary')).toHaveText(
    /^第 1–\d+ 个，共 [\d,]+ 个镜像$/,
  );

  // Sort by the last scan: newest first, said in Chinese on the button.
  const lastScan = page.getByRole('columnheader', { name: '最近扫描' });
  await expect(lastScan.getByRole('button')).toHaveAttribute('title', '按最近扫描降序排序');
  await lastScan.getByRole('button').click();
  await expect(page).toHaveURL(/sort_key=latest_scan_time/);
  await expect(lastScan).toHaveAttribute('aria-sort', 'descending');

  // The next page.
  await pages(page).getByRole('button', { name: '下一页 ›' }).click();
  await expect(page).toHaveURL(/offset=\d+/);
  await expect(pages(page).locator('.pagination__summary')).toHaveText(
    /^第 [\d,]+–[\d,]+ 个，共 [\d,]+ 个镜像$/,
  );
  await expect(pages(page).getByRole('button', { name: '第一页' })).toBeEnabled();

  // Filter by severity through its menu: the values as HSS names them, then a chip.
  await menu(page, '风险等级').click();
  await expect(page.getByRole('checkbox', { name: '中危' })).toBeVisible();
  await page.getByRole('checkbox', { name: '高危' }).click();
  await expect(page).toHaveURL(/severity_level=High/);
  await menu(page, '风险等级').click();
  const chips = page.getByRole('list', { name: '当前筛选条件' });
  await expect(chips.getByText('风险等级：高危')).toBeVisible();
  await expect(chips.getByRole('button', { name: '全部清除' })).toBeVisible();
  await expect(page.locator('.page-header__meta')).toContainText(/[\d,]+ 个匹配的镜像/);
  await expect(table(page).locator('tbody tr[data-row]').first()).toContainText('高危');

  // The column menu speaks Chinese too.
  await menu(page, '列').click();
  await expect(page.getByRole('button', { name: '恢复默认列' })).toBeVisible();
  await expect(page.getByRole('button', { name: '上移“摘要”' })).toBeVisible();
  await menu(page, '列').click();

  await page.getByRole('button', { name: /^更多筛选/ }).click();
  await expect(page.getByRole('combobox', { name: '软件漏洞' })).toBeVisible();
  await expect(page.getByRole('group', { name: '最近扫描' })).toContainText('最近 7 天');
  await page.getByRole('button', { name: '最近扫描：最近 7 天' }).click();
  await expect(chips.getByText('最近扫描：最近 7 天')).toBeVisible();

  expect(await seriousAxeViolations(page)).toEqual([]);
  await checkLayout(page, 'registry-images');
});

test('the CI/CD images read in Chinese, their pipeline filter included', async ({ page }) => {
  await page.goto('/cicd-images?lang=zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: 'CI/CD镜像' })).toBeVisible();
  for (const name of ['镜像', 'CI/CD', '流水线', '扫描状态', '风险等级', '最近扫描']) {
    await expect(page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  await expect(table(page).locator('tbody tr[data-row]').first()).toBeVisible();

  await menu(page, '流水线').click();
  await page.getByRole('radio', { name: 'Jenkins' }).click();
  await expect(page).toHaveURL(/pipeline_type=jenkins/);
  await menu(page, '流水线').click();
  await expect(
    page.getByRole('list', { name: '当前筛选条件' }).getByText('流水线：Jenkins'),
  ).toBeVisible();

  await menu(page, '扫描状态').click();
  await expect(page.getByRole('checkbox', { name: '镜像超大' })).toBeVisible();
  await menu(page, '扫描状态').click();

  await expect(pages(page).locator('.pagination__summary')).toHaveText(
    /^第 1–\d+ 个，共 [\d,]+ 个镜像$|^没有镜像$/,
  );
  expect(await seriousAxeViolations(page)).toEqual([]);
  await checkLayout(page, 'cicd-images');
});

test("a failed scan's badge explains itself in Chinese on hover, as the drawer does", async ({
  page,
}) => {
  await page.goto('/registry-images?lang=zh-CN&scan_status=failed');
  const row = table(page).locator('tbody tr[data-row]').first();
  const code = (await row.locator('.scan-status__code').textContent()) ?? '';
  expect(code).not.toBe('');
  const zhDetail = JSON.parse(
    readFileSync(new URL('../src/i18n/locales/zh-CN/detail.json', import.meta.url), 'utf8'),
  ) as { scanFailure: Record<string, { meaning: string; advice: string }> };
  const failure = zhDetail.scanFailure[code];
  expect(failure, `the catalogue knows ${code}`).toBeDefined();
  await expect(row.locator('.scan-status .badge')).toHaveAttribute(
    'title',
    `${failure?.meaning}${failure?.advice}`,
  );
});
