// `test` with the running server's address and a page-error collector: any uncaught exception
// or console error fails the test, unless the test lists it as expected.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { readServerInfo, type ServerInfo } from './server-info';

interface Fixtures {
  server: ServerInfo;
  /** Console errors a test provokes on purpose (a 401 when not signed in). */
  expectedConsoleErrors: RegExp[];
  pageErrors: string[];
}

export const test = base.extend<Fixtures>({
  // E2E_CPU_THROTTLE=<rate> slows the page's CPU (Chrome DevTools' throttling) to reproduce
  // failures that only show on a loaded machine.
  page: async ({ page }, use) => {
    const rate = Number(process.env.E2E_CPU_THROTTLE ?? '1');
    if (rate > 1) {
      const devtools = await page.context().newCDPSession(page);
      await devtools.send('Emulation.setCPUThrottlingRate', { rate });
    }
    await use(page);
  },
  // Playwright reads a fixture's dependencies from its destructuring: none here.
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, use) => {
    await use(readServerInfo());
  },
  baseURL: async ({ server }, use) => {
    await use(server.origin);
  },
  expectedConsoleErrors: [[], { option: true }],
  pageErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (expectedConsoleErrors.some((pattern) => pattern.test(text))) return;
        errors.push(`console error: ${text}`);
      });
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * The BFF's total for a list (and optional filters), asked with the signed-in page's cookie. The
 * expected figure of a test: the demo estate drifts and a Refresh re-syncs, so the configured
 * estate size is not what the inventory holds later in the run.
 */
export async function bffListTotal(
  request: APIRequestContext,
  route: '/api/hss/registry-images' | '/api/hss/cicd-images',
  query = '',
): Promise<number> {
  const response = await request.get(`${route}?limit=10${query ? `&${query}` : ''}`);
  expect(response.ok(), await response.text()).toBe(true);
  const { total_num: total } = (await response.json()) as { total_num: number };
  return total;
}

/**
 * Opens the start-up URL the server printed: the server swaps its token for a session cookie and
 * takes it out of the address bar.
 */
export async function signIn(page: Page, startUrl: string): Promise<void> {
  await page.goto(startUrl);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** The body rows of the table named `name` (its second row group: the first holds the headers). */
export function tableRows(page: Page, name = 'Repository images') {
  return page.getByRole('table', { name }).getByRole('rowgroup').nth(1).getByRole('row');
}

/**
 * Axe on `page`, run in the page itself (`axe.run`): the app has no frames, so this checks what the
 * default does (`runPartial` here, `finishRun` in a blank page opened for it, axe injected in both)
 * without the second page, at about half the time (same rules, same nodes, same findings).
 */
export function axeOn(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode();
}

/** Axe's findings of one rule: the rule, its impact and the nodes it flagged. */
export type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** Axe impacts that fail a test: moderate and minor findings are left to review. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it stands (or on `include`, a CSS selector; only `rules`, axe rule ids,
 * when given) and fails, naming `label`, each rule and the nodes it flagged, when any serious or
 * critical violation is found. Call it once the content to check is visible: axe sees only what
 * is rendered. Returns every violation found, whatever its impact.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  label: string,
  options: { include?: string; rules?: string[] } = {},
): Promise<AxeViolation[]> {
  // Every rule still checks every node; only the passes and the inapplicable and incomplete
  // results skip the unique selector axe builds for each node they name (most of its time on a
  // full table page). The violations, all this reads, come whole.
  let builder = axeOn(page).options({ resultTypes: ['violations'] });
  if (options.include) builder = builder.include(options.include);
  if (options.rules) builder = builder.withRules(options.rules);
  const { violations } = await builder.analyze();
  const blocking = violations
    .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''))
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
  expect(blocking, `serious or critical axe violations on ${label}`).toEqual([]);
  return violations;
}
