// ACR answers are read on demand and cached for a minute: each says when it was fetched (body
// `fetched_at`, header X-Data-Fetched-At), and `reload=true` bypasses the cache only while the
// ACR call budget has a call to spare; otherwise the cached answer comes back marked so.
import { describe, expect, it, vi } from 'vitest';
import { AcrRepositoriesPageSchema, DATA_FETCHED_AT_HEADER } from '../shared/contracts';
import { useTestBff } from './test-support/hooks';
import type { Harness } from './test-support/sync-harness';

const TOKEN = 'acr-freshness-test-token-0123456789';
let harness: Harness;
let url: string;

const bff = useTestBff(
  { seed: 4, registryImages: 10, cicdImages: 5 },
  { DASHBOARD_TOKEN: TOKEN, ACR_CALL_BUDGET: '2/min', LOG_LEVEL: 'silent' },
  {
    prepare: async () => {
      ({ harness, url } = bff);
    },
  },
);

async function repositories(query = '') {
  const response = await fetch(`${url}/api/acr/repos${query}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const body: unknown = await response.json();
  return { status: response.status, header: response.headers.get(DATA_FETCHED_AT_HEADER), body };
}

const acrCalls = () =>
  harness.sim.stats().calls[`${harness.keys.alibaba.accessKeyId}:acr.ListRepository`] ?? 0;

describe('ACR answers', () => {
  it('say when they were fetched, and reload only while the budget has a call to spare', async () => {
    const before = Date.now();
    const first = await repositories();
    expect(first.status).toBe(200);
    const firstPage = AcrRepositoriesPageSchema.parse(first.body);
    expect(firstPage.fetched_at).toBeGreaterThanOrEqual(before);
    expect(first.header).toBe(String(firstPage.fetched_at));
    expect(firstPage.reload_refused).toBeUndefined();
    expect(acrCalls()).toBe(1);

    // Cached: same fetch time, no call.
    const cached = AcrRepositoriesPageSchema.parse((await repositories()).body);
    expect(cached.fetched_at).toBe(firstPage.fetched_at);
    expect(acrCalls()).toBe(1);

    // A reload with a call to spare: a fresh answer, which the cache then serves.
    // A later millisecond than the first fetch, so that a fresh answer shows in its time.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(firstPage.fetched_at ?? 0));
    const reloaded = AcrRepositoriesPageSchema.parse((await repositories('?reload=true')).body);
    expect(reloaded.fetched_at).toBeGreaterThan(firstPage.fetched_at ?? 0);
    expect(reloaded.reload_refused).toBeUndefined();
    expect(acrCalls()).toBe(2);
    expect(AcrRepositoriesPageSchema.parse((await repositories()).body).fetched_at).toBe(
      reloaded.fetched_at,
    );

    // The budget (2/min) is spent: the cached answer, marked as such, and no call.
    const refused = await repositories('?reload=true');
    expect(refused.status).toBe(200);
    const refusedPage = AcrRepositoriesPageSchema.parse(refused.body);
    expect(refusedPage.reload_refused).toBe(true);
    expect(refusedPage.fetched_at).toBe(reloaded.fetched_at);
    expect(refused.header).toBe(String(reloaded.fetched_at));
    expect(acrCalls()).toBe(2);

    const bad = await repositories('?reload=yes');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_parameter', field: 'reload' } });
  });
});
