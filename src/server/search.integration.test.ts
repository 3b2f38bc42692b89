// GET /api/search against the real simulator and BFF over HTTP, on SQLite and PostgreSQL: every
// key kind finds its records; the same digest in both HSS lists is one artifact with both
// locations and carries the scan made on one of them; prefixes follow the documented rule
// (search-key.ts); a 64-bit id comes back digit for digit; a digest no one scanned has no scan.
import { describe, expect, it } from 'vitest';
import type { CicdImageRecord, RegistryImageRecord } from '../simulator/estate';
import {
  API_ROUTES,
  CrossCloudSummarySchema,
  ErrorBodySchema,
  SEARCH_ARTIFACTS_MAX,
  SearchResponseSchema,
  SyncResponseSchema,
  type SearchResponse,
} from '../shared/contracts';
import { getWithToken } from './test-support/api-calls';
import { inventoryBackends } from './test-support/test-backends';
import { useTestBff } from './test-support/hooks';
import { expectedAcrTags, startAndMirrorAcr } from './test-support/sync-harness';
import { waitFor } from './test-support/wait-for';

const TOKEN = 'search-test-dashboard-token-0123456789';
const MAX_ID = '9223372036854775807';
const hexOf = (digest: string) => digest.slice('sha256:'.length);

interface Planted {
  /** A scanned repository image whose digest a CI/CD record (never scanned) also has. */
  shared: RegistryImageRecord;
  sharedCicd: CicdImageRecord;
  /** A repository image and a CI/CD record whose digests share their first 12 hex only. */
  prefixTwin: RegistryImageRecord;
  neverScanned: RegistryImageRecord;
  largestId: RegistryImageRecord;
  cicdById: CicdImageRecord;
}

