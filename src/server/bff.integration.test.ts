// The BFF against the real simulator over HTTP: first sync, filters equal to the upstream's,
// paging, parameter edges (refused requests never reach the upstream), 64-bit ids, auth, a wrong
// key, the simulator's 429, request ids, and no secret in any body or log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator';
import { generateDemoKeys, type DemoKeys } from './config';
import { BudgetRegistry, parseRate } from './upstream/budget';
import { createHssClient, type HssClient } from './upstream/huawei/hss-client';
import {
  ListCicdImagesQuerySchema,
  ListRegistryImagesQuerySchema,
  type QueryRecord,
} from '../shared/contracts';
import { composeTestServer, type TestServer } from './test-support/bff-harness';
import { basicImagePath, privateImagesOf } from './test-support/detail-paths';
import { listenOnLoopback } from './test-support/listen-loopback';
import { waitFor } from './test-support/wait-for';

interface Bff extends TestServer {
  url: string;
}

const TOKEN = 'integration-test-dashboard-token-0123456789';
const bodies: string[] = [];
let sim: RunningSimulator;
let keys: DemoKeys;
let bff: Bff;
let oracle: HssClient;

async function startBff(
  accountsKeys: DemoKeys,
  extraEnv: Record<string, string> = {},
): Promise<Bff> {
  const { server, db, config, logLines } = await composeTestServer({
    sim,
    keys: accountsKeys,
    env: { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', ...extraEnv },
    clientTimeoutMs: 5_000,
  });
  const url = await listenOnLoopback(server.app);
  server.sync.start();
  return { server, db, url, logLines, config };
}

async function stopBff(target: Bff): Promise<void> {
  await target.server.sync.stop();
  await target.server.app.close();
  await target.db.destroy();
}

/** Every response is checked for X-Request-Id and kept for the secret scan. */
async function call(
  path: string,
  init: RequestInit & { auth?: boolean; base?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const headers = new Headers(init.headers);
  if (init.auth !== false && !headers.has('authorization') && !headers.has('cookie'))
    headers.set('authorization', `Bearer ${TOKEN}`);
  const response = await fetch(`${init.base ?? bff.url}${path}`, {
    ...init,
    headers,
    redirect: 'manual',
  });
  const text = await response.text();
  expect(response.headers.get('x-request-id'), `X-Request-Id on ${path}`).toMatch(
    /^[A-Za-z0-9._-]{1,64}$/,
  );
  bodies.push(text);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

function privateImages() {
  return privateImagesOf(sim.estate);
}

/** The BFF answers `query` on the list `route` with the upstream's total and rows, in order. */
async function expectAsUpstream(
  route: 'registry-images' | 'cicd-images',
  query: QueryRecord,
  idField: 'id' | 'image_id',
  upstream: { total_num: number | null; data_list: ReadonlyArray<Record<string, unknown>> },
): Promise<void> {
  const actual = (
    await call(`/api/hss/${route}?${new URLSearchParams(query).toString()}`)
  ).json() as Page;
  expect(actual.total_num, JSON.stringify(query)).toBe(upstream.total_num);
  expect(
    actual.data_list.map((row) => row[idField]),
    JSON.stringify(query),
  ).toEqual(upstream.data_list.map((row) => row[idField]));
}

interface Page {
  total_num: number;
  data_list: Array<Record<string, unknown>>;
  synced_at: number | null;
}

beforeAll(async () => {
  keys = generateDemoKeys();
  sim = await startSimulator({
    port: 0,
    seed: 7,
    registryImages: 1_500,
    cicdImages: 300,
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
    rateLimit: '600/min',
    driftIntervalMs: 0,
  });
  oracle = createHssClient({
    budgets: new BudgetRegistry({ defaultRate: parseRate('600/min') }),
    credentialId: 'oracle',
    credentials: keys.huawei,
    endpoint: sim.url,
  });
  bff = await startBff(keys);
});

afterAll(async () => {
  if (bff) await stopBff(bff);
  await sim?.close();
});

describe('BFF against the simulator', () => {
  it('answers before and after the first sync, and /readyz turns 200', async () => {
    const early = await call('/api/hss/registry-images');
    expect(early.status).toBe(200);
    await waitFor(
      'the BFF to be ready',
      async () => (await call('/readyz', { auth: false })).status === 200,
      30_000,
    );
    const page = (await call('/api/hss/registry-images')).json() as Page;
    expect(page.total_num).toBe(1_500);
    expect(typeof page.synced_at).toBe('number');
    const status = (await call('/api/sync')).json() as {
      accounts: Array<{
        lists: Array<{ rows: number; last_full_sync: number | null; calls: number }>;
      }>;
    };
    const lists = status.accounts[0]?.lists ?? [];
    expect(lists.map((list) => list.rows)).toEqual([1_500, 300]);
    expect(lists.every((list) => list.last_full_sync !== null && list.calls > 0)).toBe(true);
    expect((await call('/healthz', { auth: false })).json()).toEqual({ status: 'ok' });
  });

  it('gives the same rows as the simulator for every kind of filter', async () => {
    const sample = sim.estate.registryImages[Math.floor(sim.estate.registryImages.length / 2)];
    const cicdSample = sim.estate.cicdImages[7];
    if (!sample || !cicdSample) throw new Error('empty estate');
    const scanTimes = sim.estate.registryImages
      .map((image) => image.latest_scan_time)
      .filter((t): t is number => typeof t === 'number')
      .sort((a, b) => a - b);
    const midScan = String(scanTimes[Math.floor(scanTimes.length / 2)]);
    const registryCases: QueryRecord[] = [
      {},
      { namespace: sample.namespace.slice(1, 4).toUpperCase() },
      { image_name: sample.image_name, image_version: sample.image_version },
      { registry_name: sample.registry_name.slice(0, 3) },
      { instance_name: 'a', instance_id: sample.instance_id },
      // Empty values do not filter (README, filter meanings).
      { instance_name: '', instance_id: '' },
      { image_type: 'private_image', scan_status: 'failed' },
      { severity_level: 'High', latest_version: 'true' },
      { latest_version: 'false', has_vul: 'false' },
      { has_malicious_file: 'true' },
      { has_unsafe_setting: 'true', is_multarch: 'false' },
      { risky: 'false' },
      { risky: 'true', is_multarch: 'true' },
      { image_size: String(sample.image_size) },
      { start_latest_scan_time: midScan },
      { end_latest_update_time: midScan },
      { start_latest_sync_time: '0', end_latest_sync_time: '9223372036854775807' },
      { sort_key: 'latest_scan_time', sort_dir: 'desc' },
      { sort_key: 'latest_scan_time', sort_dir: 'asc', has_vul: 'true' },
      { enterprise_project_id: 'all_granted_eps', sort_dir: 'desc' },
    ];
    for (const filters of registryCases) {
      for (const paging of [
        { offset: '0', limit: '200' },
        { offset: '190', limit: '30' },
      ]) {
        const query = { ...filters, ...paging };
        const expected = await oracle.listRegistryImages(
          ListRegistryImagesQuerySchema.parse(query),
        );
        await expectAsUpstream('registry-images', query, 'id', expected.data);
      }
    }
    const cicdCases: QueryRecord[] = [
      {},
      { image_id: cicdSample.image_id },
      { image_id: '' },
      {
        cicd_name: cicdSample.cicd_name.slice(0, 4).toUpperCase(),
        pipeline_type: cicdSample.pipeline_type,
      },
      { namespace: cicdSample.namespace, image_version: cicdSample.image_version.slice(0, 2) },
      { scan_status: 'success', severity_level: 'Low', latest_version: 'true' },
      { has_vul: 'true', has_unsafe_setting: 'false', has_malicious_file: 'false' },
      { risky: 'true', image_size: '1000000' },
      { start_latest_scan_time: midScan, end_latest_scan_time: '9223372036854775807' },
      { end_latest_update_time: midScan, sort_key: 'latest_scan_time', sort_dir: 'desc' },
    ];
    for (const filters of cicdCases) {
      const query = { ...filters, offset: '0', limit: '200' };
      const expected = await oracle.listCicdImages(ListCicdImagesQuerySchema.parse(query));
      await expectAsUpstream('cicd-images', query, 'image_id', expected.data);
    }
  });

  it('pages consistently and keeps 64-bit ids exact', async () => {
    const first = (await call('/api/hss/registry-images?offset=0&limit=15')).json() as Page;
    const second = (await call('/api/hss/registry-images?offset=10&limit=5')).json() as Page;
    expect(second.data_list.map((row) => row['id'])).toEqual(
      first.data_list.slice(10).map((row) => row['id']),
    );
    const defaults = (await call('/api/hss/registry-images')).json() as Page;
    expect(defaults.data_list).toHaveLength(10);

    const biggest = sim.estate.registryImages.at(-1);
    expect(BigInt(biggest?.id ?? '0')).toBeGreaterThan(2n ** 53n);
    const response = await call('/api/hss/registry-images?sort_key=id&sort_dir=desc&limit=1');
    expect(response.text).toContain(`"id":"${biggest?.id ?? ''}"`);
    expect(response.headers.get('x-data-synced-at')).toMatch(/^\d+$/);
  });

  it('accepts each range edge, refuses one past it naming the field, and never calls the upstream for it', async () => {
    const accepted = [
      '/api/hss/registry-images?limit=1',
      '/api/hss/registry-images?limit=200',
      '/api/hss/cicd-images?limit=10',
      '/api/hss/cicd-images?limit=200',
      '/api/hss/registry-images?offset=0',
      '/api/hss/registry-images?offset=2000000',
      '/api/hss/registry-images?end_latest_scan_time=9223372036854775807',
      '/api/hss/registry-images?start_latest_update_time=5&end_latest_update_time=5',
    ];
    for (const path of accepted) expect((await call(path)).status, path).toBe(200);

    const image = privateImages()[3];
    if (!image) throw new Error('empty estate');
    const basic = (limits: Record<string, string>) => basicImagePath(image, limits);
    const refused: Array<[string, string]> = [
      ['/api/hss/registry-images?limit=0', 'limit'],
      ['/api/hss/registry-images?limit=201', 'limit'],
      ['/api/hss/cicd-images?limit=9', 'limit'],
      ['/api/hss/cicd-images?limit=201', 'limit'],
      ['/api/hss/registry-images?offset=2000001', 'offset'],
      [
        '/api/hss/registry-images?start_latest_scan_time=10&end_latest_scan_time=9',
        'start_latest_scan_time',
      ],
      ['/api/hss/registry-images?end_latest_scan_time=9223372036854775808', 'end_latest_scan_time'],
      ['/api/hss/registry-images?limit=5&limit=6', 'limit'],
      ['/api/hss/registry-images?bogus=1', 'bogus'],
      ['/api/hss/registry-images?namespaces=a,,b', 'namespaces'],
      [`/api/hss/cicd-images?namespaces=${'n,'.repeat(50)}n`, 'namespaces'],
      ['/api/hss/registry-images?account=nobody', 'account'],
      ['/api/hss/registry-images?enterprise_project_id=0', 'enterprise_project_id'],
      // Seed 000 states no range for limit and offset beyond their type (Integer).
      [basic({ limit: '-1' }), 'limit'],
      [basic({ limit: '2147483648' }), 'limit'],
      [basic({ offset: '1.5' }), 'offset'],
      ['/api/hss/images/bad%20id/basic-image?image_type=cicd', 'image_id'],
      ['/api/swr/namespaces/Bad_NS/repos/nginx', 'namespace'],
      ['/api/acr/repos/crr-abc/tags?PageSize=101', 'PageSize'],
      ['/api/acr/repos/not-a-repo/tags', 'RepoId'],
    ];
    const before = sim.stats().total;
    for (const [path, field] of refused) {
      const response = await call(path);
      expect(response.status, path).toBe(400);
      const body = response.json() as {
        error: { code: string; field: string; message: string; request_id: string };
      };
      expect(body.error.code, path).toBe('invalid_parameter');
      expect(body.error.field, path).toBe(field);
      expect(body.error.message, path).toContain(field);
      expect(body.error.request_id, path).toBe(response.headers.get('x-request-id'));
    }
    expect(sim.stats().total).toBe(before);
  });

  it('serves the detail routes through the clients, cached', async () => {
    const image = privateImages()[3];
    if (!image) throw new Error('empty estate');
    const path = basicImagePath(image);
    const before = sim.stats().total;
    const [a, b] = await Promise.all([call(path), call(path)]);
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect((await call(path)).text).toBe(a.text);
    expect(sim.stats().total - before).toBe(1);
    expect((a.json() as { data_list: unknown[] }).data_list.length).toBeGreaterThan(0);

    const [swrKey] = [...sim.estate.swrRepositories.keys()].filter(
      (key) => key.split('/').length > 2,
    );
    const anyKey = swrKey ?? [...sim.estate.swrRepositories.keys()][0] ?? 'a/b';
    const slash = anyKey.indexOf('/');
    const swr = await call(
      `/api/swr/namespaces/${anyKey.slice(0, slash)}/repos/${encodeURIComponent(anyKey.slice(slash + 1))}`,
    );
    expect(swr.status, swr.text).toBe(200);
    expect((swr.json() as { name: string }).name).toBe(anyKey.slice(slash + 1));

    const repo = sim.estate.acrRepositories[0];
    const tags = await call(`/api/acr/repos/${repo?.RepoId ?? 'crr-x'}/tags?PageSize=5`);
    expect(tags.status, tags.text).toBe(200);
    expect((await call('/api/acr/repos')).status).toBe(200);
  });

  it('needs the token or the session cookie for /api', async () => {
    expect((await call('/api/accounts', { auth: false })).status).toBe(401);
    expect(
      (
        await call('/api/accounts', {
          headers: { authorization: 'Bearer wrong-token-wrong-token' },
        })
      ).status,
    ).toBe(401);
    const accounts = await call('/api/accounts');
    expect(accounts.status).toBe(200);
    expect(accounts.json()).toEqual({
      accounts: [
        expect.objectContaining({ id: 'demo-huawei', provider: 'huawei', mode: 'demo' }),
        expect.objectContaining({ id: 'demo-alibaba', provider: 'alibaba', mode: 'demo' }),
      ],
    });

    expect(
      (await call('/registry-images?token=nope', { auth: false, headers: { accept: 'text/html' } }))
        .status,
    ).toBe(401);
    const exchange = await call(`/registry-images?severity_level=High&token=${TOKEN}`, {
      auth: false,
      headers: { accept: 'text/html' },
    });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get('location')).toBe('/registry-images?severity_level=High');
    const setCookie = exchange.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^imagewatch_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0] ?? '';
    expect((await call('/api/accounts', { headers: { cookie } })).status).toBe(200);
    expect(
      (await call('/api/accounts', { headers: { cookie: 'imagewatch_session=forged' } })).status,
    ).toBe(401);

    const page = await call('/cicd-images', { auth: false, headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(page.text).toContain('npm run build');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const custom = await call('/healthz', {
      auth: false,
      headers: { 'x-request-id': 'abc.DEF-1' },
    });
    expect(custom.headers.get('x-request-id')).toBe('abc.DEF-1');
    const hostile = await call('/healthz', {
      auth: false,
      headers: { 'x-request-id': 'bad id; with spaces' },
    });
    // Replaced by a fresh id: a random UUID may itself contain the letters "bad", so match its form.
    expect(hostile.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('honours the simulator 429: the budget is penalised, the call retried and answered', async () => {
    const before = sim.stats().throttled;
    sim.control.setFaults('429:0.5');
    try {
      const images = privateImages().slice(20, 26);
      let answered = 0;
      for (const image of images) {
        const response = await call(basicImagePath(image));
        expect([200, 429], response.text).toContain(response.status);
        if (response.status === 429) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        else answered += 1;
      }
      // With three retries per call, a 50% fault rate still lets most calls through.
      expect(answered).toBeGreaterThan(0);
      expect((await call('/api/sync/refresh?list=cicd', { method: 'POST' })).status).toBe(202);
      await waitFor(
        'a full cicd sync',
        async () => {
          const status = (await call('/api/sync')).json() as {
            accounts: Array<{
              lists: Array<{ list: string; last_full_sync: number | null; state: string }>;
            }>;
          };
          const cicd = status.accounts[0]?.lists.find((list) => list.list === 'cicd');
          return cicd?.state === 'idle' && (cicd.last_full_sync ?? 0) > Date.now() - 20_000;
        },
        30_000,
      );
    } finally {
      sim.control.setFaults('');
    }
    expect(sim.stats().throttled).toBeGreaterThan(before);
    const budgets = (await call('/api/sync')).json() as {
      accounts: Array<{ budgets: Record<string, { used: number }> }>;
    };
    expect(Object.keys(budgets.accounts[0]?.budgets ?? {})).toContain('hss.ListImageBasicImage');
  });

  it('maps a wrong secret key to a clear error without leaking it', async () => {
    const wrong: DemoKeys = {
      ...keys,
      huawei: { ...keys.huawei, sk: `${keys.huawei.sk.slice(0, -4)}beef` },
    };
    const broken = await startBff(wrong);
    try {
      await waitFor(
        'a list error',
        async () => {
          const status = (await call('/api/sync', { base: broken.url })).json() as {
            accounts: Array<{ lists: Array<{ last_error: { message: string } | null }> }>;
          };
          return status.accounts[0]?.lists.some((list) => list.last_error !== null) ?? false;
        },
        20_000,
      );
      const status = await call('/api/sync', { base: broken.url });
      expect(status.text).toMatch(/credentials/);
      const swrKey = [...sim.estate.swrRepositories.keys()][0] ?? 'a/b';
      const slash = swrKey.indexOf('/');
      const detail = await call(
        `/api/swr/namespaces/${swrKey.slice(0, slash)}/repos/${encodeURIComponent(swrKey.slice(slash + 1))}`,
        { base: broken.url },
      );
      // Nothing synced, so no repository is known: the detail route does not ask SWR at all
      // (the wrong key's 502 on a detail call is tested in hardening/upstream-faults, fault auth).
      expect(detail.status).toBe(404);
      expect((await call('/readyz', { base: broken.url, auth: false })).status).toBe(503);
      const secrets = [wrong.huawei.sk, keys.huawei.sk, TOKEN];
      for (const line of broken.logLines)
        for (const secret of secrets) expect(line).not.toContain(secret);
    } finally {
      await stopBff(broken);
    }
  });

  it('never shows a configured secret in a response body or a log line', () => {
    const secrets = [keys.huawei.sk, keys.alibaba.accessKeySecret, TOKEN];
    expect(bodies.length).toBeGreaterThan(50);
    for (const body of bodies) for (const secret of secrets) expect(body).not.toContain(secret);
    expect(bff.logLines.length).toBeGreaterThan(0);
    for (const line of bff.logLines)
      for (const secret of secrets) expect(line).not.toContain(secret);
    // The token-bearing URL was requested above; its log line shows the token redacted.
    expect(bff.logLines.some((line) => line.includes('token=[REDACTED]'))).toBe(true);
  });
});
