// GET /api/acr/repos and GET /api/acr/repos/{RepoId}/tags once ACR is mirrored, against the real
// simulator and BFF over HTTP, on SQLite and PostgreSQL: they answer from the inventory exactly
// what ACR answers (the simulator asked through the same client), with no ACR call, say how old
// the data is, refuse bad parameters naming the field, and ask ACR on demand (marked so) before
// the instance's first crawl has completed.
import { describe, expect, it } from 'vitest';
import {
  AcrRepositoriesPageSchema,
  AcrTagsPageSchema,
  API_ROUTES,
  ErrorBodySchema,
  EXPORT_HEADERS,
  SyncResponseSchema,
  fillPath,
  type ListRepoTagQuery,
  type ListRepositoryQuery,
} from '../shared/contracts';
import { inventoryBackends } from './test-support/test-backends';
import { useTestBff } from './test-support/hooks';
import { startAndMirrorAcr, type TestBff } from './test-support/sync-harness';
import { waitFor } from './test-support/wait-for';

const TOKEN = 'acr-routes-mirrored-test-token-0123456';
const ACCOUNT = 'demo-alibaba';

async function get(bff: TestBff, path: string, query: Record<string, string> = {}) {
  const url = `${bff.url}${path}?${new URLSearchParams(query).toString()}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: await response.json(), response };
}

function acrCalls(bff: TestBff): number {
  const calls = bff.harness.sim.stats().calls;
  const key = bff.harness.keys.alibaba.accessKeyId;
  return (calls[`${key}:acr.ListRepository`] ?? 0) + (calls[`${key}:acr.ListRepoTag`] ?? 0);
}

function acrClient(bff: TestBff) {
  const clients = bff.server.clients.byAccount.get(ACCOUNT);
  if (clients?.provider !== 'alibaba') throw new Error('no Alibaba client');
  return clients.acr;
}

/** An ACR page without what differs between two answers of the same data (the request id). */
function comparable<T extends { RequestId: string }>(page: T): Omit<T, 'RequestId'> {
  const { RequestId: _requestId, ...rest } = page;
  return rest;
}

const tagsPath = (repoId: string) => fillPath(API_ROUTES.acrTags, { RepoId: repoId });

describe.each(inventoryBackends())('the ACR routes once mirrored, on $name', (backend) => {
  let instanceId = '';
  let regionId = '';

  const bff = useTestBff(
    { seed: 33, registryImages: 20, cicdImages: 5, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    {
      prepare: async () => {
        instanceId = bff.harness.sim.estate.acrInstances[0]?.InstanceId ?? '';
        const account = bff.server.acr.targets.find((target) => target.account === ACCOUNT);
        regionId = account?.regionId ?? '';
        await startAndMirrorAcr(bff);
      },
      openDb: () => backend.open(),
      timeoutMs: 180_000,
    },
  );

  /** What the simulator answers ListRepository through the BFF's own client. */
  async function upstreamRepositories(query: Partial<ListRepositoryQuery>) {
    const asked = { InstanceId: instanceId, RegionId: regionId, ...query };
    return comparable((await acrClient(bff).listRepository(asked)).data);
  }

  async function upstreamTags(query: Partial<ListRepoTagQuery> & { RepoId: string }) {
    const asked = { InstanceId: instanceId, RegionId: regionId, ...query };
    return comparable((await acrClient(bff).listRepoTag(asked)).data);
  }

  it('answer the repositories as ACR does, with no ACR call and the data age', async () => {
    const queries: Array<Record<string, string>> = [
      {},
      { PageNo: '2', PageSize: '7' },
      { PageNo: '99', PageSize: '100' },
      { RepoNamespaceName: 'prod' },
      { RepoName: 'A', RepoStatus: 'ALL', PageSize: '100' },
      { RepoStatus: 'DELETING' },
    ];
    const expected = [];
    for (const query of queries) expected.push(await upstreamRepositories(query));
    expect(expected[0]?.TotalCount).toBeGreaterThan(7);

    const callsBefore = acrCalls(bff);
    const synced = await bff.db
      .selectFrom('acr_sync_state')
      .select(['last_full_sync', 'last_incremental_sync'])
      .where('instance_id', '=', instanceId)
      .executeTakeFirstOrThrow();
    const dataAge = Math.max(
      Number(synced.last_full_sync),
      Number(synced.last_incremental_sync ?? 0),
    );
    for (const [index, query] of queries.entries()) {
      const answer = await get(bff, API_ROUTES.acrRepos, query);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const page = AcrRepositoriesPageSchema.parse(answer.body);
      expect(comparable(page), JSON.stringify(query)).toEqual({
        ...expected[index],
        mirrored: true,
        synced_at: dataAge,
        fetched_at: dataAge,
      });
      expect(answer.response.headers.get(EXPORT_HEADERS.syncedAt)).toBe(String(dataAge));
    }
    expect(acrCalls(bff)).toBe(callsBefore);
  });

  it('answer the tags of a repository as ACR does, with no ACR call', async () => {
    const repos = bff.harness.sim.estate.acrRepositories.filter(
      (repo) => repo.InstanceId === instanceId,
    );
    const many = repos.reduce((best, repo) => (repo.tags.length > best.tags.length ? repo : best));
    expect(many.tags.length).toBeGreaterThan(30);
    const queries: Array<Record<string, string>> = [
      {},
      { PageNo: '2', PageSize: '10' },
      { PageNo: '1', PageSize: '100', InstanceId: instanceId },
      { PageNo: '500' },
    ];
    const expected = [];
    for (const query of queries)
      expected.push(await upstreamTags({ ...query, RepoId: many.RepoId }));

    const callsBefore = acrCalls(bff);
    for (const [index, query] of queries.entries()) {
      const answer = await get(bff, tagsPath(many.RepoId), query);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const page = AcrTagsPageSchema.parse(answer.body);
      expect(comparable(page)).toMatchObject({ ...expected[index], mirrored: true });
      expect(page.Images).toEqual(expected[index]?.Images);
    }
    // A repository the inventory does not hold is not asked for.
    const unknown = await get(bff, tagsPath('crr-doesnotexist0000'));
    expect(unknown.status).toBe(404);
    expect(acrCalls(bff)).toBe(callsBefore);
  });

  it('refuse bad parameters naming the field, without an ACR call', async () => {
    const callsBefore = acrCalls(bff);
    const repoId = bff.harness.sim.estate.acrRepositories[0]?.RepoId ?? '';
    const cases: Array<[string, Record<string, string>, string]> = [
      [API_ROUTES.acrRepos, { PageSize: '0' }, 'PageSize'],
      [API_ROUTES.acrRepos, { PageNo: 'x' }, 'PageNo'],
      [API_ROUTES.acrRepos, { RepoStatus: 'GONE' }, 'RepoStatus'],
      [API_ROUTES.acrRepos, { InstanceId: 'cri-someoneelse' }, 'InstanceId'],
      [API_ROUTES.acrRepos, { RegionId: 'cn-elsewhere' }, 'RegionId'],
      [API_ROUTES.acrRepos, { Colour: 'blue' }, 'Colour'],
      [API_ROUTES.acrRepos, { reload: 'maybe' }, 'reload'],
      [tagsPath(repoId), { PageSize: '101' }, 'PageSize'],
      [tagsPath(repoId), { RepoId: repoId }, 'RepoId'],
      [tagsPath('not-a-repo'), {}, 'RepoId'],
    ];
    for (const [path, query, field] of cases) {
      const answer = await get(bff, path, query);
      expect(answer.status, `${path} ${JSON.stringify(query)}`).toBe(400);
      expect(ErrorBodySchema.parse(answer.body).error.field).toBe(field);
    }
    expect(acrCalls(bff)).toBe(callsBefore);
  });
});

describe('a reload of the mirrored ACR routes', () => {
  const bff = useTestBff(
    { seed: 35, registryImages: 5, cicdImages: 5, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    {
      prepare: async () => {
        await startAndMirrorAcr(bff);
      },
      timeoutMs: 180_000,
    },
  );

  async function acrInstanceStatus() {
    const answer = await get(bff, API_ROUTES.sync);
    const status = SyncResponseSchema.parse(answer.body);
    const [instance] = status.acr?.find((entry) => entry.account === ACCOUNT)?.instances ?? [];
    if (!instance) throw new Error('no ACR instance in /api/sync');
    return instance;
  }

  it('runs an ACR sync cycle within ACR_CALL_BUDGET and answers its result', async () => {
    const before = await acrInstanceStatus();
    expect(before.refresh ?? null).toBeNull();
    const callsBefore = acrCalls(bff);
    const answer = await get(bff, API_ROUTES.acrRepos, { reload: 'true' });
    expect(answer.status).toBe(200);
    const page = AcrRepositoriesPageSchema.parse(answer.body);
    // The sync interval is 10 minutes: only the reload made this cycle.
    const after = await acrInstanceStatus();
    expect(after.last_incremental_sync ?? 0).toBeGreaterThan(before.last_incremental_sync ?? 0);
    expect(page).toMatchObject({ mirrored: true, synced_at: after.last_incremental_sync });
    expect(page.refresh_queued).toBeUndefined();
    expect(acrCalls(bff)).toBeGreaterThan(callsBefore);
    expect(after.calls).toBeGreaterThan(before.calls);
    await waitFor(
      'the refresh to be done',
      async () => (await acrInstanceStatus()).refresh === null,
      60_000,
    );
  });

  it('shows a queued refresh on /api/sync until it has run', async () => {
    // Not leading the sync, this replica only records the request (as a follower would).
    await bff.server.acr.stop();
    const answer = await get(
      bff,
      tagsPath(bff.harness.sim.estate.acrRepositories[0]?.RepoId ?? ''),
      {
        reload: 'true',
      },
    );
    expect(answer.status).toBe(200);
    expect(AcrTagsPageSchema.parse(answer.body).refresh_queued).toBe(true);
    expect((await acrInstanceStatus()).refresh).toMatchObject({
      kind: 'incremental',
      state: 'queued',
    });
    bff.server.acr.start();
    await waitFor(
      'the refresh to be done',
      async () => (await acrInstanceStatus()).refresh === null,
      60_000,
    );
  });
});

describe('the ACR routes before the first ACR crawl', () => {
  const bff = useTestBff(
    { seed: 34, registryImages: 5, cicdImages: 5, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
  );

  it('ask ACR on demand and say the instance is not mirrored yet', async () => {
    const callsBefore = acrCalls(bff);
    const answer = await get(bff, API_ROUTES.acrRepos);
    expect(answer.status).toBe(200);
    const page = AcrRepositoriesPageSchema.parse(answer.body);
    expect(page.mirrored).toBe(false);
    expect(page.synced_at).toBeNull();
    expect(page.fetched_at).toEqual(expect.any(Number));
    expect(acrCalls(bff)).toBe(callsBefore + 1);
  });
});
