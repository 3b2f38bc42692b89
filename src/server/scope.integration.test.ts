// A user scoped by their proxy groups (AUTH_PROXY_HEADER + AUTH_PROXY_GROUPS_HEADER + the
// configuration file's access.roles: the real sign-in path) sees exactly the unscoped answer
// restricted to their namespaces, on every route that shows or counts images, and learns nothing
// of an image outside them: not its key, digest or detail (and no cloud call is made for it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inScope } from './auth/principal';
import { basicImagePath } from './test-support/detail-paths';
import { proxyUsers } from './test-support/proxy-users';
import { useTestBff } from './test-support/hooks';
import { callsOf, type TestBff } from './test-support/sync-harness';
import { inventoryBackends } from './test-support/test-backends';

const SCOPED_NAMESPACES = ['payments', 'data-*'];
const USERS = proxyUsers({
  admin: { user: 'alice', group: 'admins', role: 'admin' },
  scoped: { user: 'bob', group: 'team', role: 'auditor', namespaces: SCOPED_NAMESPACES },
});
type Who = keyof typeof USERS.headers;
const HEADERS = USERS.headers;

async function get(bff: TestBff, who: Who, route: string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  const response = await fetch(`${bff.url}${route}${search === '' ? '' : `?${search}`}`, {
    headers: HEADERS[who],
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    total: response.headers.get('x-total-count'),
    body: type.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : text,
  };
}

const LISTS = [
  { name: 'registry', route: '/api/hss/registry-images', key: 'id' },
  { name: 'cicd', route: '/api/hss/cicd-images', key: 'record_key' },
] as const;

/** Random list filters (every one optional), as a user could combine them. */
const filtersArbitrary = fc.record(
  {
    severity_level: fc.subarray(['High', 'Medium', 'Low', 'Security', 'unrated'], {
      minLength: 1,
    }),
    scan_status: fc.subarray(['success', 'unscan', 'failed', 'scanning'], { minLength: 1 }),
    has_vul: fc.boolean(),
    q: fc.constantFrom('a', 'e', '1', 'pay', 'api'),
    image_name: fc.constantFrom('a', 'o', 'web'),
    sort_key: fc.constantFrom('image_name', 'vul_num', 'severity_level', 'latest_scan_time'),
    sort_dir: fc.constantFrom('asc', 'desc'),
  },
  { requiredKeys: [] },
);

const asParams = (filters: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(filters).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : String(value),
    ]),
  );

