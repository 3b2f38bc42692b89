// The risk overview's API against the real simulator over HTTP: every segment's count equals the
// list API's total_num for the segment's filter, building the summary makes no upstream call,
// history is back-filled (demo) and recorded after the sync, and bad input is a 400 naming the field.
import { describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../simulator';
import {
  RiskHistorySchema,
  RiskSummarySchema,
  type QueryRecord,
  type RiskSummary,
} from '../shared/contracts';
import { useTestBff } from './test-support/hooks';

const TOKEN = 'risk-integration-test-token-0123456789abcdef';
let sim: RunningSimulator;
let baseUrl: string;

async function get(
  path: string,
  params: QueryRecord = {},
): Promise<{ status: number; body: unknown }> {
  const search = new URLSearchParams(params).toString();
  const response = await fetch(`${baseUrl}${path}${search ? `?${search}` : ''}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

async function summary(params: QueryRecord): Promise<RiskSummary> {
  const { status, body } = await get('/api/hss/risk-summary', params);
  expect(status, JSON.stringify(body)).toBe(200);
  return RiskSummarySchema.parse(body);
}

async function listTotal(kind: 'registry' | 'cicd', params: QueryRecord): Promise<number> {
  const path = kind === 'registry' ? '/api/hss/registry-images' : '/api/hss/cicd-images';
  const { status, body } = await get(path, { ...params, limit: kind === 'cicd' ? '10' : '1' });
  expect(status, `${path} ${JSON.stringify(params)}: ${JSON.stringify(body)}`).toBe(200);
  return (body as { total_num: number }).total_num;
}

/** Every bucket that links somewhere must list exactly its count. */
async function expectSegmentsMatchLists(result: RiskSummary): Promise<number> {
  const { account: _account, ...pageFilters } = result.filters;
  const buckets = [
    ...result.severity,
    ...result.scan_status,
    ...result.risk_types,
    ...result.image_types,
    ...result.registries,
    ...result.scan_age,
    ...result.top_namespaces,
  ].filter((bucket) => Object.keys(bucket.filter).length > 0);
  let nonZero = 0;
  for (const bucket of buckets) {
    const total = await listTotal(result.kind, { ...pageFilters, ...bucket.filter });
    expect(total, `${result.kind} ${JSON.stringify(bucket)}`).toBe(bucket.count);
    if (bucket.count > 0) nonZero += 1;
  }
  return nonZero;
}

const bff = useTestBff(
  { seed: 11, registryImages: 800, cicdImages: 200, rateLimit: '600/min' },
  { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min' },
  {
    prepare: async () => {
      baseUrl = bff.url;
      sim = bff.harness.sim;
      // The snapshot is written just after the sync record: wait until both lists have one (polled;
      // the deadline only names a condition that never holds).
      await vi.waitFor(
        async () => {
          const recorded = await bff.db
            .selectFrom('risk_history')
            .select('kind')
            .where('reconstructed', '=', 0)
            .execute();
          expect(new Set(recorded.map((row) => row.kind))).toEqual(new Set(['registry', 'cicd']));
        },
        { timeout: 40_000, interval: 50 },
      );
    },
    firstSync: true,
  },
);

describe('risk summary', () => {
  it('counts every segment exactly as the list API does, for both kinds and under filters', async () => {
    const sample = sim.estate.registryImages[100];
    const cicdSample = sim.estate.cicdImages[10];
    if (!sample || !cicdSample) throw new Error('empty estate');

    const whole = await summary({});
    expect(whole.kind).toBe('registry');
    expect(whole.total_num).toBe(800);
    expect(whole.severity.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(800);
    expect(whole.scan_age.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(800);
    expect(typeof whole.synced_at).toBe('number');
    expect(whole.top_images.length).toBe(10);
    expect(await expectSegmentsMatchLists(whole)).toBeGreaterThan(15);

    const filtered = await summary({
      namespace: sample.namespace.slice(0, 3),
      registry_name: sample.registry_name.slice(0, 2),
    });
    expect(filtered.total_num).toBeLessThan(800);
    expect(filtered.total_num).toBe(
      await listTotal('registry', {
        namespace: sample.namespace.slice(0, 3),
        registry_name: sample.registry_name.slice(0, 2),
      }),
    );
    await expectSegmentsMatchLists(filtered);

    // Filters that overlap the segments' own (severity, scan time) still agree.
    const overlapping = await summary({
      severity_level: 'High,Medium',
      start_latest_scan_time: String(Date.now() - 20 * 86_400_000),
    });
    await expectSegmentsMatchLists(overlapping);

    const cicd = await summary({ kind: 'cicd' });
    expect(cicd.total_num).toBe(200);
    expect(cicd.image_type_field).toBe('pipeline_type');
    expect(await expectSegmentsMatchLists(cicd)).toBeGreaterThan(10);
    await expectSegmentsMatchLists(
      await summary({ kind: 'cicd', namespace: cicdSample.namespace.slice(0, 2) }),
    );
  });

  it('links each top image to a list that holds it', async () => {
    const result = await summary({});
    const first = result.top_images[0];
    if (!first) throw new Error('no top image');
    const { image, ...filter } = first.filter;
    expect(image).toBe(first.key);
    const { body } = await get('/api/hss/registry-images', { ...filter, limit: '200' });
    const ids = (body as { data_list: Array<{ id: string; vul_num: number }> }).data_list.map(
      (row) => row.id,
    );
    expect(ids).toContain(first.key);
    const maxVul = Math.max(...sim.estate.registryImages.map((row) => row.vul_num));
    expect(first.vul_num).toBe(maxVul);
  });

  it('makes no upstream call, whatever the filters', async () => {
    const before = sim.stats().total;
    await summary({});
    await summary({ kind: 'cicd', has_vul: 'true' });
    await summary({ severity_level: 'unrated', q: 'a' });
    await get('/api/hss/risk-history', { days: '365' });
    expect(sim.stats().total).toBe(before);
  });

  it('refuses bad input with a 400 naming the field, before any upstream call', async () => {
    const before = sim.stats().total;
    const cases: Array<[QueryRecord, string]> = [
      [{ kind: 'acr' }, 'kind'],
      [{ limit: '10' }, 'limit'],
      [{ severity_level: 'Critical' }, 'severity_level'],
      [{ kind: 'cicd', registry_name: 'x' }, 'registry_name'],
      [{ account: 'nobody' }, 'account'],
    ];
    for (const [params, field] of cases) {
      const { status, body } = await get('/api/hss/risk-summary', params);
      expect(status).toBe(400);
      // A list parameter's issue may name the item (severity_level.0): the field comes first.
      expect((body as { error: { field: string } }).error.field.split('.')[0]).toBe(field);
    }
    const history = await get('/api/hss/risk-history', { days: '7' });
    expect(history.status).toBe(400);
    expect((history.body as { error: { field: string } }).error.field).toBe('days');
    expect(sim.stats().total).toBe(before);
  });
});

describe('risk history', () => {
  it('back-fills a year in demo mode and records today after the sync', async () => {
    const { status, body } = await get('/api/hss/risk-history', { days: '365' });
    expect(status).toBe(200);
    const history = RiskHistorySchema.parse(body);
    expect(history.points.length).toBe(365);
    const today = history.points.at(-1);
    const yesterday = history.points.at(-2);
    if (!today || !yesterday) throw new Error('no points');
    expect(today.reconstructed).toBe(false);
    expect(yesterday.reconstructed).toBe(true);
    const now = await summary({});
    expect(today.total).toBe(now.total_num);
    expect(today.high).toBe(now.severity.find((bucket) => bucket.value === 'High')?.count);
    expect(today.never_scanned).toBe(
      now.scan_age.find((bucket) => bucket.value === 'never')?.count,
    );
    // The reconstruction never exceeds today's inventory, and the past had fewer images.
    expect(history.points.every((point) => point.total <= today.total)).toBe(true);
    expect(history.points[0]?.total ?? 0).toBeLessThan(today.total);

    const short = RiskHistorySchema.parse(
      (await get('/api/hss/risk-history', { kind: 'cicd' })).body,
    );
    expect(short.kind).toBe('cicd');
    expect(short.points.length).toBe(30);
  });
});
