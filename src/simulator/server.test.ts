import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAcs3Request, signHuaweiRequest } from './test-support/signing';
import { generateEstate } from './estate';
import { startSimulator, type RunningSimulator } from './server';

const HUAWEI = {
  ak: 'TESTAK00000000000000',
  sk: 'test-secret-key',
  projectId: 'proj0123456789',
  region: 'cn-north-4',
};
const ALIBABA = { accessKeyId: 'LTAItestkey', accessKeySecret: 'ali-test-secret' };
const TOKEN = 'test-token-value';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP GET/POST (fetch would hide truncation and hang on timeouts differently). */
function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  timeoutMs = 5_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end();
  });
}

function huaweiGet(
  sim: RunningSimulator,
  path: string,
  query: Record<string, string> = {},
  options: { sk?: string; extra?: Record<string, string>; date?: Date } = {},
) {
  const url = new URL(path, sim.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers = signHuaweiRequest(
    {
      method: 'GET',
      url,
      headers: {
        'Content-Type': 'application/json',
        'X-Project-Id': HUAWEI.projectId,
        ...options.extra,
      },
    },
    { ak: HUAWEI.ak, sk: options.sk ?? HUAWEI.sk },
    options.date ?? new Date(),
  );
  return send(url, 'GET', headers);
}

function acrCall(
  sim: RunningSimulator,
  action: string,
  query: Record<string, string>,
  options: { secret?: string; keyId?: string; date?: Date; nonce?: string } = {},
) {
  const url = new URL('/', sim.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers = signAcs3Request(
    { method: 'POST', url, headers: { accept: 'application/json' }, action, version: '2018-12-01' },
    {
      accessKeyId: options.keyId ?? ALIBABA.accessKeyId,
      accessKeySecret: options.secret ?? ALIBABA.accessKeySecret,
    },
    options.date ?? new Date(),
    options.nonce,
  );
  return send(url, 'POST', headers);
}

const LIST = `/v5/${HUAWEI.projectId}/image/registries/images`;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({
    seed: 5,
    registryImages: 3_000,
    cicdImages: 300,
    huaweiCredentials: [HUAWEI],
    alibabaCredentials: [ALIBABA],
    authTokens: [TOKEN],
    driftIntervalMs: 0,
    lockout: { maxFailures: 5, lockMs: 60_000 },
    faultTimings: { slowMs: 300, timeoutMs: 10_000 },
  });
});
afterAll(() => sim.close());

describe('HSS over HTTP', () => {
  it('validates list queries by the vendor tables: 003 sets no order on CI/CD time ranges', async () => {
    const cicd = `/v5/${HUAWEI.projectId}/image/cicd/images`;
    const reversed = await huaweiGet(sim, cicd, {
      start_latest_scan_time: '20',
      end_latest_scan_time: '10',
    });
    expect([reversed.status, JSON.parse(reversed.text)]).toEqual([
      200,
      { total_num: 0, data_list: [] },
    ]);
    const registryReversed = await huaweiGet(sim, LIST, {
      start_latest_scan_time: '20',
      end_latest_scan_time: '10',
    });
    expect(registryReversed.status).toBe(400);
    expect(JSON.parse(registryReversed.text).error_msg).toContain('start_latest_scan_time');
  });

  it('answers a signed ListRegistryImages with X-Request-Id and every digit of 64-bit ids', async () => {
    const res = await huaweiGet(sim, LIST, {
      limit: '200',
      offset: String(sim.estate.registryImages.length - 200),
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).toContain('"id":9223372036854775807');
    // The second largest id is above 2^53 too, and not a round number a double could hold.
    const big = sim.estate.registryImages[sim.estate.registryImages.length - 2]?.id ?? '';
    expect(BigInt(big)).toBeGreaterThan(2n ** 53n);
    expect(String(Number(big))).not.toBe(big);
    expect(res.text.includes(`"id":${big},`)).toBe(true);
    const body = JSON.parse(res.text) as { total_num: number; data_list: unknown[] };
    expect(body.total_num).toBe(3_000);
    expect(body.data_list).toHaveLength(200);
  });

  it('accepts X-Auth-Token and serves CI/CD images and basic images', async () => {
    const cicd = sim.estate.cicdImages[3];
    const url = new URL(
      `/v5/${HUAWEI.projectId}/image/cicd/images?limit=10&image_id=${cicd?.image_id}`,
      sim.url,
    );
    const res = await send(url, 'GET', { 'X-Auth-Token': TOKEN });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      total_num: 1,
      data_list: [{ image_id: cicd?.image_id }],
    });
    const basic = await huaweiGet(
      sim,
      `/v5/${HUAWEI.projectId}/image/${cicd?.image_id}/basic-image`,
      { image_type: 'cicd' },
      { extra: { region: 'cn-north-4' } },
    );
    expect(basic.status).toBe(200);
    expect(JSON.parse(basic.text)).toHaveProperty('total_num');
  });

  it('refuses bad parameters with HSS.0001 naming the field', async () => {
    const res = await huaweiGet(sim, LIST, { limit: '201' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { error_code: string; error_msg: string };
    expect(body.error_code).toBe('HSS.0001');
    expect(body.error_msg).toMatch(/^Invalid parameter: limit /);
    const cicd = await huaweiGet(sim, `/v5/${HUAWEI.projectId}/image/cicd/images`, { limit: '9' });
    expect(JSON.parse(cicd.text)).toMatchObject({ error_code: 'HSS.0001' });
  });

  it('requires the region header for basic images, and says HSS.0011 for an unknown image', async () => {
    const path = `/v5/${HUAWEI.projectId}/image/abc/basic-image`;
    const noRegion = await huaweiGet(sim, path, { image_type: 'cicd' });
    expect(noRegion.status).toBe(400);
    expect(noRegion.text).toContain('region');
    const unknown = await huaweiGet(
      sim,
      path,
      { image_type: 'cicd' },
      { extra: { region: 'cn-north-4' } },
    );
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ error_code: 'HSS.0011' });
  });

  it('answers HSS.0013 for another project', async () => {
    const res = await huaweiGet(sim, '/v5/otherproject/image/registries/images');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error_code: 'HSS.0013' });
  });
});

