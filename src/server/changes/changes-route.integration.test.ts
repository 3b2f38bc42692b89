// GET /api/changes over HTTP: the BFF as main.ts composes it, syncing from the simulator. After
// the first crawl the feed is empty with a baseline; a rescan shows up as events once the sync
// applied it; bad input is a 400 naming the field.
import { describe, expect, it, vi } from 'vitest';
import type { ChangesPage } from '../../shared/contracts';
import { decodeCsv } from '../../shared/csv';
import { useTestBff } from '../test-support/hooks';

const TOKEN = 'changes-route-test-token-0123456789';

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${bff.url}/api/changes${query}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const bff = useTestBff(
  { seed: 5, registryImages: 200, cicdImages: 40, rateLimit: '600/min' },
  { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'silent' },
  { firstSync: true },
);

describe('GET /api/changes', () => {
  it('answers the events the sync recorded, newest first, with counts and the baseline', async () => {
    const first = await get('');
    expect(first.status).toBe(200);
    const empty = first.body as unknown as ChangesPage;
    expect(empty.total_num).toBe(0);
    expect(empty.baseline_at).toEqual(expect.any(Number));

    bff.harness.sim.control.rescanImages(5);
    const refresh = await fetch(`${bff.url}/api/sync/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ list: 'registry' }),
    });
    expect(refresh.status).toBeLessThan(300);
    const page = await vi.waitFor(
      async () => {
        const answer = (await get('?list=registry&event_type=rescanned'))
          .body as unknown as ChangesPage;
        expect(answer.total_num).toBeGreaterThan(0);
        return answer;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(page.data_list.every((event) => event.event_type === 'rescanned')).toBe(true);
    const event = page.data_list[0];
    expect(event?.list).toBe('registry');
    expect(event?.image.image_name).toEqual(expect.any(String));
    expect(Number(event?.after?.latest_scan_time)).toBeGreaterThan(
      Number(event?.before?.latest_scan_time ?? 0),
    );
    // The event's image is the list's image: its by-id route finds it.
    const byId = await fetch(
      `${bff.url}/api/hss/registry-images/${encodeURIComponent(event?.image.id ?? '')}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    expect(byId.status).toBe(200);
  });

  it('exports the whole filtered feed as CSV, newest first, as the JSON answer lists it', async () => {
    const page = (await get('?list=registry&limit=500')).body as unknown as ChangesPage;
    expect(page.total_num).toBeGreaterThan(0);
    const response = await fetch(`${bff.url}/api/changes/export.csv?list=registry&limit=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('x-total-count')).toBe(String(page.total_num));
    const bytes = Buffer.from(await response.arrayBuffer());
    // UTF-8 with a BOM: spreadsheets then read the names right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = decodeCsv(bytes.toString('utf8'));
    expect(header?.[3]).toBe('Event type');
    // limit is ignored: the whole feed, in the feed's order.
    expect(records.map((record) => Number(record[0]))).toEqual(
      page.data_list.map((event) => event.id),
    );
    expect(records.map((record) => record[3])).toEqual(
      page.data_list.map((event) => event.event_type),
    );
  });

  it.each([
    ['?list=acr', 'list'],
    ['?event_type=exploded', 'event_type'],
    ['?since=20&until=10', 'until'],
    ['?limit=0', 'limit'],
    ['?since=yesterday', 'since'],
    ['?sort_key=image_name', 'sort_key'],
    ['?list=cicd&image_type=private_image', 'image_type'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(field);
  });
});
