// User story: a security engineer lists the images of one tag and sees a multi-architecture image
// and its per-architecture members told apart (members marked, digests shown), the parent's risk
// rolled up from its members (labelled as a roll-up, not "Not rated" and 0/0/0), and moves from
// the parent's drawer to a member's and back.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  RegistryImagesPageSchema,
  SEVERITY_LABELS,
  type SeverityLevel,
} from '../src/shared/contracts';
import { shortDigest } from '../src/lib/format';
import { expect, test } from './fixtures';
import { ARTIFACTS_DIR } from './server-info';

const SCREENSHOTS = join(ARTIFACTS_DIR, 'screenshots');

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `multi-arch-${name}.png`) });
}

const severityLabel = (level: string) => SEVERITY_LABELS[level as SeverityLevel] ?? 'Not rated';

test('marks architecture members, rolls their risk up to the parent, links both ways', async ({
  page,
}) => {
  const response = await page.request.get('/api/hss/registry-images?is_multarch=true&limit=200');
  expect(response.status()).toBe(200);
  const parents = RegistryImagesPageSchema.parse(await response.json()).data_list;
  const parent = parents.find(
    (candidate) =>
      candidate.multi_arch?.role === 'parent' &&
      candidate.multi_arch.rollup.vul_num > 0 &&
      candidate.association_images.length >= 2,
  );
  if (parent?.multi_arch?.role !== 'parent') throw new Error('no multi-arch image with findings');
  const { rollup } = parent.multi_arch;
  // The parent's own row says nothing: the roll-up is what the user must see.
  expect([parent.severity_level, parent.vul_num]).toEqual(['', 0]);

  // The tag's rows: the parent and its members share name and tag.
  await page.goto(
    `/registry-images?image_name=${encodeURIComponent(parent.image_name)}` +
      `&namespace=${encodeURIComponent(parent.namespace)}` +
      `&image_version=${encodeURIComponent(parent.image_version)}`,
  );
  const parentRow = page.locator(`[data-row-id="${parent.id}"]`);
  await expect(parentRow).toBeVisible();
  await expect(parentRow.getByText('multi-arch', { exact: true })).toBeVisible();
  await expect(parentRow.getByText(`@${shortDigest(parent.image_digest)}`)).toBeVisible();
  const rolled = parentRow.locator('.rollup');
  await expect(rolled).toHaveCount(4); // severity and the three counts
  await expect(rolled.first()).toContainText(severityLabel(rollup.severity_level));
  await expect(rolled.first().getByRole('img', { name: 'roll-up' })).toBeVisible();
  await expect(parentRow.getByRole('img', { name: 'roll-up' })).toHaveCount(4);
  await expect(rolled.nth(1)).toContainText(rollup.vul_num.toLocaleString('en-US'));
  await expect(parentRow).not.toContainText('Not rated');

  for (const member of parent.association_images) {
    const memberRow = page.locator(`[data-row-id="${member.id}"]`);
    await expect(memberRow.getByText('arch member', { exact: true })).toBeVisible();
    await expect(memberRow.getByText(`@${shortDigest(member.image_digest)}`)).toBeVisible();
    await expect(memberRow.locator('.rollup')).toHaveCount(0);
  }
  await screenshot(page, 'list');

  // The parent's drawer: the rolled-up risk, labelled, and its architectures.
  await page.goto(
    `/registry-images?image_name=${encodeURIComponent(parent.image_name)}` +
      `&namespace=${encodeURIComponent(parent.namespace)}` +
      `&image_version=${encodeURIComponent(parent.image_version)}&image=${parent.id}`,
  );
  const dialog = page.getByRole('dialog');
  const risks = dialog.getByRole('region', { name: 'Risks', exact: true });
  await expect(risks.getByText(`Roll-up of ${rollup.members} architectures`)).toBeVisible();
  await expect(risks.getByText('Worst risk level')).toBeVisible();
  await expect(risks).toContainText(severityLabel(rollup.severity_level));
  await expect(risks.getByRole('definition').first()).toHaveText(
    rollup.vul_num.toLocaleString('en-US'),
  );
  await screenshot(page, 'parent-drawer');

  // Parent → member.
  const member = parent.association_images[0];
  if (!member) throw new Error('unreachable');
  const architectures = dialog.getByRole('region', { name: 'Architectures', exact: true });
  await architectures.getByRole('row').nth(1).getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${member.id}\\b`));
  const back = dialog.getByRole('note').filter({ hasText: 'One architecture of' });
  await expect(back).toBeVisible();
  await expect(dialog.getByText('arch member', { exact: true })).toBeVisible();
  await screenshot(page, 'member-drawer');

  // Member → parent.
  await back.getByRole('button', { name: shortDigest(parent.image_digest) }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]image=${parent.id}\\b`));
  await expect(risks.getByText('Worst risk level')).toBeVisible();
});
