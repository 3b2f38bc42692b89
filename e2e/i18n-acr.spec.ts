// Issue 20, the ACR page in Chinese: a Chinese-reading engineer opens /acr?lang=zh-CN, picks the
// instance, filters a namespace, opens a repository, sorts its tags and reloads from ACR, meeting
// none of the page's English on the way (the `acr` catalogue's English is looked for in the text
// and in the labels people hear and hover; axe on both ACR pages in either language and colour
// scheme: a11y.spec.ts), and the relative times fit their cells. Screenshots in zh-CN at 1440 and 1024,
// light and dark, are kept under e2e/.artifacts/test-results/.
import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { ACR_TAG_EXPORT_HEADERS } from '../src/shared/contracts/export-headers';
import { decodeCsv } from '../src/shared/csv';
import { acrMirrored } from './acr-mirror';
import { expect, test } from './fixtures';

type Catalogue = Record<string, unknown>;

function catalogue(language: 'en' | 'zh-CN'): Catalogue {
  const file = new URL(`../src/i18n/locales/${language}/acr.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
}

function messages(tree: Catalogue): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === 'string' ? [value] : messages(value as Catalogue),
  );
}

/**
 * The literal runs of the English catalogue long enough to be the page's own words (not an image
 * or namespace name): a Chinese page must show none of them.
 */
const ENGLISH_RUNS = [
  ...new Set(
    messages(catalogue('en'))
      .flatMap((message) => message.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|<\/?[a-z]+>/))
      .map((run) => run.trim())
      .filter((run) => run.length >= 12 && /[a-z]{4}/.test(run)),
  ),
];

const CHINESE = catalogue('zh-CN');

/** A message of the Chinese catalogue by its key ("columns.size"). */
function zh(key: string): string {
  const message = key
    .split('.')
    .reduce<unknown>((tree, part) => (tree as Catalogue | undefined)?.[part], CHINESE);
  if (typeof message !== 'string') throw new Error(`no message ${key} in zh-CN/acr.json`);
  return message;
}

function bodyRows(page: Page, table: string) {
  return page.getByRole('table', { name: table }).getByRole('rowgroup').nth(1).getByRole('row');
}

/** The catalogue's English that the page shows, in its text or its labels and titles. */
function englishOnPage(page: Page) {
  return page.evaluate((runs) => {
    const scopes = [...document.querySelectorAll<HTMLElement>('main, .app-header .sync-status')];
    const texts = scopes.flatMap((scope) => [
      scope.innerText,
      ...[...scope.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((element) =>
        ['aria-label', 'title', 'placeholder'].map((name) => element.getAttribute(name) ?? ''),
      ),
    ]);
    return runs.filter((run) => texts.some((text) => text.includes(run)));
  }, ENGLISH_RUNS);
}

/** Table cells whose text is cut short (the relative times above all). */
function cutCells(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main table th, main table td time')]
      .filter((element) => element.getBoundingClientRect().width > 0)
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.innerText.trim()),
  );
}

let fullRepository: string | undefined;

/** A repository with a full first page of tags (asked once: each answer spends ACR budget). */
async function repositoryWithFullPage(request: APIRequestContext): Promise<string> {
  if (fullRepository) return fullRepository;
  const list = await request.get('/api/acr/repos?PageSize=100');
  expect(list.ok()).toBe(true);
  const { Repositories } = (await list.json()) as { Repositories: { RepoId: string }[] };
  for (const { RepoId } of Repositories) {
    const tags = await request.get(`/api/acr/repos/${RepoId}/tags?PageSize=1`);
    expect(tags.ok()).toBe(true);
    if (((await tags.json()) as { TotalCount: number }).TotalCount >= 20) {
      fullRepository = RepoId;
      return RepoId;
    }
  }
  throw new Error('no repository with 20 tags');
}

test('in Chinese: instance, namespace, repository, its tags sorted, and a reload from ACR', async ({
  page,
}) => {
  await acrMirrored(page.request);
  await page.goto('/acr?lang=zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: zh('page.title') })).toBeVisible();
  await expect(bodyRows(page, zh('repositories.label'))).toHaveCount(20);
  for (const column of ['repository', 'status', 'type', 'created', 'modified'] as const)
    await expect(
      page.getByRole('columnheader', { name: zh(`columns.${column}`), exact: true }),
    ).toBeVisible();
  await expect(page.getByText(/^\d[\d,]* 个仓库 ·/)).toBeVisible();
  await expect(page.locator('main .badge').first()).toHaveText(/正常|删除中/);

  // The instance: a typo is refused in Chinese, the account's own instance is taken.
  const instanceField = page.getByLabel(zh('instance.label'), { exact: true });
  await instanceField.fill('not-an-instance');
  await page.getByRole('button', { name: zh('instance.use') }).click();
  await expect(page.getByRole('alert')).toHaveText(zh('instance.invalid'));
  const shownInstance = await page.locator('.instance-picker__current code').innerText();
  await instanceField.fill(shownInstance);
  await page.getByRole('button', { name: zh('instance.use') }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]InstanceId=${shownInstance}\\b`));
  await expect(page.getByRole('button', { name: zh('instance.useAccounts') })).toBeVisible();

  // The namespace of the first repository, then that repository.
  const firstLink = bodyRows(page, zh('repositories.label')).first().getByRole('link');
  const [namespace = '', name = ''] = (await firstLink.innerText()).split('/');
  await page.getByLabel(zh('repositories.namespace')).fill(namespace);
  await expect(page).toHaveURL(new RegExp(`[?&]RepoNamespaceName=${namespace}\\b`));
  await expect(bodyRows(page, zh('repositories.label')).first()).toContainText(`${namespace}/`);
  await page.getByRole('link', { name: `${namespace}/${name}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: `${namespace}/${name}` })).toBeVisible();
  await expect(page.getByRole('link', { name: zh('tags.back') })).toBeVisible();
  await expect(bodyRows(page, zh('tags.label')).first()).toBeVisible();
  await expect(page.getByText(/^\d[\d,]* 个镜像版本$/)).toBeVisible();
  // The tag export's header row in the page's language, as the image lists' export does.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: zh('export.button') }).click();
  const records = decodeCsv(readFileSync(await (await download).path(), 'utf8'));
  expect(records[0]).toEqual(
    Object.values(ACR_TAG_EXPORT_HEADERS).map((titles) => titles['zh-CN']),
  );
  await expect(page.getByText('按 ACR 返回的顺序排列。点击列标题可对本页排序。')).toBeVisible();

  await page.getByRole('button', { name: zh('columns.size'), exact: true }).click();
  await expect(page).toHaveURL(/[?&]tagSort=ImageSize&tagOrder=asc\b/);
  await expect(page.getByText('仅对本页排序：按镜像大小升序。')).toBeVisible();
  expect(await englishOnPage(page)).toEqual([]);

  // The mirror's age, then a reload (an ACR cycle): a later time, told in Chinese.
  const freshness = page.getByRole('banner').locator('.sync[data-fetched-at]');
  await expect(freshness).toHaveText(/^ACR 数据(刚刚|\d+秒钟?前|\d+分钟前)已同步/);
  await expect(freshness).toHaveAttribute('title', /^数据时间 .+：/);
  const fetchedAt = Number(await freshness.getAttribute('data-fetched-at'));
  await page.getByRole('button', { name: zh('freshness.reloadLabel') }).click();
  await expect
    .poll(async () => Number(await freshness.getAttribute('data-fetched-at')))
    .toBeGreaterThan(fetchedAt);
  await expect(freshness).not.toContainText('重新加载被拒绝');
  expect(await englishOnPage(page)).toEqual([]);
});

const LAYOUTS = [
  ...([1440, 1024] as const).map((width) => ({
    language: 'zh-CN',
    width,
    colorSchemes: ['light', 'dark'] as const,
  })),
  // English words are the longer ones: the narrow window in English too.
  { language: 'en', width: 1024, colorSchemes: ['light'] as const },
] as const;

// Each page is loaded once and checked and shot in each scheme: the colours follow
// prefers-color-scheme in CSS alone (styles.css), so switching the scheme needs no reload.
for (const { language, width, colorSchemes } of LAYOUTS) {
  test(`${language} at ${width} px, ${colorSchemes.join(' and ')}: screenshots, and nothing in the tables is cut`, async ({
    page,
  }, testInfo) => {
    /** In each scheme: nothing in the tables cut, and the whole page shot. */
    const checkInEachScheme = async (shown: 'repositories' | 'tags') => {
      for (const colorScheme of colorSchemes) {
        await page.emulateMedia({ colorScheme });
        expect(await cutCells(page), `${shown}, ${colorScheme}`).toEqual([]);
        await page.screenshot({
          path: testInfo.outputPath(`acr-${shown}-${language}-${width}-${colorScheme}.png`),
          fullPage: true,
        });
      }
    };
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/acr?lang=${language}`);
    const rows = page.locator('main table tbody tr');
    await expect(rows).toHaveCount(20);
    await checkInEachScheme('repositories');

    await page.emulateMedia({ colorScheme: 'light' });
    const repoId = await repositoryWithFullPage(page.request);
    await page.goto(`/acr?lang=${language}&repo=${repoId}&tagSort=ImageUpdate&tagOrder=desc`);
    await expect(page.locator('main table tbody tr')).toHaveCount(20);
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await checkInEachScheme('tags');
  });
}