describe('Huawei authentication', () => {
  it('refuses a wrong secret, a stale date and a missing signature with APIG.0301, never echoing secrets', async () => {
    for (const res of [
      await huaweiGet(sim, LIST, {}, { sk: 'wrong-secret' }),
      await huaweiGet(sim, LIST, {}, { date: new Date(Date.now() - 20 * 60_000) }),
      await send(new URL(LIST, sim.url), 'GET', {}),
    ]) {
      expect(res.status).toBe(401);
      const body = JSON.parse(res.text) as Record<string, string>;
      expect(body.error_code).toBe('APIG.0301');
      expect(body.error_msg).toContain('verify aksk signature fail');
      expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.text).not.toContain(HUAWEI.sk);
    }
    // The good key still works: failures were not consecutive enough to lock it.
    expect((await huaweiGet(sim, LIST)).status).toBe(200);
  });

  it('locks the AK after more than five consecutive failures', async () => {
    const other = await startSimulator({
      registryImages: 50,
      cicdImages: 10,
      huaweiCredentials: [HUAWEI],
      alibabaCredentials: [],
      driftIntervalMs: 0,
    });
    try {
      for (let i = 0; i < 6; i++)
        expect((await huaweiGet(other, LIST, {}, { sk: 'bad' })).status).toBe(401);
      const locked = await huaweiGet(other, LIST);
      expect(locked.status).toBe(401);
      expect(other.stats().authFailures).toBe(7);
    } finally {
      await other.close();
    }
  });
});

describe('SWR over HTTP', () => {
  it('shows a repository (with %2F in its name) and 404s an unknown one with both error formats', async () => {
    const [key, repo] =
      [...sim.estate.swrRepositories].find(([k]) => k.split('/').length > 2) ??
      [...sim.estate.swrRepositories][0] ??
      [];
    if (!key || !repo) throw new Error('no SWR repository');
    const [namespace, ...rest] = key.split('/');
    const path = `/v2/manage/namespaces/${namespace}/repos/${encodeURIComponent(rest.join('/'))}`;
    const res = await huaweiGet(sim, path);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({
      name: repo.name,
      num_images: repo.num_images,
      url: '',
    });
    const missing = await huaweiGet(sim, `/v2/manage/namespaces/${namespace}/repos/no-such-repo`);
    expect(missing.status).toBe(404);
    const body = JSON.parse(missing.text) as Record<string, unknown>;
    expect(body.error_code).toBe('SVCSTG.SWR.4040010');
    expect(body.errors).toEqual([expect.objectContaining({ errorCode: 'SVCSTG.SWR.4040010' })]);
  });

  it('takes a repository "/" sent as itself (Go and Node SDKs), as %2F', async () => {
    const key = [...sim.estate.swrRepositories.keys()].find((k) => k.split('/').length > 2);
    if (!key) throw new Error('no SWR repository with "/" in its name');
    const res = await huaweiGet(sim, `/v2/manage/namespaces/${key.replace('/', '/repos/')}`);
    expect(res.status).toBe(200);
  });

  it('does not describe repositories of SWR enterprise edition instances (seed 002 is basic edition)', async () => {
    const basicKeys = new Set(
      sim.estate.registryImages
        .filter((row) => row.registry_type === 'SwrPrivate' || row.registry_type === 'SwrShared')
        .map((row) => row.repository_key),
    );
    const enterprise = sim.estate.registryImages.find(
      (row) => row.registry_type === 'SwrEnterprise' && !basicKeys.has(row.repository_key),
    );
    if (!enterprise) throw new Error('no enterprise-only repository');
    const path = `/v2/manage/namespaces/${enterprise.namespace}/repos/${encodeURIComponent(enterprise.image_name)}`;
    const res = await huaweiGet(sim, path);
    expect(res.status).toBe(404);
  });
});