describe.each(inventoryBackends())('GET /api/search on $name', (backend) => {
  let planted: Planted;

  const call = (path: string) => getWithToken(bff.url, path, TOKEN);

  async function search(q: string): Promise<SearchResponse & { raw: string }> {
    const response = await call(`${API_ROUTES.search}?q=${encodeURIComponent(q)}`);
    expect(response.status, response.text).toBe(200);
    return { ...SearchResponseSchema.parse(JSON.parse(response.text)), raw: response.text };
  }

  async function refused(q: string) {
    const response = await call(`${API_ROUTES.search}?q=${encodeURIComponent(q)}`);
    expect(response.status, response.text).toBe(400);
    return ErrorBodySchema.parse(JSON.parse(response.text)).error;
  }

  const bff = useTestBff(
    { seed: 31, registryImages: 400, cicdImages: 60, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'warn' },
    {
      prepare: async () => {
        const { registryImages, cicdImages } = bff.harness.sim.estate;
        const scanned = registryImages.filter((image) => image.scan_status === 'success');
        const [shared, prefixTwin] = scanned;
        const [sharedCicd, twinCicd, cicdById] = cicdImages;
        const neverScanned = registryImages.find((image) => image.latest_scan_time === null);
        const largestId = registryImages.find((image) => image.id === MAX_ID);
        if (
          !shared ||
          !prefixTwin ||
          !sharedCicd ||
          !twinCicd ||
          !cicdById ||
          !neverScanned ||
          !largestId
        )
          throw new Error('the estate lacks the images this test needs');
        // Built by a pipeline and pushed to SWR: HSS scanned the repository copy only.
        Object.assign(sharedCicd, {
          image_digest: shared.image_digest,
          scan_status: 'unscan',
          latest_scan_time: null,
        });
        const twinHex = hexOf(prefixTwin.image_digest);
        const flipped = (twinHex[12] === '0' ? '1' : '0') + twinHex.slice(13);
        twinCicd.image_digest = `sha256:${twinHex.slice(0, 12)}${flipped}`;
        planted = { shared, sharedCicd, prefixTwin, neverScanned, largestId, cicdById };

        await startAndMirrorAcr(bff, 60_000);
        await waitFor(
          'the BFF to be ready',
          async () => (await fetch(`${bff.url}/readyz`)).status === 200,
          60_000,
        );
      },
      openDb: () => backend.open(),
      timeoutMs: 120_000,
    },
  );

  it('joins the same digest in both lists into one artifact that carries the scan', async () => {
    const { shared, sharedCicd } = planted;
    for (const q of [shared.image_digest, hexOf(shared.image_digest).toUpperCase()]) {
      const answer = await search(q);
      expect(answer.kind).toBe('digest');
      expect(answer.artifacts).toHaveLength(1);
      const [artifact] = answer.artifacts;
      expect(artifact?.digest).toBe(shared.image_digest);
      expect(artifact?.locations.map((location) => location.source)).toEqual([
        'hss_registry',
        'hss_cicd',
      ]);
      expect(artifact?.locations[0]).toMatchObject({ id: shared.id, namespace: shared.namespace });
      expect(artifact?.locations[1]).toMatchObject({ cicd_name: sharedCicd.cicd_name });
      expect(artifact?.scan).toMatchObject({
        source: 'hss_registry',
        location: { source: 'hss_registry', id: shared.id },
        scan_status: 'success',
        severity_level: shared.severity_level,
        vul_num: shared.vul_num,
        malicious_file_num: shared.malicious_file_num,
        unsafe_setting_num: shared.unsafe_setting_num,
      });
    }
  });

  it('finds by digest prefix (12 hex or more) and refuses an ambiguous one with the candidates', async () => {
    const { shared, prefixTwin } = planted;
    const unique = await search(`sha256:${hexOf(shared.image_digest).slice(0, 12)}`);
    expect(unique.kind).toBe('digest_prefix');
    expect(unique.artifacts.map((artifact) => artifact.digest)).toEqual([shared.image_digest]);

    const ambiguous = await refused(hexOf(prefixTwin.image_digest).slice(0, 12));
    expect(ambiguous).toMatchObject({
      code: 'invalid_parameter',
      field: 'q',
      reason: 'ambiguous_digest_prefix',
      candidates: 2,
    });
    // One more digit tells them apart.
    const longer = await search(hexOf(prefixTwin.image_digest).slice(0, 13));
    expect(longer.artifacts.map((artifact) => artifact.digest)).toEqual([prefixTwin.image_digest]);
  });

  it('reads fewer than 12 hex as text, and refuses them after sha256:', async () => {
    const short = hexOf(planted.shared.image_digest).slice(0, 11);
    const answer = await search(short);
    expect(answer.kind).toBe('text');
    expect(answer.artifacts.map((artifact) => artifact.digest)).toContain(
      planted.shared.image_digest,
    );
    expect(await refused(`sha256:${short}`)).toMatchObject({ field: 'q' });
    expect(await refused('x'.repeat(301))).toMatchObject({ field: 'q' });
    expect(await refused('   ')).toMatchObject({ field: 'q' });
  });

  it('finds by image id, name:tag, namespace/name[:tag] and text', async () => {
    const { cicdById, largestId } = planted;
    const byId = await search(cicdById.image_id);
    expect(byId.artifacts.map((artifact) => artifact.digest)).toEqual([cicdById.image_digest]);

    const named = bff.harness.sim.estate.registryImages.find(
      (image) => !image.image_name.includes('/') && image.id !== largestId.id,
    );
    if (!named) throw new Error('no plain name in the estate');
    const nameTag = await search(`${named.image_name}:${named.image_version}`);
    expect(nameTag.kind).toBe('name_tag');
    expect(nameTag.artifacts.map((artifact) => artifact.digest)).toContain(named.image_digest);
    for (const artifact of nameTag.artifacts)
      expect(artifact.locations.some((l) => l.image_version === named.image_version)).toBe(true);

    const reference = await search(
      `swr.example.com/${named.namespace}/${named.image_name}:${named.image_version}`,
    );
    expect(reference.kind).toBe('reference');
    expect(reference.artifacts.map((artifact) => artifact.digest)).toContain(named.image_digest);

    // Text: case-insensitive, exactly the digests whose records match, or counted when capped.
    const text = named.image_name.slice(1).toUpperCase();
    const estate = bff.harness.sim.estate;
    const records = [...estate.registryImages, ...estate.cicdImages, ...expectedAcrTags(estate)];
    const expected = new Set(
      records
        .filter((record) =>
          `${record.namespace}/${record.image_name}:${record.image_version}`
            .toLowerCase()
            .includes(text.toLowerCase()),
        )
        .map((record) => record.image_digest),
    );
    const found = await search(text);
    expect(found.kind).toBe('text');
    // Counting stops once a list has shown more than the answer holds (free-text.ts).
    if (found.total_exact) expect(found.total).toBe(expected.size);
    else expect(found.total).toBeGreaterThan(SEARCH_ARTIFACTS_MAX);
    expect(found.total).toBeLessThanOrEqual(expected.size);
    expect(found.truncated).toBe(expected.size > SEARCH_ARTIFACTS_MAX);
    expect(found.artifacts).toHaveLength(Math.min(expected.size, SEARCH_ARTIFACTS_MAX));
    for (const artifact of found.artifacts) expect(expected.has(artifact.digest)).toBe(true);
  });

  it('caps free text at 50 artifacts, flagged and counted', async () => {
    const answer = await search('e');
    expect(answer.truncated).toBe(true);
    // One letter is in nearly every record: read until the answer is full, not counted through.
    expect(answer.total_exact).toBe(false);
    expect(answer.artifacts).toHaveLength(SEARCH_ARTIFACTS_MAX);
    expect(answer.total).toBeGreaterThan(SEARCH_ARTIFACTS_MAX);
  });

  it('answers the cross-cloud card: one cloud mirrored, nothing across clouds', async () => {
    const answer = await call(API_ROUTES.searchCrossCloud);
    expect(answer.status, answer.text).toBe(200);
    expect(CrossCloudSummarySchema.parse(JSON.parse(answer.text))).toEqual({
      multi_cloud_artifacts: 0,
      unscanned: [],
    });
    const refusedParameter = await call(`${API_ROUTES.searchCrossCloud}?account=x`);
    expect(refusedParameter.status).toBe(400);
  });

  it('keeps a 64-bit id exact and says when no one scanned a digest', async () => {
    const { largestId, neverScanned } = planted;
    const big = await search(largestId.image_digest);
    expect(big.raw).toContain(`"id":"${MAX_ID}"`);
    expect(big.artifacts[0]?.locations[0]?.id).toBe(MAX_ID);

    const unscanned = await search(neverScanned.image_digest);
    expect(unscanned.artifacts).toHaveLength(1);
    expect(unscanned.artifacts[0]?.scan).toBeNull();
  });

  it('finds an ACR tag by digest with its SWR location and the scan HSS made there', async () => {
    const estate = bff.harness.sim.estate;
    const instanceId = estate.acrInstances[0]?.InstanceId ?? '';
    const scannedDigests = new Map(
      estate.registryImages
        .filter((image) => image.scan_status === 'success')
        .map((image) => [image.image_digest, image]),
    );
    const hssDigests = new Set(
      [...estate.registryImages, ...estate.cicdImages].map((image) => image.image_digest),
    );
    const repos = estate.acrRepositories.filter((repo) => repo.InstanceId === instanceId);
    const pairs = repos.flatMap((repo) => repo.tags.map((tag) => ({ repo, tag })));
    const both = pairs.find(({ tag }) => scannedDigests.has(`sha256:${tag.Digest}`));
    const acrOnly = pairs.find(({ tag }) => !hssDigests.has(`sha256:${tag.Digest}`));
    if (!both || !acrOnly) throw new Error('the estate lacks an image pushed to both clouds');
    const swr = scannedDigests.get(`sha256:${both.tag.Digest}`);

    // Pasted as ACR shows it: the hex without sha256:.
    const answer = await search(both.tag.Digest);
    expect(answer.artifacts).toHaveLength(1);
    const [artifact] = answer.artifacts;
    expect(artifact?.digest).toBe(`sha256:${both.tag.Digest}`);
    const sources = artifact?.locations.map((location) => location.source) ?? [];
    expect(sources).toContain('hss_registry');
    expect(sources.at(-1)).toBe('acr');
    expect(artifact?.locations.find((location) => location.source === 'acr')).toMatchObject({
      account: 'demo-alibaba',
      instance_id: instanceId,
      repo_id: both.repo.RepoId,
      namespace: both.repo.RepoNamespaceName,
      image_name: both.repo.RepoName,
      image_version: both.tag.Tag,
    });
    // The risk travels with the digest, labelled with where the scan was made.
    expect(artifact?.scan).toMatchObject({
      source: 'hss_registry',
      scan_status: 'success',
      severity_level: swr?.severity_level,
      vul_num: swr?.vul_num,
    });

    const alone = await search(`sha256:${acrOnly.tag.Digest}`);
    expect(alone.artifacts).toHaveLength(1);
    expect(alone.artifacts[0]?.locations.map((location) => location.source)).toEqual(['acr']);
    expect(alone.artifacts[0]?.scan).toBeNull();

    const byName = await search(
      `${both.repo.RepoNamespaceName}/${both.repo.RepoName}:${both.tag.Tag}`,
    );
    expect(byName.artifacts.map((found) => found.digest)).toContain(`sha256:${both.tag.Digest}`);
  });

  it('shows the ACR sync of the instance and its budget on /api/sync', async () => {
    const response = await call(API_ROUTES.sync);
    expect(response.status, response.text).toBe(200);
    const status = SyncResponseSchema.parse(JSON.parse(response.text));
    expect(status.accounts.map((account) => account.account)).not.toContain('demo-alibaba');
    const alibaba = status.acr?.find((account) => account.account === 'demo-alibaba');
    const instanceId = bff.harness.sim.estate.acrInstances[0]?.InstanceId;
    const repositories = bff.harness.sim.estate.acrRepositories.filter(
      (repo) => repo.InstanceId === instanceId,
    );
    expect(alibaba?.instances).toEqual([
      expect.objectContaining({
        instance_id: instanceId,
        state: 'idle',
        repositories: repositories.length,
        tags: repositories.reduce((sum, repo) => sum + repo.tags.length, 0),
        throttled: 0,
        last_error: null,
      }),
    ]);
    expect(alibaba?.instances[0]?.tag_calls).toBeGreaterThanOrEqual(repositories.length);
    expect(Object.keys(alibaba?.budgets ?? {})).toEqual(
      expect.arrayContaining(['acr.ListRepository', 'acr.ListRepoTag']),
    );
  });

  it('exports one CSV row per location, titled in the asked language', async () => {
    const q = encodeURIComponent(planted.shared.image_digest);
    const english = await call(`${API_ROUTES.searchExport}?q=${q}`);
    expect(english.status).toBe(200);
    const lines = english.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Image digest,Location,Account,/);
    expect(lines[1]).toContain(',hss_registry,');
    expect(lines[2]).toContain(',hss_cicd,');
    expect(english.headers.get('x-total-count')).toBe('2');
    const chinese = await call(`${API_ROUTES.searchExport}?q=${q}&lang=zh-CN`);
    expect(chinese.text).toContain('镜像摘要,位置,账号');
    expect((await call(`${API_ROUTES.searchExport}?q=${q}&lang=fr`)).status).toBe(400);
  });
});
