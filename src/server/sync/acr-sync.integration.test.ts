// The ACR sync against the real simulator over signed HTTP, on SQLite and PostgreSQL: a first
// crawl mirrors every repository and tag of the instance within ACR_CALL_BUDGET (no throttled
// call at the simulator's own limit, in compressed time: 10 calls a second); an incremental cycle
// re-lists the tags only of repositories whose ModifiedTime moved; the sweep removes tags and
// repositories that are gone (a repository after two complete listings missed it) and nothing
// after an interrupted cycle, which the next one resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcrRepositoryRecord } from '../../simulator/estate';
import { demoAccounts } from '../config';
import { createClients } from '../clients';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import { startHarness, type Harness } from '../test-support/sync-harness';
import type { AcrClient } from '../upstream/alibaba/acr-client';
import { loadAcrSyncRecord, runAcrCycle, type AcrSyncTarget } from './acr-sync';

const RATE = '10/1s';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(inventoryBackends())('ACR sync on $name', (backend) => {
  let harness: Harness;
  let db: InventoryDb;
  let target: AcrSyncTarget;
  let instanceId: string;

  const calls = (api: 'acr.ListRepoTag' | 'acr.ListRepository') =>
    harness.sim.stats().calls[`${harness.keys.alibaba.accessKeyId}:${api}`] ?? 0;
  const repositoriesUpstream = () =>
    harness.sim.estate.acrRepositories.filter((repo) => repo.InstanceId === instanceId);
  const cycle = async (over: AcrSyncTarget = target) =>
    runAcrCycle(db, over, await loadAcrSyncRecord(db, over.account, over.instanceId), {
      signal: new AbortController().signal,
      now: () => Date.now(),
    });

  async function mirroredTags(): Promise<string[]> {
    const rows = await db
      .selectFrom('acr_tags')
      .select(['repo_id', 'image_version', 'image_digest', 'image_id', 'namespace', 'image_name'])
      .where('account', '=', target.account)
      .execute();
    return rows
      .map((row) => Object.values(row).join(' '))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  function upstreamTags(): string[] {
    return repositoriesUpstream()
      .flatMap((repo) =>
        repo.tags.map((tag) =>
          [
            repo.RepoId,
            tag.Tag,
            `sha256:${tag.Digest}`,
            tag.ImageId,
            repo.RepoNamespaceName,
            repo.RepoName,
          ].join(' '),
        ),
      )
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  async function mirroredRepositoryIds(): Promise<string[]> {
    const rows = await db
      .selectFrom('acr_repositories')
      .select('repo_id')
      .where('account', '=', target.account)
      .orderBy('repo_id')
      .execute();
    return rows.map((row) => row.repo_id);
  }
  const upstreamRepositoryIds = () =>
    repositoriesUpstream()
      .map((repo) => repo.RepoId)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  /** A change ACR would report: the repository's ModifiedTime moves. */
  function touch(repo: AcrRepositoryRecord): void {
    repo.ModifiedTime = Math.max(Date.now(), repo.ModifiedTime + 1);
  }

  beforeAll(async () => {
    harness = await startHarness({
      seed: 41,
      registryImages: 200,
      cicdImages: 20,
      rateLimit: RATE,
    });
    instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
    const accounts = demoAccounts(harness.keys, harness.sim.url, instanceId);
    const clients = createClients({
      accounts,
      hssCallBudget: RATE,
      acrCallBudget: RATE,
      logger: silent,
      timeoutMs: 5_000,
    });
    const alibaba = clients.byAccount.get('demo-alibaba');
    if (alibaba?.provider !== 'alibaba') throw new Error('no Alibaba demo account');
    target = {
      account: 'demo-alibaba',
      credentialId: alibaba.credentialId,
      instanceId,
      regionId: harness.keys.alibaba.regionId,
      client: alibaba.acr,
    };
    db = await backend.open();
  });

  afterAll(async () => {
    await db.destroy();
    await harness.sim.close();
  });

  it('mirrors every repository and tag within the budget: no throttled call', async () => {
    const repositories = repositoriesUpstream();
    const tagPages = repositories.reduce(
      (sum, repo) => sum + Math.max(1, Math.ceil(repo.tags.length / 100)),
      0,
    );
    expect(tagPages).toBeGreaterThan(repositories.length); // some repository has two pages
    const result = await cycle();
    expect(result.relisted).toBe(repositories.length);
    expect(await mirroredRepositoryIds()).toEqual(upstreamRepositoryIds());
    expect(await mirroredTags()).toEqual(upstreamTags());
    expect(calls('acr.ListRepoTag')).toBe(tagPages);
    expect(harness.sim.stats().throttled).toBe(0);
    const record = await loadAcrSyncRecord(db, target.account, instanceId);
    expect(record.last_full_sync).not.toBeNull();
    expect(record.state).toBe('idle');
  });

  it('re-lists the tags only of repositories whose modification time moved', async () => {
    const tagCallsBefore = calls('acr.ListRepoTag');
    const repoCallsBefore = calls('acr.ListRepository');
    expect((await cycle()).relisted).toBe(0);
    expect(calls('acr.ListRepoTag')).toBe(tagCallsBefore);
    expect(calls('acr.ListRepository')).toBe(repoCallsBefore + 1);

    const [changed] = repositoriesUpstream().filter((repo) => repo.tags.length < 100);
    if (!changed) throw new Error('no small repository');
    const pushed = changed.tags[0];
    if (!pushed) throw new Error('an empty repository');
    changed.tags.unshift({ ...pushed, Tag: 'pushed-now', Digest: 'ab'.repeat(32) });
    touch(changed);
    expect((await cycle()).relisted).toBe(1);
    expect(calls('acr.ListRepoTag')).toBe(tagCallsBefore + 1);
    expect(await mirroredTags()).toEqual(upstreamTags());
    expect(await mirroredTags()).toContain(
      `${changed.RepoId} pushed-now sha256:${'ab'.repeat(32)} ${pushed.ImageId} ${changed.RepoNamespaceName} ${changed.RepoName}`,
    );
    expect(harness.sim.stats().throttled).toBe(0);
  });

  it('sweeps deleted tags at once and deleted repositories after two complete listings', async () => {
    const repositories = harness.sim.estate.acrRepositories;
    const withTags = repositoriesUpstream().find((repo) => repo.tags.length > 1);
    if (!withTags) throw new Error('no repository with two tags');
    withTags.tags.pop();
    touch(withTags);
    const goneIndex = repositories.findIndex(
      (repo) => repo.InstanceId === instanceId && repo !== withTags,
    );
    const [gone] = repositories.splice(goneIndex, 1);
    if (!gone) throw new Error('no repository to remove');

    expect((await cycle()).removedRepositories).toBe(0);
    // Kept once (paging may skip a live repository once), its tags with it.
    expect(await mirroredRepositoryIds()).toContain(gone.RepoId);
    expect((await mirroredTags()).filter((tag) => tag.startsWith(withTags.RepoId))).toEqual(
      upstreamTags().filter((tag) => tag.startsWith(withTags.RepoId)),
    );

    expect((await cycle()).removedRepositories).toBe(1);
    expect(await mirroredRepositoryIds()).toEqual(upstreamRepositoryIds());
    expect(await mirroredTags()).toEqual(upstreamTags());
  });

  it('removes nothing after an interrupted cycle, and the next cycle resumes it', async () => {
    const repositories = harness.sim.estate.acrRepositories;
    const goneIndex = repositories.findIndex((repo) => repo.InstanceId === instanceId);
    const [gone] = repositories.splice(goneIndex, 1);
    if (!gone) throw new Error('no repository to remove');
    for (const repo of repositoriesUpstream()) touch(repo);
    // Two cycles would remove it: the first completes, the second fails after two tag listings.
    await cycle();
    for (const repo of repositoriesUpstream()) touch(repo);
    let tagCalls = 0;
    const failing: AcrClient = {
      listRepository: (query, options) => target.client.listRepository(query, options),
      listRepoTag: (query, options) => {
        tagCalls += 1;
        if (tagCalls > 2) return Promise.reject(new Error('connection reset'));
        return target.client.listRepoTag(query, options);
      },
    };
    await expect(cycle({ ...target, client: failing })).rejects.toThrow('connection reset');
    expect(await mirroredRepositoryIds()).toContain(gone.RepoId);

    const resumed = await cycle();
    expect(resumed.relisted).toBeGreaterThan(0);
    expect(resumed.relisted).toBeLessThan(repositoriesUpstream().length);
    expect(resumed.removedRepositories).toBe(1);
    expect(await mirroredRepositoryIds()).toEqual(upstreamRepositoryIds());
    expect(await mirroredTags()).toEqual(upstreamTags());
    expect(harness.sim.stats().throttled).toBe(0);
  });
});