describe('ACR over HTTP', () => {
  it('lists tags with TotalCount and times as strings, and pages', async () => {
    const repo = sim.estate.acrRepositories.find((item) => item.tags.length > 5);
    if (!repo) throw new Error('no ACR repository');
    const res = await acrCall(sim, 'ListRepoTag', {
      InstanceId: repo.InstanceId,
      RegionId: 'cn-hangzhou',
      RepoId: repo.RepoId,
      PageNo: '2',
      PageSize: '5',
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as {
      TotalCount: unknown;
      Images: { ImageCreate: unknown; Tag: string }[];
      IsSuccess: boolean;
    };
    expect(body.IsSuccess).toBe(true);
    expect(body.TotalCount).toBe(String(repo.tags.length));
    expect(body.Images.map((image) => image.Tag)).toEqual(
      repo.tags.slice(5, 10).map((tag) => tag.Tag),
    );
    expect(typeof body.Images[0]?.ImageCreate).toBe('string');
  });

  it('answers REPO_NOT_EXIST, MissingRepoId, MissingRegionId and InvalidParameter', async () => {
    const instance = sim.estate.acrInstances[0]?.InstanceId ?? '';
    const missing = await acrCall(sim, 'ListRepoTag', {
      InstanceId: instance,
      RegionId: 'cn-hangzhou',
      RepoId: 'crr-nosuchrepo',
    });
    expect(JSON.parse(missing.text)).toMatchObject({ Code: 'REPO_NOT_EXIST', IsSuccess: false });
    // Seed 004: RegionId is required.
    const noRegion = await acrCall(sim, 'ListRepoTag', {
      InstanceId: instance,
      RepoId: 'crr-nosuchrepo',
    });
    expect(noRegion.status).toBe(400);
    expect(JSON.parse(noRegion.text)).toMatchObject({ Code: 'MissingRegionId' });
    const noRepo = await acrCall(sim, 'ListRepoTag', { InstanceId: instance });
    expect(noRepo.status).toBe(400);
    expect(JSON.parse(noRepo.text)).toMatchObject({ Code: 'MissingRepoId' });
    const badSize = await acrCall(sim, 'ListRepoTag', {
      InstanceId: instance,
      RegionId: 'cn-hangzhou',
      RepoId: 'crr-x',
      PageSize: '101',
    });
    expect(JSON.parse(badSize.text)).toMatchObject({ Code: 'InvalidParameter' });
  });

  it('refuses a wrong secret, an unknown key, a stale date and a reused nonce', async () => {
    const query = {
      InstanceId: sim.estate.acrInstances[0]?.InstanceId ?? '',
      RegionId: 'cn-hangzhou',
    };
    const wrong = await acrCall(sim, 'ListRepository', query, { secret: 'nope' });
    expect([wrong.status, JSON.parse(wrong.text).Code]).toEqual([400, 'SignatureDoesNotMatch']);
    const unknown = await acrCall(sim, 'ListRepository', query, { keyId: 'LTAIunknown' });
    expect([unknown.status, JSON.parse(unknown.text).Code]).toEqual([
      404,
      'InvalidAccessKeyId.NotFound',
    ]);
    const stale = await acrCall(sim, 'ListRepository', query, {
      date: new Date(Date.now() - 20 * 60_000),
    });
    expect(JSON.parse(stale.text).Code).toBe('InvalidTimeStamp.Expired');
    const first = await acrCall(sim, 'ListRepository', query, { nonce: 'fixed-nonce-1' });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ IsSuccess: true, TotalCount: '30' });
    const replay = await acrCall(sim, 'ListRepository', query, { nonce: 'fixed-nonce-1' });
    expect(JSON.parse(replay.text).Code).toBe('SignatureNonceUsed');
    expect(wrong.text).not.toContain(ALIBABA.accessKeySecret);
  });
});

