// User story: a security engineer has a digest an ACR tag shows (hex, without `sha256:`) and asks
// where else it lives and whether it is risky. The branch has no search page yet, so the signed-in
// browser asks GET /api/search itself: one artifact with its SWR and its ACR location, carrying
// the scan HSS made of the SWR copy.
import type { APIRequestContext } from '@playwright/test';
import { SearchResponseSchema } from '../src/shared/contracts';
import { acrMirrored } from './acr-mirror';
import { expect, test } from './fixtures';

async function search(request: APIRequestContext, q: string) {
  const response = await request.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(response.ok(), await response.text()).toBe(true);
  return SearchResponseSchema.parse(await response.json());
}

test('a digest pasted from ACR finds one artifact with its SWR and ACR locations and the SWR scan', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const request = page.request;
  await acrMirrored(request);

  // A repository name leads to its tags; one of them was pushed to both clouds and scanned.
  const repositories = await request.get('/api/acr/repos?PageSize=100');
  const { Repositories } = (await repositories.json()) as { Repositories: { RepoName: string }[] };
  let shared: { digest: string } | undefined;
  for (const { RepoName } of Repositories) {
    const answer = await search(request, RepoName);
    shared = answer.artifacts.find(
      (artifact) =>
        artifact.scan?.source === 'hss_registry' &&
        artifact.locations.some((location) => location.source === 'acr') &&
        artifact.locations.some((location) => location.source === 'hss_registry'),
    );
    if (shared) break;
  }
  if (!shared) throw new Error('no ACR tag shares a scanned digest with SWR');

  const hex = shared.digest.slice('sha256:'.length);
  const answer = await search(request, hex);
  expect(answer.kind).toBe('digest');
  expect(answer.artifacts).toHaveLength(1);
  const [artifact] = answer.artifacts;
  const sources = artifact?.locations.map((location) => location.source);
  expect(sources).toContain('hss_registry');
  expect(sources).toContain('acr');
  const acr = artifact?.locations.find((location) => location.source === 'acr');
  expect(acr?.instance_id).toMatch(/^cri-/);
  expect(acr?.image_version).not.toBe('');
  expect(artifact?.scan?.source).toBe('hss_registry');
  expect(artifact?.scan?.location.source).toBe('hss_registry');
});