describe.each(inventoryBackends())('a namespace-scoped user ($name)', (backend) => {
  let inside: string[];
  let outsideImage: {
    image_id: string;
    namespace: string;
    image_name: string;
    image_version: string;
    image_digest: string;
    id: string;
  };

  const bff = useTestBff({ seed: 23, registryImages: 150, cicdImages: 40 }, USERS.env, {
    prepare: async () => {
      const estate = bff.harness.sim.estate;
      const all = [...estate.registryImages, ...estate.cicdImages].map((image) => image.namespace);
      inside = [...new Set(all)].filter((namespace) =>
        inScope({ accounts: null, namespaces: SCOPED_NAMESPACES }, 'demo-huawei', namespace),
      );
      const outside = estate.registryImages.find(
        (image) =>
          image.image_type === 'private_image' &&
          image.image_digest !== '' &&
          !inside.includes(image.namespace) &&
          !estate.registryImages.some(
            (other) =>
              other.image_digest === image.image_digest && inside.includes(other.namespace),
          ),
      );
      if (inside.length === 0 || outside === undefined)
        throw new Error('the estate needs images inside and outside the scope');
      outsideImage = outside;
    },
    openDb: () => backend.open(),
    firstSync: true,
    timeoutMs: 120_000,
  });

  it('gets every list, facet, count, summary, export and change answer of the unscoped user restricted to the scope', async () => {
    // The scoped user's answer, and the admin's to the same request narrowed to the scope.
    const scopedAndRestricted = async (path: string, params: Record<string, string>) =>
      [
        await get(bff, 'scoped', path, params),
        await get(bff, 'admin', path, { ...params, namespaces: inside.join(',') }),
      ] as const;
    await fc.assert(
      fc.asyncProperty(filtersArbitrary, fc.constantFrom(...LISTS), async (filters, list) => {
        const filterParams: Record<string, string> = asParams(filters);
        const params: Record<string, string> = { ...filterParams, limit: '200' };
        const [scoped, expected] = await scopedAndRestricted(list.route, params);
        expect(scoped.status).toBe(200);
        expect(scoped.body).toEqual(expected.body);
        for (const row of (scoped.body as { data_list: Array<{ namespace: string }> }).data_list)
          expect(inside).toContain(row.namespace);

        const [facets, facetsExpected] = await scopedAndRestricted(`${list.route}/facets`, params);
        const { namespace: scopedNamespaces, ...scopedOthers } = (
          facets.body as { facets: Record<string, Array<{ value: string; count: number }>> }
        ).facets;
        const { namespace: allNamespaces, ...expectedOthers } = (
          facetsExpected.body as { facets: Record<string, Array<{ value: string; count: number }>> }
        ).facets;
        expect(scopedOthers).toEqual(expectedOthers);
        // The namespace facet is counted without the exact pick: the admin's lists every one.
        expect(scopedNamespaces).toEqual(
          (allNamespaces ?? []).filter((bucket) => inside.includes(bucket.value)),
        );

        const { sort_key: _k, sort_dir: _d, ...summaryParams } = filterParams;
        const [summary, summaryExpected] = await scopedAndRestricted('/api/hss/risk-summary', {
          ...summaryParams,
          kind: list.name,
        });
        // Scan-age buckets end at each answer's own `now`.
        const comparable = (body: unknown) => {
          const { filters: _f, generated_at: _g, ...rest } = body as Record<string, unknown>;
          return JSON.stringify(rest).replace(/"(start|end)_latest_scan_time":"\d+"/g, '"$1"');
        };
        expect(comparable(summary.body)).toEqual(comparable(summaryExpected.body));

        const [csv, csvExpected] = await scopedAndRestricted(
          `${list.route}/export.csv`,
          filterParams,
        );
        expect(csv.body).toEqual(csvExpected.body);
        expect(csv.total).toBe(csvExpected.total);

        const { sort_key: _s, sort_dir: _o, q: _q, ...changeParams } = params;
        const [changes, changesExpected] = await scopedAndRestricted('/api/changes', {
          ...changeParams,
          list: list.name,
        });
        expect(changes.body).toEqual(changesExpected.body);
      }),
      { numRuns: backend.name === 'sqlite' ? 12 : 3, seed: 2417 },
    );
  }, 240_000);

  it('finds by search and in base images only what is inside the scope', async () => {
    const estate = bff.harness.sim.estate;
    const insideImage = estate.registryImages.find(
      (image) => inside.includes(image.namespace) && image.image_digest !== '',
    );
    if (insideImage === undefined) throw new Error('no image with a digest inside the scope');
    const found = await get(bff, 'scoped', '/api/search', { q: insideImage.image_digest });
    const foundAll = await get(bff, 'admin', '/api/search', { q: insideImage.image_digest });
    type Artifacts = { artifacts: Array<{ locations: Array<{ namespace?: string }> }> };
    const locations = (body: unknown) =>
      (body as Artifacts).artifacts.flatMap((artifact) => artifact.locations);
    expect(locations(found.body)).toEqual(
      locations(foundAll.body).filter((location) => inside.includes(location.namespace ?? '')),
    );
    const hidden = await get(bff, 'scoped', '/api/search', { q: outsideImage.image_digest });
    expect(hidden.body).toMatchObject({ artifacts: [], total: 0 });

    const bases = await get(bff, 'scoped', '/api/base-images', { limit: '200' });
    expect(bases.status).toBe(200);
    const rows = (bases.body as { data_list: Array<Record<string, unknown>> }).data_list;
    for (const row of rows) {
      const listed = await get(bff, 'admin', '/api/hss/registry-images', {
        basic_image_os: String(row.os_name),
        basic_image_os_version: String(row.os_version),
        basic_image_digest: String(row.layer_digest),
        namespaces: inside.join(','),
        limit: '1',
      });
      expect(row.registry_images).toBe((listed.body as { total_num: number }).total_num);
    }
  });

  it('learns nothing of an image outside the scope: 404 by key and in detail, without a cloud call', async () => {
    const byId = await get(bff, 'scoped', `/api/hss/registry-images/${outsideImage.id}`);
    expect(byId.status).toBe(404);
    expect(JSON.stringify(byId.body)).not.toContain(outsideImage.image_digest);
    expect((await get(bff, 'admin', `/api/hss/registry-images/${outsideImage.id}`)).status).toBe(
      200,
    );

    const before = callsOf(bff.harness, 'hss.ListImageBasicImage');
    const detail = await get(bff, 'scoped', basicImagePath(outsideImage));
    expect(detail.status).toBe(404);
    const swrBefore = callsOf(bff.harness, 'swr.ShowRepository');
    const repository = await get(
      bff,
      'scoped',
      `/api/swr/namespaces/${outsideImage.namespace}/repos/${outsideImage.image_name}`,
    );
    expect(repository.status).toBe(404);
    expect(callsOf(bff.harness, 'hss.ListImageBasicImage')).toBe(before);
    expect(callsOf(bff.harness, 'swr.ShowRepository')).toBe(swrBefore);

    const history = await get(bff, 'scoped', '/api/hss/risk-history');
    expect(history.body).toMatchObject({ points: [] });
    const status = await get(bff, 'scoped', '/api/sync');
    const statusAll = await get(bff, 'admin', '/api/sync');
    const rowsOf = (body: unknown) =>
      (body as { accounts: Array<{ account: string; lists: Array<{ rows: number }> }> }).accounts
        .filter((account) => account.account === 'demo-huawei')
        .flatMap((account) => account.lists.map((list) => list.rows));
    const scopedTotals = await Promise.all(
      LISTS.map(async (list) =>
        Number(((await get(bff, 'scoped', list.route)).body as { total_num: number }).total_num),
      ),
    );
    expect(rowsOf(status.body)).toEqual(scopedTotals);
    expect(rowsOf(statusAll.body)).not.toEqual(scopedTotals);
  });
});
