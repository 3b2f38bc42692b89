// GET /api/acr/tags, its facets and export.csv against the real simulator and BFF over HTTP, on
// SQLite and PostgreSQL: the mirrored ACR tags answer with the HSS lists' features (filters, sort
// on any column, paging, facets, a complete CSV recorded in the audit trail), never asking ACR.
import { describe, expect, it } from 'vitest';
import {
  ACR_TAG_LIST_EXPORT_COLUMNS,
  API_ROUTES,
  AcrTagListRowSchema,
  ErrorBodySchema,
  EXPORT_HEADERS,
  FacetsResponseSchema,
  fillPath,
} from '../shared/contracts';
import { z } from 'zod';
import { inScope } from './auth/principal';
import { getWithToken } from './test-support/api-calls';
import { inventoryBackends } from './test-support/test-backends';
import { useTestBff } from './test-support/hooks';
import { proxyUsers } from './test-support/proxy-users';
import {
  callsOf,
  expectedAcrTags,
  startAndMirrorAcr,
  type ExpectedAcrTag,
} from './test-support/sync-harness';
import { waitFor } from './test-support/wait-for';

const TOKEN = 'acr-tag-list-test-dashboard-token-0123';
const PageSchema = z.object({
  total_num: z.number(),
  data_list: z.array(AcrTagListRowSchema),
  synced_at: z.number().nullable(),
});

