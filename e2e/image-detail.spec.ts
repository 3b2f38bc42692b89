// User story: a security engineer opens an image from the lists (a repository image, a CI/CD
// image, a multi-architecture image, one whose scan failed) and reads what it is, where it lives,
// what it is built on and what to do next; browses to the next image without closing; shares a
// link that opens the same image for a colleague.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import {
  CicdImagesPageSchema,
  ListImageBasicImageResponseSchema,
  PIPELINE_TYPE_LABELS,
  RegistryImagesPageSchema,
  SCAN_FAILED_CODES,
  SCAN_STATUS_LABELS,
  SwrRepositorySchema,
  type CicdImage,
  type RegistryImage,
  type ScanStatus,
} from '../src/shared/contracts';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

async function getJson(request: APIRequestContext, path: string): Promise<unknown> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return response.json();
}

async function registryImages(request: APIRequestContext, query: string) {
  return RegistryImagesPageSchema.parse(await getJson(request, `/api/hss/registry-images?${query}`))
    .data_list;
}

function panel(page: Page): Locator {
  return page.getByRole('dialog');
}

function section(page: Page, name: string): Locator {
  return panel(page).getByRole('region', { name, exact: true });
}

/** The value of a term in a section's description list. */
function field(scope: Locator, term: string): Locator {
  return scope
    .locator('dl > div')
    .filter({
      has: scope
        .page()
        .getByRole('term')
        .filter({ hasText: new RegExp(`^${term}$`) }),
    })
    .getByRole('definition');
}

async function checkIdentity(page: Page, image: RegistryImage | CicdImage) {
  const identity = section(page, 'Identity');
  await expect(field(identity, 'Name')).toHaveText(image.image_name);
  await expect(field(identity, 'Tag')).toHaveText(image.image_version);
  await expect(field(identity, 'Namespace')).toHaveText(image.namespace || '—');
  await expect(field(identity, 'Image id')).toHaveText(image.image_id || '—');
  await expect(field(identity, 'Digest')).toHaveText(image.image_digest || '—');
  if ('id' in image) await expect(field(identity, 'Record id')).toHaveText(image.id);
  else await expect(field(identity, 'Record id')).toHaveCount(0);
  await expect(identity.getByRole('button', { name: 'Copy digest' })).toHaveCount(
    image.image_digest ? 1 : 0,
  );
}

async function checkScanAndRisk(page: Page, image: RegistryImage | CicdImage) {
  const label = SCAN_STATUS_LABELS[image.scan_status as ScanStatus] ?? image.scan_status;
  await expect(field(section(page, 'Scan'), 'Status')).toContainText(label);
  const risks = section(page, 'Risks');
  await expect(field(risks, 'Vulnerabilities')).toHaveText(image.vul_num.toLocaleString('en-US'));
  await expect(field(risks, 'Baseline risks')).toHaveText(
    image.unsafe_setting_num.toLocaleString('en-US'),
  );
  await expect(field(risks, 'Malicious files')).toHaveText(
    image.malicious_file_num.toLocaleString('en-US'),
  );
}

/** The basic image section against the BFF's own answer for the same image. */
async function checkBasicImage(page: Page, path: string) {
  const answer = ListImageBasicImageResponseSchema.parse(await getJson(page.request, path));
  const basic = section(page, 'Basic image');
  if (answer.total_num === 0) {
    await expect(basic.getByText('No basic image found for this image.')).toBeVisible();
    return;
  }
  const rows = basic.getByRole('row');
  await expect(rows).toHaveCount(Math.min(answer.data_list.length, 5) + 1);
  for (const [index, entry] of answer.data_list.slice(0, 5).entries()) {
    const row = rows.nth(index + 1);
    await expect(row.getByRole('cell').nth(0)).toHaveText(entry.os_name);
    await expect(row.getByRole('cell').nth(1)).toHaveText(entry.os_version);
    await expect(row.getByRole('cell').nth(2)).toHaveText(entry.layer_digest);
  }
}

function basicImagePath(image: RegistryImage): string {
  const query = new URLSearchParams({
    image_type: image.image_type,
    namespace: image.namespace,
    image_name: image.image_name,
    image_version: image.image_version,
  });
  return `/api/hss/images/${encodeURIComponent(image.image_id || image.id)}/basic-image?${query.toString()}`;
}

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `detail-${name}.png`) });
}

