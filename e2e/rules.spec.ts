// Issue 21, watch rules and the change feed: a security engineer creates a rule that posts to the
// team's webhook (a real HTTP receiver started here, on loopback: the server runs with
// NOTIFY_ALLOW_PRIVATE=true), presses Send test, sees the delivery in the rule's log and the
// receiver gets the signed message; the URL's token and the secret never reach the page. Then
// they open the Changes page and follow an event to its image (the detail drawer opens on it).
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, signIn, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';
import { COLOR_SCHEMES, LANGUAGES, view } from './views';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

interface Received {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'e2e-signing-secret-4f1c';
const HOOK_TOKEN = 'tok-93c0d7e2a8';
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${HOOK_TOKEN}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test.beforeEach(({ page, server }) => signIn(page, server.startUrl));

test('a rule with the team’s webhook: Send test reaches the receiver and shows in the log', async ({
  page,
}) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Watch rules' })).toBeVisible();
  await page.getByRole('link', { name: 'New rule' }).click();

  await page.getByLabel('Name', { exact: true }).fill('High risk in production');
  await page.getByRole('radio', { name: 'A list and its filters' }).check();
  await page.getByRole('combobox', { name: /^List/ }).selectOption('registry');
  await page.getByLabel('Filters, as in the list page’s address').fill('severity_level=High');
  await page.getByRole('checkbox', { name: 'Removed' }).check();
  await page.getByRole('combobox', { name: /^Type/ }).selectOption('webhook');
  await page.getByLabel('Webhook URL').fill(receiverUrl);
  await page.getByLabel('Secret').fill(SECRET);
  await page.getByRole('radio', { name: 'Digest' }).check();
  await page.getByLabel('Every (minutes)').fill('30');
  await page.getByRole('button', { name: 'Create rule' }).click();

  await expect(page).toHaveURL(/\/rules\/\d+$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'High risk in production' }),
  ).toBeVisible();
  await expect(page.getByText('Digest every 30 minutes').first()).toBeVisible();
  const deliveries = page.getByRole('table', { name: 'Deliveries' });
  await expect(page.getByText('Nothing has been sent yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Send test' }).click();
  const outcome = page.locator('.send-test__outcome');
  await expect(outcome).toContainText('Delivered');
  await expect(outcome).toContainText('HTTP 200');
  const row = deliveries.getByRole('row').nth(1);
  await expect(row).toContainText('Delivered');
  await expect(row).toContainText('Test');
  await expect(row.getByRole('cell').nth(3)).toHaveText('200');

  // The receiver got one POST, signed as docs/architecture.md says.
  expect(received).toHaveLength(1);
  const [message] = received;
  expect(message?.method).toBe('POST');
  expect(message?.path).toBe(`/hooks/${HOOK_TOKEN}`);
  const timestamp = String(message?.headers['x-imagewatch-timestamp']);
  const expected = createHmac('sha256', SECRET)
    .update(`${timestamp}.${message?.body ?? ''}`)
    .digest('hex');
  expect(message?.headers['x-imagewatch-signature']).toBe(`sha256=${expected}`);

  // Edit: the secret is write-only ("unchanged"), the URL shown masked; neither is on the page.
  await expect(page.getByLabel('Secret')).toHaveValue('');
  await expect(page.getByLabel('Secret')).toHaveAttribute('placeholder', 'Unchanged');
  const html = await page.content();
  expect(html).not.toContain(SECRET);
  expect(html).not.toContain(HOOK_TOKEN);

  await page.getByRole('link', { name: 'All watch rules' }).click();
  const listed = page.getByRole('row', { name: /High risk in production/ });
  await expect(listed).toContainText('severity_level=High');
  await expect(listed).toContainText('Webhook (generic)');
  await expect(listed).toContainText('Delivered');
  expect(await page.content()).not.toContain(HOOK_TOKEN);

  // Deleted, so that no later sync cycle posts to a receiver that has gone.
  await listed.getByRole('link', { name: 'High risk in production' }).click();
  await page.getByRole('button', { name: 'Delete rule' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByRole('row', { name: /High risk in production/ })).toHaveCount(0);
});

interface ChangesAnswer {
  total_num: number;
  data_list: Array<{ image: { id: string; image_name: string; image_version: string } }>;
}

test('the Changes page leads from an event to its image', async ({ page, server }) => {
  // Waits for the simulator's next drift (once a minute) when no event is recorded yet.
  test.setTimeout(240_000);
  // The estate drifts every minute; a refresh records what changed. This spec runs after the
  // specs that count the estate (project `resyncing`), so the refresh leaves no count wrong.
  let events: ChangesAnswer = { total_num: 0, data_list: [] };
  await expect
    .poll(
      async () => {
        const answer = await page.request.get('/api/changes?list=registry&limit=1');
        events = (await answer.json()) as ChangesAnswer;
        if (events.total_num === 0)
          await page.request.post('/api/sync/refresh', { headers: { Origin: server.origin } });
        return events.total_num;
      },
      { timeout: 150_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);
  const newest = events.data_list[0]!;

  await page.goto('/changes?list=registry&within=all');
  const name = `${newest.image.image_name}:${newest.image.image_version}`;
  await page
    .getByRole('button', { name: new RegExp(`${escape(name)}$`) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`image=${newest.image.id}`));
  const drawer = page.getByRole('dialog');
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(newest.image.image_name);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('screenshots of the saved views and rules pages, both languages, light and dark, 1366 px', async ({
  page,
}) => {
  test.slow();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const language of LANGUAGES) {
      for (const name of ['saved views', 'watch rules', 'a watch rule']) {
        await view(name).open(page, language);
        const file = `${name.replace(/\W+/g, '-')}-${language}-1366-${colorScheme}.png`;
        await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
      }
    }
  }
});