describe.each(inventoryBackends())('the ACR tag list on $name', (backend) => {
  let tags: ExpectedAcrTag[] = [];

  const call = (path: string, query: Record<string, string> = {}) =>
    getWithToken(bff.url, `${path}?${new URLSearchParams(query).toString()}`, TOKEN);

  async function page(query: Record<string, string>) {
    const response = await call(API_ROUTES.acrTagList, query);
    expect(response.status, response.text).toBe(200);
    return PageSchema.parse(JSON.parse(response.text));
  }

  const bff = useTestBff(
    { seed: 32, registryImages: 40, cicdImages: 10, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'warn' },
    {
      prepare: async () => {
        await startAndMirrorAcr(bff);
        tags = expectedAcrTags(bff.harness.sim.estate);
        if (tags.length < 10) throw new Error('the estate has too few ACR tags for this test');
        if (new Set(tags.map((tag) => tag.repo_type)).size < 2)
          throw new Error('the estate needs ACR tags of public and private repositories');
      },
      openDb: () => backend.open(),
      timeoutMs: 240_000,
    },
  );

  it('pages every mirrored tag, filtered and sorted on any column, without calling ACR', async () => {
    const callsBefore = callsOf(bff.harness, 'acr.ListRepoTag');
    const all = await page({ limit: '200' });
    expect(all.total_num).toBe(tags.length);
    expect(all.synced_at).not.toBeNull();

    const namespace = tags[0]!.namespace;
    const inNamespace = tags.filter((tag) =>
      tag.namespace.toLowerCase().includes(namespace.toLowerCase()),
    );
    // Largest first; equal sizes in descending tag_key order (the tie break follows sort_dir).
    const bySizeDesc = [...inNamespace].sort(
      (a, b) => b.image_size - a.image_size || (a.tag_key < b.tag_key ? 1 : -1),
    );
    const second = await page({
      namespace: namespace.toUpperCase(),
      sort_key: 'image_size',
      sort_dir: 'desc',
      offset: '2',
      limit: '3',
    });
    expect(second.total_num).toBe(inNamespace.length);
    expect(second.data_list.map((row) => row.tag_key)).toEqual(
      bySizeDesc.slice(2, 5).map((tag) => tag.tag_key),
    );

    // A time range on the tag's update time, inclusive.
    const times = tags.map((tag) => tag.image_update).sort((a, b) => a - b);
    const from = times[Math.floor(times.length / 2)]!;
    const recent = await page({ start_image_update: String(from), limit: '200' });
    const expected = tags.filter((tag) => tag.image_update >= from);
    expect(recent.total_num).toBe(expected.length);

    // The digest filter and the search find one tag by its digest.
    const target = tags[tags.length - 1]!;
    const byDigest = await page({ image_digest: target.image_digest.slice(7, 30) });
    expect(byDigest.data_list.map((row) => row.image_digest)).toContain(target.image_digest);
    const byName = await page({
      image_name: target.image_name,
      image_version: target.image_version,
    });
    expect(byName.data_list.map((row) => row.tag_key)).toContain(target.tag_key);

    expect(callsOf(bff.harness, 'acr.ListRepoTag')).toBe(callsBefore);
  });

  it('counts facets under the other filters', async () => {
    const response = await call(API_ROUTES.acrTagListFacets, {});
    expect(response.status, response.text).toBe(200);
    const facets = FacetsResponseSchema.parse(JSON.parse(response.text));
    expect(facets.total_num).toBe(tags.length);
    const counts = new Map<string, number>();
    for (const tag of tags) counts.set(tag.namespace, (counts.get(tag.namespace) ?? 0) + 1);
    const namespaceFacet = new Map(facets.facets.namespace?.map((b) => [b.value, b.count]));
    for (const [namespace, count] of counts) expect(namespaceFacet.get(namespace)).toBe(count);
    expect(facets.facets.instance_id?.[0]?.count).toBe(tags.length);
  });

  it('filters by tag status and repository type, in the list, its facets and its export', async () => {
    const tagsWhere = (field: 'tag_status' | 'repo_type', values: readonly string[]) =>
      tags.filter((tag) => values.includes(tag[field])).map((tag) => tag.tag_key);
    for (const [field, value] of [
      ['repo_type', 'PUBLIC'],
      ['repo_type', 'PRIVATE'],
      ['repo_type', 'PUBLIC,PRIVATE'],
      ['tag_status', 'NORMAL'],
      ['tag_status', 'DELETED'],
    ] as const) {
      const expected = tagsWhere(field, value.split(','));
      const listed = await page({ [field]: value, limit: '200' });
      expect(listed.total_num, `${field}=${value}`).toBe(expected.length);
      const wanted = new Set(expected);
      expect(listed.data_list.length).toBe(Math.min(expected.length, 200));
      expect(listed.data_list.every((row) => wanted.has(row.tag_key))).toBe(true);
    }

    // A facet is counted without its own filter (what choosing another value would give) and
    // under the others.
    const publicTags = tags.filter((tag) => tag.repo_type === 'PUBLIC');
    const response = await call(API_ROUTES.acrTagListFacets, { repo_type: 'PUBLIC' });
    expect(response.status, response.text).toBe(200);
    const facets = FacetsResponseSchema.parse(JSON.parse(response.text));
    expect(facets.total_num).toBe(publicTags.length);
    const countOf = (field: string, value: string) =>
      facets.facets[field]?.find((bucket) => bucket.value === value)?.count;
    expect(countOf('repo_type', 'PRIVATE')).toBe(tagsWhere('repo_type', ['PRIVATE']).length);
    expect(countOf('tag_status', 'NORMAL')).toBe(
      publicTags.filter((tag) => tag.tag_status === 'NORMAL').length,
    );

    const exported = await call(API_ROUTES.acrTagListExport, {
      repo_type: 'PRIVATE',
      tag_status: 'NORMAL',
      columns: 'image_name',
    });
    expect(exported.status, exported.text).toBe(200);
    expect(exported.headers.get(EXPORT_HEADERS.totalCount)).toBe(
      String(
        tags.filter((tag) => tag.repo_type === 'PRIVATE' && tag.tag_status === 'NORMAL').length,
      ),
    );
  });

  it('exports the whole filtered set in the list order, recorded in the audit trail', async () => {
    // The smallest namespace with several tags: its list fits one page to compare with.
    const sizes = new Map<string, number>();
    for (const tag of tags) sizes.set(tag.namespace, (sizes.get(tag.namespace) ?? 0) + 1);
    const [namespace] = [...sizes]
      .filter(([, count]) => count > 1)
      .sort((a, b) => a[1] - b[1])
      .map(([name]) => name);
    if (namespace === undefined) throw new Error('no namespace with several ACR tags');
    const response = await call(API_ROUTES.acrTagListExport, {
      namespaces: namespace,
      sort_key: 'image_version',
      columns: 'image_name,image_version,image_digest',
    });
    expect(response.status, response.text).toBe(200);
    const inNamespace = tags.filter((tag) => tag.namespace === namespace);
    expect(response.headers.get(EXPORT_HEADERS.totalCount)).toBe(String(inNamespace.length));
    const lines = response.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      ['image_name', 'image_version', 'image_digest']
        .map((key) => ACR_TAG_LIST_EXPORT_COLUMNS.find((column) => column.key === key)?.header)
        .join(','),
    );
    const listed = await page({ namespaces: namespace, sort_key: 'image_version', limit: '200' });
    expect(lines.slice(1)).toEqual(
      listed.data_list.map((row) => `${row.image_name},${row.image_version},${row.image_digest}`),
    );
    await waitFor(
      'the export in the audit trail',
      async () =>
        (await bff.db
          .selectFrom('audit_log')
          .select('target')
          .where('action', '=', 'export')
          .where('target', '=', API_ROUTES.acrTagListExport)
          .executeTakeFirst()) !== undefined,
      10_000,
    );
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    for (const [field, value] of [
      ['sort_key', 'severity_level'],
      ['limit', '0'],
      ['instance_id', 'not-an-instance'],
      ['start_image_update', 'yesterday'],
      ['scan_status', 'success'],
      ['repo_type', 'SHARED'],
      ['repo_type', 'PUBLIC,'],
      ['tag_status', 'normal'],
      ['tag_status', 'NORMAL;DELETED'],
    ] as const) {
      const response = await call(API_ROUTES.acrTagList, { [field]: value });
      expect(response.status, `${field}=${value}`).toBe(400);
      expect(ErrorBodySchema.parse(JSON.parse(response.text)).error.field).toBe(field);
    }
    for (const route of [API_ROUTES.acrTagListFacets, API_ROUTES.acrTagListExport]) {
      const response = await call(route, { repo_type: 'SHARED' });
      expect(response.status, route).toBe(400);
      expect(ErrorBodySchema.parse(JSON.parse(response.text)).error.field).toBe('repo_type');
    }
    const paged = await call(API_ROUTES.acrTagListExport, { limit: '10' });
    expect(paged.status).toBe(400);
    expect(ErrorBodySchema.parse(JSON.parse(paged.text)).error.field).toBe('limit');
  });
});

