// Issue 21, saved views: a security engineer filters and sorts the repository images, picks the
// columns, saves the page as a named view, finds it in the navigation's Views menu and opens it
// later: the address comes back exactly (the same query string) with the same columns. On the
// views page the view is renamed, made the source of a rule and deleted after a confirmation.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A drop-down menu's toggle (Severity, Columns…), not the column header of the same name. */
function menu(page: Page, name: string) {
  return page.locator('main summary').filter({ hasText: name });
}

const columnHeader = (page: Page, name: string | RegExp, exact = false) =>
  page.getByRole('table', { name: 'Repository images' }).getByRole('columnheader', { name, exact });

test('a view saved from a filtered, sorted list page opens at the same address and columns', async ({
  page,
}) => {
  await page.goto('/registry-images?image_type=private_image');
  // Filter and sort through the page's own controls.
  await menu(page, 'Severity').click();
  await page.getByRole('checkbox', { name: /High risk/ }).click();
  await expect(page).toHaveURL(/severity_level=High/);
  await page.keyboard.press('Escape');
  await columnHeader(page, 'Size').getByRole('button').click();
  await expect(page).toHaveURL(/sort_key=image_size&sort_dir=desc/);
  await menu(page, 'Columns').click();
  await page
    .getByRole('group', { name: 'Columns' })
    .getByRole('checkbox', { name: 'Registry', exact: true })
    .uncheck();
  await page.keyboard.press('Escape');
  await expect(columnHeader(page, 'Registry', true)).toHaveCount(0);
  const saved = new URL(page.url()).search;

  await menu(page, 'Save view').click();
  const panel = page.getByRole('group', { name: 'Save this page as a view' });
  await panel.getByLabel('Name of the new view').fill('Private, high risk, largest first');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText(
    'Saved as “Private, high risk, largest first”.',
  );
  await page.keyboard.press('Escape');

  // Elsewhere, with the columns back to the defaults.
  await menu(page, 'Columns').click();
  await page.getByRole('button', { name: 'Restore default columns' }).click();
  await expect(columnHeader(page, 'Registry', true)).toHaveCount(1);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Changes' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Changes' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.locator('summary').filter({ hasText: 'Views' }).click();
  await nav
    .getByRole('group', { name: 'Saved views' })
    .getByRole('link', { name: 'Private, high risk, largest first' })
    .click();
  await expect(page).toHaveURL(
    (url) => url.pathname === '/registry-images' && url.search === saved,
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Repository images' })).toBeVisible();
  await expect(columnHeader(page, 'Size')).toHaveAttribute('aria-sort', 'descending');
  await expect(columnHeader(page, 'Registry', true)).toHaveCount(0);
  // Not the Base image column: the image's own.
  await expect(columnHeader(page, /^Image/)).toHaveCount(1);
  await expect(
    page.getByRole('button', { name: /Remove filter Severity: High risk/ }),
  ).toBeVisible();
});

test('the views page lists, renames, makes a rule of and deletes a view', async ({
  page,
  server,
}) => {
  const created = await page.request.post('/api/views', {
    headers: { Origin: server.origin },
    data: {
      name: 'CI/CD failed scans',
      list: 'cicd',
      query: 'scan_status=failed&sort_key=image_name&sort_dir=asc',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto('/views');
  await expect(page.getByRole('heading', { level: 1, name: 'Saved views' })).toBeVisible();
  const row = page.getByRole('row', { name: /CI\/CD failed scans/ });
  await expect(row).toContainText('CI/CD images');
  await expect(row).toContainText('scan_status=failed');
  await expect(row).toContainText('Sorted by image_name, ascending');

  await row.getByRole('button', { name: 'Rename “CI/CD failed scans”' }).click();
  await page.getByLabel('New name for “CI/CD failed scans”').fill('CI/CD scan failures');
  await page.getByRole('button', { name: 'Save name' }).click();
  const renamed = page.getByRole('row', { name: /CI\/CD scan failures/ });
  await expect(renamed).toBeVisible();
  const stored = (await (await page.request.get(`/api/views/${id}`)).json()) as { name: string };
  expect(stored.name).toBe('CI/CD scan failures');

  // A rule from the view in one click: the rule form starts on that view, named after it.
  await renamed
    .getByRole('link', { name: 'Create a watch rule from “CI/CD scan failures”' })
    .click();
  await expect(page).toHaveURL(`/rules/new?view_id=${id}`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('CI/CD scan failures');
  await expect(page.getByRole('radio', { name: 'A saved view' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: /^Saved view/ })).toHaveValue(id);
  await page.goBack();

  await renamed.getByRole('button', { name: 'Delete “CI/CD scan failures”' }).click();
  const confirm = page.getByRole('group', {
    name: 'Delete the view “CI/CD scan failures” for the whole team?',
  });
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: /CI\/CD scan failures/ })).toHaveCount(0);
  expect((await page.request.get(`/api/views/${id}`)).status()).toBe(404);
});

test.describe('a view a rule follows', () => {
  // The refused DELETE is the browser's console error "status of 409".
  test.use({ expectedConsoleErrors: [/status of 409/] });

  /** A view and a rule that follows it, made over the API; `remove` deletes both. */
  async function followedView(page: Page, origin: string, viewName: string) {
    const headers = { Origin: origin };
    const view = await page.request.post('/api/views', {
      headers,
      data: { name: viewName, list: 'registry', query: 'namespace=prod' },
    });
    expect(view.status(), await view.text()).toBe(201);
    const { id } = (await view.json()) as { id: string };
    const rule = await page.request.post('/api/rules', {
      headers,
      data: {
        name: `${viewName} watch`,
        view_id: id,
        event_types: ['appeared'],
        channel: { type: 'webhook', url: 'https://203.0.113.10/hook' },
        mode: 'immediate',
      },
    });
    expect(rule.status(), await rule.text()).toBe(201);
    const { id: ruleId } = (await rule.json()) as { id: string };
    const remove = async () => {
      await page.request.delete(`/api/rules/${ruleId}`, { headers });
      await page.request.delete(`/api/views/${id}`, { headers });
    };
    return { id, ruleId, remove };
  }

  async function refuseDeletion(page: Page, viewName: string) {
    await page.goto('/views');
    const row = page.getByRole('row', { name: new RegExp(viewName) });
    await row.getByRole('button', { name: `Delete “${viewName}”` }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    return row.getByRole('alert');
  }

  test('is kept on delete, and the page names the rule', async ({ page, server }) => {
    const { id, ruleId, remove } = await followedView(page, server.origin, 'Followed prod view');
    const refusal = await refuseDeletion(page, 'Followed prod view');
    await expect(refusal).toContainText('A watch rule follows this view, so it is kept.');
    await expect(refusal.getByRole('link', { name: 'Followed prod view watch' })).toHaveAttribute(
      'href',
      `/rules/${ruleId}`,
    );
    expect((await page.request.get(`/api/views/${id}`)).status()).toBe(200);
    await remove();
  });

  // The answer a namespace-scoped user gets when rules outside their scope follow the view: the
  // real refusal, with the BFF's count of the rules it does not name (the BFF's side is proved in
  // src/server/views/view-scope.integration.test.ts; this signed-in user is unscoped).
  for (const { visible, hidden, says } of [
    { visible: true, hidden: 2, says: '2 other watch rules you cannot see follow it too.' },
    {
      visible: false,
      hidden: 1,
      says: 'A watch rule you cannot see follows this view, so it is kept.',
    },
  ]) {
    test(`counts ${hidden} rule(s) the user cannot see${visible ? ' beside the one they can' : ''}`, async ({
      page,
      server,
    }) => {
      const name = `Scoped view ${hidden}`;
      const { id, ruleId, remove } = await followedView(page, server.origin, name);
      await page.route(`**/api/views/${id}`, async (route) => {
        if (route.request().method() !== 'DELETE') return route.fallback();
        const response = await route.fetch();
        const body = (await response.json()) as { error: { rules: unknown[] } };
        expect(response.status()).toBe(409);
        const error = {
          ...body.error,
          rules: visible ? body.error.rules : [],
          hidden_rules: hidden,
        };
        return route.fulfill({ response, json: { error } });
      });
      const refusal = await refuseDeletion(page, name);
      await expect(refusal).toContainText(says);
      await expect(refusal.getByRole('link')).toHaveCount(visible ? 1 : 0);
      if (visible)
        await expect(refusal.getByRole('link', { name: `${name} watch` })).toHaveAttribute(
          'href',
          `/rules/${ruleId}`,
        );
      await page.unroute(`**/api/views/${id}`);
      await remove();
    });
  }
});
