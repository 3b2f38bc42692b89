// Issue 20, how the product looks to a Chinese reader: each page and the open detail drawer in
// zh-CN at 1440 and 1024 px wide, light and dark, kept as test artefacts in
// e2e/.artifacts/screenshots/zh-CN-<view>-<width>-<scheme>.png for review (truncated labels,
// missing CJK glyphs, colours that vanish in dark mode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { COLOR_SCHEMES, VIEWS } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const WIDTHS = [
  [1440, 900],
  [1024, 768],
] as const;

test.beforeEach(async ({ page, server }) => {
  await page.goto(server.startUrl);
  await expect(page).not.toHaveURL(/token=/);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

for (const colorScheme of COLOR_SCHEMES) {
  for (const view of VIEWS) {
    test(`zh-CN screenshots, ${colorScheme}: ${view.name}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      for (const [width, height] of WIDTHS) {
        await page.setViewportSize({ width, height });
        await view.open(page, 'zh-CN');
        const file = `zh-CN-${view.name.replace(/\W+/g, '-').toLowerCase()}-${width}-${colorScheme}.png`;
        await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
      }
    });
  }
}
