// What the detail routes refuse before any cloud call: basic images of images the inventory does
// not hold (a flood of made-up ids used to queue hours of upstream calls ahead of genuine views),
// and anything outside the account's configured scope (ACR instance and region, HSS enterprise
// project). And what they always send: ACR's RegionId, which the simulator requires (seed 004).
import { describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../shared/contracts';
import { basicImagePath, firstPrivateImage } from './test-support/detail-paths';
import { useTestBff } from './test-support/hooks';
import { callsOf } from './test-support/sync-harness';

const TOKEN = 'detail-scope-test-token-0123456789';

const bff = useTestBff(
  { seed: 17, registryImages: 80, cicdImages: 20 },
  {
    DASHBOARD_TOKEN: TOKEN,
    HSS_CALL_BUDGET: '5/min',
    ACR_CALL_BUDGET: '60/min',
    LOG_LEVEL: 'silent',
  },
  { firstSync: true },
);

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${bff.url}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

function fieldOf(body: unknown): string | undefined {
  return ErrorBodySchema.parse(body).error.field;
}

function firstBasicImagePath(extra: Record<string, string> = {}): string {
  return basicImagePath(firstPrivateImage(bff.harness.sim.estate), extra);
}

describe('detail routes refuse what they should not ask the cloud', () => {
  it('answers 404 for images the inventory does not hold, without a call, and serves a genuine one at once', async () => {
    const before = callsOf(bff.harness, 'hss.ListImageBasicImage');
    const madeUp = Array.from({ length: 300 }, (_, index) =>
      index % 2 === 0
        ? `/api/hss/images/made-up-${index}/basic-image?image_type=cicd`
        : `/api/hss/images/made-up-${index}/basic-image?image_type=private_image&namespace=ns&image_name=n&image_version=v${index}`,
    );
    for (let start = 0; start < madeUp.length; start += 50) {
      const answers = await Promise.all(madeUp.slice(start, start + 50).map((path) => get(path)));
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(ErrorBodySchema.parse(answer.body).error.code).toBe('not_found');
      }
    }
    expect(callsOf(bff.harness, 'hss.ListImageBasicImage')).toBe(before);
    const genuine = await get(firstBasicImagePath());
    expect(genuine.status).toBe(200);
    expect(callsOf(bff.harness, 'hss.ListImageBasicImage')).toBe(before + 1);
  });

  it('answers 404 for SWR repositories that are made up or of the enterprise edition, without a call', async () => {
    const estate = bff.harness.sim.estate;
    const basicKeys = new Set(
      estate.registryImages
        .filter((row) => row.registry_type === 'SwrPrivate' || row.registry_type === 'SwrShared')
        .map((row) => `${row.namespace}/${row.image_name}`),
    );
    const enterprise = estate.registryImages.find(
      (row) =>
        row.registry_type === 'SwrEnterprise' &&
        !basicKeys.has(`${row.namespace}/${row.image_name}`),
    );
    const basic = estate.registryImages.find((row) => row.registry_type === 'SwrPrivate');
    if (!enterprise || !basic) throw new Error('the estate lacks an enterprise or a private image');
    const path = (namespace: string, name: string) =>
      `/api/swr/namespaces/${namespace}/repos/${encodeURIComponent(name)}`;
    const before = callsOf(bff.harness, 'swr.ShowRepository');
    for (const refused of [
      path(enterprise.namespace, enterprise.image_name),
      path('made-up', 'nothing/here'),
    ]) {
      const answer = await get(refused);
      expect(answer.status, refused).toBe(404);
    }
    expect(callsOf(bff.harness, 'swr.ShowRepository')).toBe(before);
    expect((await get(path(basic.namespace, basic.image_name))).status).toBe(200);
    expect(callsOf(bff.harness, 'swr.ShowRepository')).toBe(before + 1);
  });

  it('refuses an enterprise project, ACR instance or region other than the configured ones', async () => {
    const repo = bff.harness.sim.estate.acrRepositories[0];
    if (!repo) throw new Error('no ACR repository in the estate');
    const instanceId = repo.InstanceId;
    const hssBefore = bff.harness.sim.stats().total;
    const refused: Array<[string, string]> = [
      [firstBasicImagePath({ enterprise_project_id: '0' }), 'enterprise_project_id'],
      [firstBasicImagePath({ enterprise_project_id: 'another-project' }), 'enterprise_project_id'],
      ['/api/acr/repos?InstanceId=cri-someoneelse', 'InstanceId'],
      [`/api/acr/repos/${repo.RepoId}/tags?InstanceId=cri-someoneelse`, 'InstanceId'],
      ['/api/acr/repos?RegionId=cn-shanghai', 'RegionId'],
      [`/api/acr/repos/${repo.RepoId}/tags?RegionId=cn-shanghai`, 'RegionId'],
    ];
    for (const [path, field] of refused) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(fieldOf(answer.body), path).toBe(field);
    }
    expect(bff.harness.sim.stats().total).toBe(hssBefore);

    // The configured values themselves are fine.
    expect(
      (await get(firstBasicImagePath({ enterprise_project_id: 'all_granted_eps' }))).status,
    ).toBe(200);
    expect((await get(`/api/acr/repos?InstanceId=${instanceId}`)).status).toBe(200);
    expect((await get(`/api/acr/repos?RegionId=cn-hangzhou`)).status).toBe(200);
  });

  it("sends RegionId on ListRepoTag and ListRepository (the simulator requires the key's region)", async () => {
    const repo = bff.harness.sim.estate.acrRepositories[0];
    const tags = await get(`/api/acr/repos/${repo?.RepoId ?? 'crr-x'}/tags?PageSize=7`);
    expect(tags.status).toBe(200);
    const repos = await get('/api/acr/repos?PageSize=7');
    expect(repos.status).toBe(200);
  });
});

describe('basic image parameters as seed 000 states them', () => {
  it('takes namespace, image_name and image_version as optional, and adds no ranges of its own', async () => {
    const estate = bff.harness.sim.estate;
    const image = estate.registryImages.find(
      (candidate) =>
        candidate.image_type === 'private_image' &&
        estate.registryImages.filter((other) => other.image_id === candidate.image_id).length === 1,
    );
    if (!image) throw new Error('no private image with an id of its own');
    const byIdOnly = await get(
      `/api/hss/images/${image.image_id}/basic-image?image_type=private_image`,
    );
    expect(byIdOnly.status, JSON.stringify(byIdOnly.body)).toBe(200);
    const withName = await get(
      `/api/hss/images/${image.image_id}/basic-image?image_type=private_image&image_name=${encodeURIComponent(image.image_name)}`,
    );
    expect(withName.status).toBe(200);
    expect(withName.body).toEqual(byIdOnly.body);
    // The seed gives limit and offset no range: a limit over 200 is a valid request.
    const bigPage = await get(firstBasicImagePath({ limit: '500', offset: '0' }));
    expect(bigPage.status, JSON.stringify(bigPage.body)).toBe(200);
    // Nor a length to namespace: a long one is simply not in the inventory.
    const longNamespace = await get(firstBasicImagePath({ namespace: 'n'.repeat(300) }));
    expect(longNamespace.status).toBe(404);
  });
});