test('opens a repository image from the list, browses with j/k, closes with Escape', async ({
  page,
}) => {
  const filter = 'image_type=private_image&scan_status=success&is_multarch=false';
  const [image, second] = await registryImages(page.request, `${filter}&limit=2`);
  if (!image || !second) throw new Error('the demo estate has no scanned private images');

  await page.goto(`/registry-images?${filter}`);
  const row = page.locator(`[data-row-id="${image.id}"]`);
  await row.click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${image.id}\\b`));
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(
    `${image.image_name}:${image.image_version}`,
  );
  await expect(panel(page).getByRole('heading', { level: 2 })).toBeFocused();

  await checkIdentity(page, image);
  await checkScanAndRisk(page, image);
  const registry = section(page, 'Registry');
  await expect(field(registry, 'Type')).toHaveText('Private');
  await expect(field(registry, 'Registry')).toHaveText(image.registry_name || '—');
  await expect(field(registry, 'Registry type')).toHaveText(image.registry_type || '—');
  await checkBasicImage(page, basicImagePath(image));

  // A private SWR image: its repository's facts, as SWR gives them.
  expect(image.registry_type).toBe('SwrPrivate');
  const repository = SwrRepositorySchema.parse(
    await getJson(
      page.request,
      `/api/swr/namespaces/${image.namespace}/repos/${encodeURIComponent(image.image_name)}`,
    ),
  );
  const facts = section(page, 'Repository');
  await expect(field(facts, 'Category')).toHaveText(repository.category || '—');
  await expect(field(facts, 'Visibility')).toHaveText(repository.is_public ? 'Public' : 'Private');
  await expect(field(facts, 'Images')).toHaveText(repository.num_images.toLocaleString('en-US'));
  await expect(field(facts, 'Downloads')).toHaveText(
    repository.num_download.toLocaleString('en-US'),
  );
  await expect(field(facts, 'Pull path')).toHaveText(repository.path || '—');
  await expect(field(facts, 'Internal pull path')).toHaveText(repository.internal_path || '—');
  await expect(facts.getByRole('button', { name: 'Copy external pull path' })).toBeVisible();
  await screenshot(page, 'registry');

  // Browse: j to the next image on the page, k back, without closing.
  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`[?&]image=${second.id}\\b`));
  await expect(field(section(page, 'Identity'), 'Record id')).toHaveText(second.id);
  await page.keyboard.press('k');
  await expect(page).toHaveURL(new RegExp(`[?&]image=${image.id}\\b`));
  await expect(field(section(page, 'Identity'), 'Record id')).toHaveText(image.id);

  // Escape closes; focus returns to the image's row.
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]image=/);
  await expect(row).toBeFocused();
});

test('an SWR Enterprise Edition image says which edition it is in, and SWR is not asked', async ({
  page,
}) => {
  const filter = 'image_type=instance_image&scan_status=success';
  const [image] = await registryImages(page.request, `${filter}&limit=1`);
  if (!image) throw new Error('the demo estate has no scanned enterprise images');
  expect(image.registry_type).toBe('SwrEnterprise');
  const swrRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/swr/')) swrRequests.push(request.url());
  });

  await page.goto(`/registry-images?${filter}`);
  await page.locator(`[data-row-id="${image.id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${image.id}\\b`));
  const repository = section(page, 'Repository');
  await expect(repository).toContainText('SWR Enterprise Edition');
  await expect(repository).toContainText(image.instance_name || image.registry_name);
  await expect(repository).toContainText('none are shown');
  await expect(field(repository, 'Category')).toHaveCount(0);
  // The basic image is asked (HSS), the repository facts are not (SWR).
  await expect(section(page, 'Basic image')).toBeVisible();
  expect(swrRequests).toEqual([]);
  await screenshot(page, 'swr-enterprise');
});

test('opens a CI/CD image with its pipeline and basic image', async ({ page }) => {
  const [image] = CicdImagesPageSchema.parse(
    await getJson(page.request, '/api/hss/cicd-images?scan_status=success&limit=10'),
  ).data_list;
  if (!image) throw new Error('the demo estate has no scanned CI/CD images');

  await page.goto('/cicd-images?scan_status=success');
  await page.locator(`[data-row-id="${image.record_key}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${encodeURIComponent(image.record_key)}`));
  await expect(panel(page).getByText('CI/CD image', { exact: false }).first()).toBeVisible();
  await checkIdentity(page, image);
  await checkScanAndRisk(page, image);
  const pipeline = section(page, 'Registry and pipeline');
  await expect(field(pipeline, 'Pipeline')).toHaveText(image.cicd_name || '—');
  await expect(field(pipeline, 'Pipeline type')).toHaveText(
    PIPELINE_TYPE_LABELS[image.pipeline_type as keyof typeof PIPELINE_TYPE_LABELS] ?? '—',
  );
  await checkBasicImage(
    page,
    `/api/hss/images/${encodeURIComponent(image.image_id)}/basic-image?image_type=cicd`,
  );
  await screenshot(page, 'cicd');

  await panel(page).getByRole('button', { name: 'Close' }).click();
  await expect(panel(page)).toHaveCount(0);
  await expect(page.locator(`[data-row-id="${image.record_key}"]`)).toBeFocused();
});

