// Issue 20, the overview: a Chinese-reading engineer reads the charts (titles, legends, axes,
// tables) in Chinese, clicks a slice or a bar and lands on the images it counted; screenshots
// in zh-CN at 1440 and 1024 px, light and dark, are kept under test-results/ for a look. (Axe on
// the overview in either language and colour scheme: a11y.spec.ts, with every other page.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { COLOR_SCHEMES, SCREENSHOT_SIZES } from './views';

/** The overview in `lang`, every chart drawn (the charts load as their own chunk). */
async function openOverview(page: Page, lang: string, heading: string, search = '') {
  await page.goto(`/${search ? `${search}&` : '?'}lang=${lang}`);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  // The history comes last: on a machine this busy it can take longer than one expect's wait.
  await expect(page.getByTestId('chart-trend').locator('.recharts-line').first()).toBeVisible({
    timeout: 45_000,
  });
  await expect(page.getByTestId('chart-top-images').getByRole('row')).toHaveCount(11);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** Text on the charts that is cut: clipped HTML, or an SVG label reaching outside its chart. */
function cutText(page: Page) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.chart-card')];
    const clippedHtml = cards
      .flatMap((card) => [...card.querySelectorAll<HTMLElement>('*')])
      .filter((element) => !element.closest('.visually-hidden') && element.offsetParent !== null)
      .filter((element) => !(element instanceof SVGElement) && element.children.length === 0)
      .filter(
        (element) =>
          element.scrollWidth > element.clientWidth + 1 &&
          getComputedStyle(element).overflowX !== 'visible',
      )
      .map((element) => `clipped "${element.textContent?.slice(0, 40)}"`);
    const outsideSvg = [...document.querySelectorAll<SVGTextElement>('.chart-card svg text')]
      .filter((text) => (text.textContent ?? '').trim() !== '')
      .filter((text) => {
        const svg = text.ownerSVGElement?.getBoundingClientRect();
        const box = text.getBoundingClientRect();
        return (
          svg !== undefined &&
          (box.left < svg.left - 0.5 ||
            box.right > svg.right + 0.5 ||
            box.top < svg.top - 0.5 ||
            box.bottom > svg.bottom + 0.5)
        );
      })
      .map((text) => `outside its chart "${text.textContent}"`);
    return [...clippedHtml, ...outsideSvg];
  });
}

// Each test loads every chart of the overview at least once: slow on a shared machine.
test.slow();

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('each chart is named for assistive technology and its figures are a table', async ({
  page,
}) => {
  await openOverview(page, 'zh-CN', '总览');
  const severity = page.getByTestId('chart-severity');
  await expect(severity.getByRole('img', { name: /风险等级/ })).toBeVisible();
  await expect(severity.getByRole('table', { name: /风险等级/ })).toBeAttached();
  // The trend is named by its last day's figures, in the reader's words.
  await expect(
    page
      .getByTestId('chart-trend')
      .getByRole('img', { name: /^趋势（\d{4}年\d{1,2}月\d{1,2}日）：高危 [\d,]+/ }),
  ).toBeVisible();
  // Nothing inside a chart is in the tab order: the legend's and the table's links are.
  const tabbable = '[tabindex]:not([tabindex="-1"])';
  expect(
    await page.locator(`.chart-card svg${tabbable}, .chart-card svg ${tabbable}`).count(),
  ).toBe(0);
  await severity.getByRole('button', { name: '表格' }).click();
  await expect(severity.getByRole('table', { name: /风险等级/ })).toBeVisible();
  await expect(severity.getByRole('columnheader', { name: '占比' })).toBeVisible();
  await expect(severity.getByRole('button', { name: '图表' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});

test('in zh-CN the charts speak Chinese and a slice or a bar opens its images', async ({
  page,
}) => {
  await openOverview(page, 'zh-CN', '总览');
  const severity = page.getByTestId('chart-severity');
  await expect(severity.getByRole('heading', { name: '风险等级' })).toBeVisible();
  // The legend names each level as the HSS console does, with its exact count.
  await expect(severity.getByRole('link', { name: /^高危\s*[\d,]+/ })).toBeVisible();
  await expect(page.getByTestId('chart-scan-status').getByRole('heading')).toHaveText('扫描状态');
  await expect(
    page
      .getByTestId('chart-scan-status')
      .locator('.recharts-yAxis-tick-labels')
      .getByText('扫描完成'),
  ).toBeVisible();
  await expect(
    page
      .getByTestId('chart-risk-types')
      .locator('.recharts-yAxis-tick-labels')
      .getByText('恶意文件'),
  ).toBeVisible();
  const trend = page.getByTestId('chart-trend');
  await expect(trend.getByRole('heading', { name: '趋势' })).toBeVisible();
  await expect(trend.locator('.recharts-legend-wrapper')).toContainText('高危');
  // Day ticks in the Chinese form (3月1日), not "Mar 1".
  await expect(
    trend.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first(),
  ).toHaveText(/^\d{1,2}月\d{1,2}日$/);
  await expect(page.getByTestId('stat-high')).toContainText('高危');
  await expect(
    page.getByTestId('chart-top-images').getByRole('columnheader', { name: '漏洞' }),
  ).toBeVisible();
  expect(await cutText(page)).toEqual([]);

  await severity.locator('.recharts-pie-sector path').first().click();
  await expect(page).toHaveURL(/\/registry-images\?severity_level=High$/);
  // The list pages' own words are another story's (i18n of the lists): here, their rows.
  await expect(page.locator('tbody tr[data-row]').first()).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: '总览' })).toBeVisible();
  await page
    .getByRole('group', { name: '镜像' })
    .getByRole('button', { name: 'CI/CD镜像' })
    .click();
  await expect(page).toHaveURL(/[?&]kind=cicd\b/);
  await expect(page.getByRole('heading', { name: '流水线类型' })).toBeVisible();
  await page.getByRole('combobox', { name: '趋势范围' }).selectOption('90');
  await expect(page).toHaveURL(/[?&]days=90\b/);
  const bars = page.getByTestId('chart-scan-status').locator('.recharts-bar-rectangle');
  // Bars follow the documented status order; 'success' is the second.
  await bars.nth(1).click();
  await expect(page).toHaveURL(/\/cicd-images\?scan_status=success$/);
  await expect(page.locator('tbody tr[data-row]').first()).toBeVisible();
});

// Loaded once per width and shot in light, then in dark: the colours follow prefers-color-scheme in CSS
// alone (styles.css), so switching the scheme needs no reload.
test('screenshots of the overview in zh-CN, light and dark', async ({ page }) => {
  for (const [width, height] of SCREENSHOT_SIZES) {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width, height });
    await openOverview(page, 'zh-CN', '总览');
    for (const colorScheme of COLOR_SCHEMES) {
      await page.emulateMedia({ colorScheme });
      expect(await cutText(page), `${width} px, ${colorScheme}`).toEqual([]);
      await page.screenshot({
        path: test.info().outputPath(`overview-zh-CN-${colorScheme}-${width}.png`),
        fullPage: true,
      });
    }
  }
});
