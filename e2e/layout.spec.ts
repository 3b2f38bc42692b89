// Issue 18, layout: at 1024 and 1366 px, light and dark, no page clips or overflows its header
// text, and table text that is cut short keeps its whole value on hover. Screenshots of each
// are left in e2e/.artifacts/screenshots/layout-*.png for a look.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');
const PAGES = [
  { name: 'overview', path: '/', ready: (page: Page) => page.getByRole('heading', { level: 1 }) },
  {
    name: 'registry',
    path: '/registry-images',
    ready: (page: Page) => page.locator('[data-row-id]').first(),
  },
  {
    name: 'cicd',
    path: '/cicd-images',
    ready: (page: Page) => page.locator('[data-row-id]').first(),
  },
  {
    name: 'acr',
    path: '/acr',
    ready: (page: Page) =>
      page.getByRole('table', { name: 'Repositories' }).getByRole('row').nth(1),
  },
] as const;

/** Text in the header that is cut or spills: each element's content must fit its box. */
function headerProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const header = document.querySelector('.app-header');
    if (!header) return ['no header'];
    const width = document.documentElement.clientWidth;
    const boxes: Array<{ text: string; rect: DOMRect }> = [];
    for (const element of header.querySelectorAll<HTMLElement>('*')) {
      // Screen-reader text is clipped to a pixel on purpose.
      if (element.closest('.visually-hidden')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const text = (element.innerText || element.getAttribute('aria-label') || '').trim();
      if (rect.right > width + 0.5 || rect.left < -0.5)
        problems.push(`outside the window: ${element.tagName} "${text.slice(0, 40)}"`);
      if (
        element.scrollWidth > element.clientWidth + 1 &&
        getComputedStyle(element).overflowX !== 'visible'
      )
        problems.push(`cut: ${element.tagName} "${text.slice(0, 40)}"`);
      if (element.tagName === 'SELECT' && element instanceof HTMLSelectElement) {
        const chosen = element.selectedOptions[0]?.text ?? '';
        const probe = document.createElement('span');
        probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${getComputedStyle(element).font}`;
        probe.textContent = chosen;
        document.body.append(probe);
        // The select's arrow and padding take about 2 rem.
        if (probe.getBoundingClientRect().width > rect.width - 28)
          problems.push(`select cut: "${chosen}"`);
        probe.remove();
      }
    }
    // The tools (sync text, Refresh, account) and the navigation never overlap each other.
    const tools = header.querySelectorAll<HTMLElement>(
      '.app-nav a, .app-header__tools > *, .app-header__tools > * > *',
    );
    for (const element of tools) {
      const rect = element.getBoundingClientRect();
      if (rect.width > 0) boxes.push({ text: (element.innerText || '').trim().slice(0, 30), rect });
    }
    for (let i = 0; i < boxes.length; i += 1)
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const nested =
          a.rect.left <= b.rect.left &&
          a.rect.right >= b.rect.right &&
          a.rect.top <= b.rect.top &&
          a.rect.bottom >= b.rect.bottom;
        const nestedOther =
          b.rect.left <= a.rect.left &&
          b.rect.right >= a.rect.right &&
          b.rect.top <= a.rect.top &&
          b.rect.bottom >= a.rect.bottom;
        const overlap =
          a.rect.left < b.rect.right - 1 &&
          b.rect.left < a.rect.right - 1 &&
          a.rect.top < b.rect.bottom - 1 &&
          b.rect.top < a.rect.bottom - 1;
        if (overlap && !nested && !nestedOther)
          problems.push(`overlap: "${a.text}" and "${b.text}"`);
      }
    return problems;
  });
}

/** Table and legend text cut short must keep its whole value on hover (a title). */
function tableProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(
      'main table th, main table th *, main table td, main table td *, .segment-legend *',
    )) {
      const style = getComputedStyle(element);
      if (style.display === 'none' || element.getBoundingClientRect().width === 0) continue;
      const cut = element.scrollWidth > element.clientWidth + 1 && style.overflowX !== 'visible';
      const text = (element.innerText || '').trim();
      if (!cut || text === '') continue;
      if (element.closest('th')) {
        problems.push(`header cut: "${text}"`);
        continue;
      }
      if (!element.closest('[title]'))
        problems.push(`cut without its full text: "${text.slice(0, 40)}"`);
    }
    // Words are not broken across lines in legends.
    for (const element of document.querySelectorAll<HTMLElement>('.segment-legend *')) {
      const style = getComputedStyle(element);
      if (style.wordBreak === 'break-all' || style.overflowWrap === 'anywhere')
        problems.push(`legend breaks words: "${(element.innerText || '').slice(0, 30)}"`);
    }
    return problems;
  });
}

test('at 1024 px the CI/CD list cuts tags in the middle: their ends stay in view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/cicd-images');
  await expect(page.locator('[data-row-id]').first()).toBeVisible();
  const tails = page.locator('.image-ref__tag-tail');
  expect(await tails.count()).toBeGreaterThan(0);
  const outside = await tails.evaluateAll(
    (elements) =>
      elements.filter((tail) => {
        const cell = tail.closest('td')?.getBoundingClientRect();
        const box = tail.getBoundingClientRect();
        return !cell || box.right > cell.right + 0.5 || box.width === 0;
      }).length,
  );
  expect(outside).toBe(0);
  // The whole reference on hover (title) and when the row has the focus.
  const first = page.locator('[data-row-id]').first();
  await expect(first.locator('.image-ref__text')).toHaveAttribute('title', /:/);
  await first.focus();
  const cut = await first
    .locator('.image-ref__text')
    .evaluate((text) => text.scrollWidth > text.clientWidth + 1);
  expect(cut).toBe(false);
});

// Each page is loaded once per width and checked in light, then in dark: the colours follow
// prefers-color-scheme in CSS alone (styles.css), so switching the scheme needs no reload.
for (const width of [1024, 1366] as const) {
  test(`no clipped header or table text at ${width} px, light and dark`, async ({ page }) => {
    await page.setViewportSize({ width, height: 768 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const target of PAGES) {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(target.path);
      await expect(target.ready(page)).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.screenshot({
          path: join(SCREENSHOTS, `layout-${target.name}-${width}-${colorScheme}.png`),
        });
        const where = `${target.path} (${colorScheme})`;
        expect(await headerProblems(page), `${where} header`).toEqual([]);
        expect(await tableProblems(page), `${where} tables`).toEqual([]);
        // Legend labels keep their words on one line.
        for (const label of await page.locator('.segment-legend__item').all()) {
          const lines = await label.evaluate((item) => {
            const text = item.children[1];
            if (!(text instanceof HTMLElement)) return 1;
            const style = getComputedStyle(text);
            const lineHeight = parseFloat(style.lineHeight);
            const line = Number.isFinite(lineHeight)
              ? lineHeight
              : parseFloat(style.fontSize) * 1.4;
            return Math.floor(text.getBoundingClientRect().height / line);
          });
          expect(lines).toBeLessThanOrEqual(1);
        }
      }
    }
  });
}