describe('rate limit, stats and faults', () => {
  it('throttles per credential and API with APIG.0308, counting every call', async () => {
    sim.resetStats();
    sim.control.setRateLimit('3/min');
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await huaweiGet(sim, LIST)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const throttled = await huaweiGet(sim, LIST);
      expect(JSON.parse(throttled.text)).toMatchObject({ error_code: 'APIG.0308' });
      expect(JSON.parse(throttled.text).error_msg).toContain('limit:3,time:1 minute');
      // Another API has its own window.
      expect((await huaweiGet(sim, `/v5/${HUAWEI.projectId}/image/cicd/images`)).status).toBe(200);
      const stats = sim.stats();
      expect(stats.calls[`${HUAWEI.ak}:hss.ListRegistryImages`]).toBe(5);
      expect(stats.throttled).toBe(2);
      expect(stats.total).toBe(6);
    } finally {
      sim.control.setRateLimit('off');
    }
  });

  async function withFault(kind: string, run: () => Promise<void>): Promise<void> {
    sim.control.setFaults(`${kind}:1`);
    try {
      await run();
    } finally {
      sim.control.setFaults('');
    }
  }

  it('injects 429 (with and without Retry-After), 500, 503 and auth', async () => {
    await withFault('429', async () => {
      const res = await huaweiGet(sim, LIST);
      expect([res.status, res.headers['retry-after']]).toEqual([429, '1']);
    });
    await withFault('429-bare', async () => {
      const res = await huaweiGet(sim, LIST);
      expect([res.status, res.headers['retry-after']]).toEqual([429, undefined]);
    });
    await withFault('500', async () => expect((await huaweiGet(sim, LIST)).status).toBe(500));
    await withFault('503', async () => expect((await huaweiGet(sim, LIST)).status).toBe(503));
    await withFault('auth', async () => {
      const res = await huaweiGet(sim, LIST);
      expect([res.status, JSON.parse(res.text).error_code]).toEqual([401, 'APIG.0301']);
    });
  });

  it('injects malformed JSON, an HTML body, a truncated body and a 40 MB body', async () => {
    await withFault('malformed', async () => {
      const res = await huaweiGet(sim, LIST);
      expect(res.status).toBe(200);
      expect(() => JSON.parse(res.text)).toThrow();
    });
    await withFault('content-type', async () => {
      const res = await huaweiGet(sim, LIST);
      expect(res.headers['content-type']).toContain('text/html');
    });
    await withFault('truncated', async () => {
      await expect(huaweiGet(sim, LIST)).rejects.toThrow();
    });
    await withFault('oversize', async () => {
      const res = await huaweiGet(sim, LIST);
      expect(res.text.length).toBeGreaterThanOrEqual(40 * 1024 * 1024);
      expect(res.text.startsWith('{"total_num":')).toBe(true);
    });
  });

  it('injects slow answers and timeouts', async () => {
    await withFault('slow', async () => {
      const started = Date.now();
      expect((await huaweiGet(sim, LIST)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });
    await withFault('timeout', async () => {
      const url = new URL(LIST, sim.url);
      const headers = signHuaweiRequest({ method: 'GET', url, headers: {} }, HUAWEI);
      await expect(send(url, 'GET', headers, 400)).rejects.toThrow('client timeout');
    });
  });

  it('drifts on demand: new images appear with sync time now', async () => {
    const before = sim.estate.registryImages.length;
    sim.control.addImages(2);
    expect(sim.estate.registryImages.length).toBeGreaterThanOrEqual(before + 2);
    const since = String(Date.now() - 5_000);
    const res = await huaweiGet(sim, LIST, { start_latest_sync_time: since });
    expect(JSON.parse(res.text).total_num).toBeGreaterThanOrEqual(2);
  });
});

describe('a prepared estate', () => {
  it('serves the estate it is given (the benchmarks build one to match a persisted inventory) instead of generating one', async () => {
    const estate = generateEstate({ seed: 7, registryImages: 50, cicdImages: 5, now: 1_000 });
    const renamed = estate.registryImages[0];
    if (!renamed) throw new Error('no image generated');
    renamed.namespace = 'prepared-namespace';
    const given = await startSimulator({
      estate,
      huaweiCredentials: [HUAWEI],
      alibabaCredentials: [ALIBABA],
      driftIntervalMs: 0,
    });
    try {
      expect(given.estate).toBe(estate);
      const res = await huaweiGet(given, LIST, { limit: '10', namespace: 'prepared-namespace' });
      const body = JSON.parse(res.text) as { total_num: number; data_list: Array<{ id: number }> };
      expect([res.status, body.total_num]).toEqual([200, 1]);
      given.control.rescanImages(1);
      expect(estate.version).toBe(1);
    } finally {
      await given.close();
    }
  });
});