// A user scoped to namespaces (proxy groups + access.roles, the real sign-in path) sees exactly
// the unscoped answer restricted to the namespaces in scope, in the list, facets and export.
describe.each(inventoryBackends())(
  'the ACR tag list of a namespace-scoped user on $name',
  (backend) => {
    const SCOPED_NAMESPACES = ['*a*'];
    const { headers: HEADERS, env } = proxyUsers({
      admin: { user: 'alice', group: 'admins', role: 'admin' },
      scoped: { user: 'bob', group: 'team', role: 'auditor', namespaces: SCOPED_NAMESPACES },
    });
    let inside: string[] = [];

    async function get(who: keyof typeof HEADERS, path: string, query: Record<string, string>) {
      const url = `${bff.url}${path}?${new URLSearchParams(query).toString()}`;
      const response = await fetch(url, { headers: HEADERS[who] });
      const text = await response.text();
      expect(response.status, text).toBe(200);
      return { text, total: response.headers.get(EXPORT_HEADERS.totalCount) };
    }

    const bff = useTestBff(
      { seed: 33, registryImages: 20, cicdImages: 5, rateLimit: '600/min' },
      {
        ...env,
        HSS_CALL_BUDGET: '600/min',
      },
      {
        prepare: async () => {
          await startAndMirrorAcr(bff);
          const namespaces = new Set(
            bff.harness.sim.estate.acrRepositories.map((repo) => repo.RepoNamespaceName),
          );
          inside = [...namespaces].filter((namespace) =>
            inScope({ accounts: null, namespaces: SCOPED_NAMESPACES }, 'demo-alibaba', namespace),
          );
          if (inside.length === 0 || inside.length === namespaces.size)
            throw new Error('the estate needs ACR namespaces inside and outside the scope');
        },
        openDb: () => backend.open(),
        timeoutMs: 240_000,
      },
    );

    it('answers the list, facets and export restricted to the scope', async () => {
      const query = { sort_key: 'image_size', sort_dir: 'desc', limit: '50' };
      const restricted = { ...query, namespaces: inside.join(',') };
      const list = await get('scoped', API_ROUTES.acrTagList, query);
      expect(JSON.parse(list.text)).toEqual(
        JSON.parse((await get('admin', API_ROUTES.acrTagList, restricted)).text),
      );
      // The namespace facet is counted without `namespaces` (what adding one would give), so the
      // unscoped user's shows every namespace; the scoped user's only those in scope.
      const facets = FacetsResponseSchema.parse(
        JSON.parse((await get('scoped', API_ROUTES.acrTagListFacets, query)).text),
      );
      const expected = FacetsResponseSchema.parse(
        JSON.parse((await get('admin', API_ROUTES.acrTagListFacets, restricted)).text),
      );
      const { namespace, ...others } = facets.facets;
      const { namespace: _all, ...expectedOthers } = expected.facets;
      expect(facets.total_num).toBe(expected.total_num);
      expect(others).toEqual(expectedOthers);
      expect(namespace?.map((bucket) => bucket.value).sort()).toEqual([...inside].sort());
      const { limit: _limit, ...exportQuery } = query;
      const scopedFile = await get('scoped', API_ROUTES.acrTagListExport, exportQuery);
      const expectedFile = await get('admin', API_ROUTES.acrTagListExport, {
        ...exportQuery,
        namespaces: inside.join(','),
      });
      expect(scopedFile.total).toBe(expectedFile.total);
      expect(scopedFile.text).toBe(expectedFile.text);
      // The scope hides something: the unscoped user sees more tags.
      const total = async (who: keyof typeof HEADERS) =>
        PageSchema.parse(JSON.parse((await get(who, API_ROUTES.acrTagList, query)).text)).total_num;
      expect(await total('admin')).toBeGreaterThan(await total('scoped'));
    });

    it('answers the mirrored ACR repositories and tags within the scope only', async () => {
      const RepositoriesSchema = z.object({
        TotalCount: z.number(),
        Repositories: z.array(z.object({ RepoId: z.string(), RepoNamespaceName: z.string() })),
      });
      const repositories = async (who: keyof typeof HEADERS) =>
        RepositoriesSchema.parse(
          JSON.parse((await get(who, API_ROUTES.acrRepos, { PageSize: '100' })).text),
        );
      const all = await repositories('admin');
      const scoped = await repositories('scoped');
      const isInside = (repo: { RepoNamespaceName: string }) =>
        inside.includes(repo.RepoNamespaceName);
      expect(scoped.Repositories).toEqual(all.Repositories.filter(isInside));
      expect(scoped.TotalCount).toBe(scoped.Repositories.length);
      expect(scoped.TotalCount).toBeLessThan(all.TotalCount);
      const outsideRepo = all.Repositories.find((repo) => !isInside(repo));
      const insideRepo = scoped.Repositories[0];
      const tagsOf = (repoId: string) =>
        fetch(`${bff.url}${fillPath(API_ROUTES.acrTags, { RepoId: repoId })}`, {
          headers: HEADERS.scoped,
        });
      expect((await tagsOf(insideRepo?.RepoId ?? '')).status).toBe(200);
      expect((await tagsOf(outsideRepo?.RepoId ?? '')).status).toBe(404);
    });
  },
);