test('opens a multi-architecture image and each of its architectures', async ({ page }) => {
  const images = await registryImages(page.request, 'is_multarch=true&limit=20');
  const image = images.find((candidate) => candidate.association_images.length >= 2);
  if (!image) throw new Error('the demo estate has no multi-architecture image with associations');

  await page.goto(`/registry-images?is_multarch=true&image=${image.id}`);
  await expect(panel(page).getByText('multi-arch', { exact: true })).toBeVisible();
  await checkIdentity(page, image);
  const architectures = section(page, 'Architectures');
  await expect(
    architectures.getByText(`${image.association_images.length} associated images`),
  ).toBeVisible();
  const rows = architectures.getByRole('row');
  await expect(rows).toHaveCount(image.association_images.length + 1);
  for (const [index, association] of image.association_images.entries()) {
    const row = rows.nth(index + 1);
    await expect(row).toContainText(`id ${association.id}`);
    await expect(row).toContainText(
      SCAN_STATUS_LABELS[association.scan_status as ScanStatus] ?? association.scan_status,
    );
    await expect(row.getByRole('cell').nth(2)).toHaveText(
      association.vul_num.toLocaleString('en-US'),
    );
  }
  await screenshot(page, 'multiarch');

  // Each architecture opens its own detail, fetched by id when it is not on the page.
  const child = image.association_images[0];
  if (!child) throw new Error('unreachable');
  await rows.nth(1).getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${child.id}\\b`));
  await expect(field(section(page, 'Identity'), 'Record id')).toHaveText(child.id);
  await expect(field(section(page, 'Identity'), 'Digest')).toHaveText(child.image_digest);
  await page.goBack();
  await expect(field(section(page, 'Identity'), 'Record id')).toHaveText(image.id);
});

test('explains a failed scan with the code, its meaning and advice', async ({ page }) => {
  const images = await registryImages(page.request, 'scan_status=failed&limit=50');
  const image =
    images.find((candidate) => candidate.scan_failed_code in SCAN_FAILED_CODES) ?? images[0];
  if (!image) throw new Error('the demo estate has no image whose scan failed');

  await page.goto(`/registry-images?scan_status=failed&image=${image.id}`);
  const scan = section(page, 'Scan');
  await expect(field(scan, 'Status')).toContainText('Scan failed');
  const failure = scan.getByRole('note', { name: 'Scan failure' });
  await expect(failure).toContainText(image.scan_failed_code);
  const known = SCAN_FAILED_CODES[image.scan_failed_code as keyof typeof SCAN_FAILED_CODES];
  expect(known, `known failure code ${image.scan_failed_code}`).toBeDefined();
  if (known) {
    await expect(failure).toContainText(known.meaning);
    await expect(failure).toContainText(known.advice);
  }
  // A failed scan rates nothing.
  await expect(section(page, 'Risks')).toContainText('Not rated');
  await checkIdentity(page, image);
  await screenshot(page, 'scan-failed');
  // The same panel in the dark theme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'scan-failed-dark');
});

test('a pasted link opens the image in a fresh page, even when it is not on the page shown', async ({
  browser,
  page,
}) => {
  // The largest id is on the last page in the default order, never on the first.
  const [image] = await registryImages(page.request, 'sort_key=id&sort_dir=desc&limit=1');
  if (!image) throw new Error('no images');
  const link = `/registry-images?image=${image.id}`;

  const context = page.context();
  const fresh = await context.newPage();
  await fresh.goto(link);
  await expect(fresh.getByRole('dialog')).toBeVisible();
  await expect(fresh.getByRole('dialog').getByRole('heading', { level: 2 })).toHaveText(
    `${image.image_name}:${image.image_version}`,
  );
  await expect(
    fresh.getByText('Opened from a link: this image is not on the current page.'),
  ).toBeVisible();
  await expect(
    field(fresh.getByRole('dialog').getByRole('region', { name: 'Identity' }), 'Record id'),
  ).toHaveText(image.id);
  // Not on this page: nothing to browse to.
  await expect(fresh.getByRole('dialog').getByRole('button', { name: /Next/ })).toBeDisabled();
  await fresh.close();
  expect(browser.isConnected()).toBe(true);
});

test.describe('a link to an image that is gone', () => {
  test.use({ expectedConsoleErrors: [/status of 404/] });

  test('says so with the request id and a retry', async ({ page }) => {
    await page.goto('/registry-images?image=1');
    const dialog = panel(page);
    await expect(dialog.getByText('This image could not be loaded')).toBeVisible();
    await expect(dialog.getByText(/not in the inventory/)).toBeVisible();
    await expect(dialog.getByText(/Request id/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Retry' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
});
