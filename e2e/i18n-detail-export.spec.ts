// Issue 20, the detail drawer and the export in both languages: a Chinese-reading engineer opens
// an image and reads its drawer in Chinese (sections, basic image, a failed scan's meaning and
// advice in HSS's words), then exports the view from the export options: the file starts with
// the UTF-8 BOM and its header row is in Chinese. Axe finds no serious or critical violation in
// the open drawer or the open export options, in Chinese and English, light and dark.
// Screenshots of both in zh-CN at 1440 px: e2e/.artifacts/screenshots/i18n-detail-*.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  exportHeader,
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesPageSchema,
  SCAN_FAILED_CODES,
  type RegistryImage,
} from '../src/shared/contracts';
import { decodeCsv } from '../src/shared/csv';
import { axeOn, expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const chineseDetail = JSON.parse(
  readFileSync(new URL('../src/i18n/locales/zh-CN/detail.json', import.meta.url), 'utf8'),
) as { scanFailure: Record<string, { meaning: string; advice: string }> };
const SCANNED_PRIVATE = 'image_type=private_image&scan_status=success&is_multarch=false';

async function registryImages(page: Page, query: string): Promise<RegistryImage[]> {
  const response = await page.request.get(`/api/hss/registry-images?${query}`);
  expect(response.status()).toBe(200);
  return RegistryImagesPageSchema.parse(await response.json()).data_list;
}

const drawer = (page: Page) => page.getByRole('dialog');
const region = (page: Page, name: string) =>
  drawer(page).getByRole('region', { name, exact: true });

/** Serious and critical axe violations inside `selector`, as readable lines. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await axeOn(page).include(selector).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Axe in the light and the dark colour scheme. */
async function expectAccessibleInBothSchemes(page: Page, selector: string, what: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page, selector), `${what}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.beforeEach(async ({ page }) => {
  // The in-memory download path, which Playwright captures as a download.
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'showSaveFilePicker');
  });
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the detail drawer reads in Chinese, basic image included, and passes axe in both schemes', async ({
  page,
}) => {
  const [image] = await registryImages(page, `${SCANNED_PRIVATE}&limit=1`);
  if (!image) throw new Error('the demo estate has no scanned private images');
  await page.goto(`/registry-images?${SCANNED_PRIVATE}&lang=zh-CN`);
  await page.locator(`[data-row-id="${image.id}"]`).click();
  await expect(drawer(page)).toBeVisible();
  await expect(drawer(page)).toContainText('仓库镜像');
  for (const name of ['标识', '扫描', '风险', '基础镜像', '镜像仓库']) {
    await expect(region(page, name)).toBeVisible();
  }
  await expect(drawer(page).getByRole('button', { name: '关闭镜像详情' })).toBeVisible();
  await expect(drawer(page).getByRole('button', { name: /下一个/ })).toBeVisible();
  await expect(region(page, '扫描').getByRole('term').first()).toHaveText('扫描状态');
  // The basic image (OS): its table in Chinese, or its Chinese empty state.
  const basic = region(page, '基础镜像');
  await expect(
    basic
      .getByRole('columnheader', { name: '操作系统' })
      .or(basic.getByText('未找到此镜像的基础镜像。')),
  ).toBeVisible();
  // The SWR repository facts, in Chinese.
  await expect(region(page, '镜像仓库概要').getByRole('term').first()).toHaveText('类型');
  await expect(drawer(page)).not.toContainText(/Loading|Identity|Basic image|Risk level/);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'i18n-detail-drawer-zh-CN-1440.png') });
  await expectAccessibleInBothSchemes(page, '[role="dialog"]', 'the drawer in zh-CN');
});

test('a failed scan says its meaning and advice in HSS’s Chinese', async ({ page }) => {
  const failed = await registryImages(page, 'scan_status=failed&limit=50');
  const image = failed.find((candidate) => candidate.scan_failed_code in SCAN_FAILED_CODES);
  if (!image) throw new Error('the demo estate has no failed scan with a documented code');
  const advice = chineseDetail.scanFailure[image.scan_failed_code];
  if (!advice) throw new Error(`no Chinese text for ${image.scan_failed_code}`);
  await page.goto(`/registry-images?scan_status=failed&image=${image.id}&lang=zh-CN`);
  const note = drawer(page).getByRole('note', { name: '扫描失败原因' });
  await expect(note).toContainText(advice.meaning);
  await expect(note).toContainText(`处理建议： ${advice.advice}`);
});

test('the export options in Chinese export a file with a BOM and a Chinese header row', async ({
  page,
}) => {
  await page.goto('/registry-images?severity_level=High&lang=zh-CN');
  await expect(page.locator('[data-row-id]').first()).toBeVisible();
  await page.locator('summary[aria-label="导出选项"]').click();
  const options = page.locator('.export-options');
  await expect(options.getByRole('group', { name: '列' })).toBeVisible();
  await expect(options.getByRole('radio', { name: '当前显示的列' })).toBeChecked();
  await expect(options.getByRole('radio', { name: '显示名称（与页面一致）' })).toBeChecked();
  await expect(options).toContainText('表头使用简体中文。');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'i18n-detail-export-options-zh-CN-1440.png') });
  await expectAccessibleInBothSchemes(page, '.export', 'the export options in zh-CN');

  const exportRequest = page.waitForRequest(/\/api\/hss\/registry-images\/export\.csv/);
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const sent = new URL((await exportRequest).url()).searchParams;
  expect(sent.get('lang')).toBe('zh-CN');
  const file = readFileSync(await (await downloadEvent).path());
  await expect(page.getByRole('status').filter({ hasText: /^已导出 [\d,]+ 行$/ })).toBeVisible();

  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = decodeCsv(file.toString('utf8'));
  const byKey = new Map(REGISTRY_EXPORT_COLUMNS.map((column) => [column.key as string, column]));
  const keys = (sent.get('columns') ?? '').split(',');
  expect(header).toEqual(keys.map((key) => exportHeader(byKey.get(key)!, 'zh-CN')));
  expect(header?.slice(0, 3)).toEqual(['组织', '镜像名称', '镜像版本']);
  // The values as on screen: the severity label in Chinese.
  expect(sent.get('values')).toBe('labels');
  const severity = keys.indexOf('severity_level');
  expect(severity).toBeGreaterThanOrEqual(0);
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((row) => row[severity]))).toEqual(new Set(['高危']));
});

test('in English the drawer and the export options pass axe in both schemes', async ({ page }) => {
  const [image] = await registryImages(page, `${SCANNED_PRIVATE}&limit=1`);
  if (!image) throw new Error('the demo estate has no scanned private images');
  await page.goto(`/registry-images?${SCANNED_PRIVATE}&image=${image.id}&lang=en`);
  await expect(region(page, 'Basic image')).toBeVisible();
  await expect(drawer(page).getByRole('button', { name: 'Close the image details' })).toBeVisible();
  await expectAccessibleInBothSchemes(page, '[role="dialog"]', 'the drawer in en');
  await drawer(page).getByRole('button', { name: 'Close the image details' }).click();
  await page.locator('summary[aria-label="Export options"]').click();
  await expect(page.locator('.export-options')).toContainText(
    'The header row is written in English.',
  );
  await expectAccessibleInBothSchemes(page, '.export', 'the export options in en');
});
