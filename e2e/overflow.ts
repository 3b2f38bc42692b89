// Text that a longer language must not push out of sight: elements under `scope` that are cut
// (their content wider than their box, clipped) or that leave the window.
import type { Page } from '@playwright/test';

/** `tag "text"` of each cut or overflowing element under `scope` (a CSS selector list). */
export function overflowingText(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll<HTMLElement>(`:is(${selector}) *`)]
      .filter((element) => !element.closest('.visually-hidden, [hidden]'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        const outside = box.right > width + 0.5 || box.left < -0.5;
        const clipped =
          element.scrollWidth > element.clientWidth + 1 &&
          getComputedStyle(element).overflowX !== 'visible';
        return outside || clipped;
      })
      .map((element) => `${element.tagName} "${element.innerText.slice(0, 40)}"`);
  }, scope);
}
