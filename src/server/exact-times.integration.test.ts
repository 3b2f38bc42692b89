// Times past 2^53 (the vendor pages type them Long, up to 2^63-1): a value a double cannot hold
// goes simulator → signed client → inventory → BFF API → CSV digit for digit, and the inventory
// sorts and filters on it exactly, on SQLite and on PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { API_ROUTES, fillPath } from '../shared/contracts';
import { inventoryBackends } from './test-support/test-backends';
import { startTestBff, type TestBff } from './test-support/sync-harness';

const TOKEN = 'exact-times-test-dashboard-token-0123456789';
/** 2^53 and 2^53 + 1: one double for both, so any rounding on the way merges them. */
const EDGE = '9007199254740992';
const PAST_EDGE = '9007199254740993';
const INT64_MAX = '9223372036854775807';

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

async function call(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${bff?.url}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, text: await response.text() };
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

interface Page {
  total_num: number;
  data_list: { id?: string; image_id: string; latest_scan_time: unknown }[];
}

async function page(route: string, query: string): Promise<Page> {
  const response = await call(`${route}?${query}`);
  expect(response.status, response.text).toBe(200);
  return JSON.parse(response.text) as Page;
}

describe.each(inventoryBackends())('exact 64-bit times on $name', (backend) => {
  it('keeps a scan time of 2^53 + 1 exact through sync, API and CSV, and sorts and filters on it', async () => {
    bff = await startTestBff(
      { seed: 23, registryImages: 120, cicdImages: 30, rateLimit: '600/min' },
      { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'warn' },
      { openDb: backend.open },
    );
    const estate = bff.harness.sim.estate;
    const [edgeImage, pastImage] = estate.registryImages.filter(
      (row) => !row.is_multiple_arch && row.association_ids.length === 0,
    );
    const [edgeCicd, pastCicd] = estate.cicdImages;
    if (!edgeImage || !pastImage || !edgeCicd || !pastCicd) throw new Error('estate too small');
    edgeImage.latest_scan_time = BigInt(EDGE);
    pastImage.latest_scan_time = BigInt(PAST_EDGE);
    edgeCicd.latest_scan_time = BigInt(EDGE);
    pastCicd.latest_scan_time = BigInt(PAST_EDGE);
    estate.version += 1; // the simulator re-indexes its lists

    bff.server.sync.start();
    await waitFor(async () => (await call('/readyz')).status === 200);

    for (const [route, exportRoute, keyOf, past, edge] of [
      [
        API_ROUTES.registryImages,
        API_ROUTES.registryImagesExport,
        (image: Page['data_list'][number]) => image.id,
        pastImage.id,
        edgeImage.id,
      ],
      [
        API_ROUTES.cicdImages,
        API_ROUTES.cicdImagesExport,
        (image: Page['data_list'][number]) => image.image_id,
        pastCicd.image_id,
        edgeCicd.image_id,
      ],
    ] as const) {
      // Sorted newest scan first: 2^53 + 1, then 2^53, exact on the wire.
      const newest = await page(route, 'sort_key=latest_scan_time&sort_dir=desc&limit=10');
      expect(newest.data_list.slice(0, 2).map(keyOf)).toEqual([past, edge]);
      expect(newest.data_list.slice(0, 2).map((image) => image.latest_scan_time)).toEqual([
        PAST_EDGE,
        EDGE,
      ]);

      // Ranges that only an exact comparison can tell apart.
      const fromPast = await page(
        route,
        `start_latest_scan_time=${PAST_EDGE}&end_latest_scan_time=${INT64_MAX}&limit=10`,
      );
      expect(fromPast.data_list.map(keyOf)).toEqual([past]);
      const onlyEdge = await page(
        route,
        `start_latest_scan_time=${EDGE}&end_latest_scan_time=${EDGE}&limit=10`,
      );
      expect(onlyEdge.data_list.map(keyOf)).toEqual([edge]);

      // One image by its key.
      const one = await call(
        route === API_ROUTES.registryImages
          ? fillPath(API_ROUTES.registryImage, { id: past })
          : // an image_id still opens its image when exactly one row has it
            fillPath(API_ROUTES.cicdImage, { record_key: past }),
      );
      expect(one.text).toContain(`"latest_scan_time":"${PAST_EDGE}"`);

      // The CSV: both rows, newest first, every digit (no date can show a time this late).
      const csv = await call(
        `${exportRoute}?start_latest_scan_time=${EDGE}&end_latest_scan_time=${INT64_MAX}` +
          '&sort_key=latest_scan_time&sort_dir=desc',
      );
      expect(csv.status).toBe(200);
      const records = csv.text.split('\r\n').slice(1).filter(Boolean);
      expect(records).toHaveLength(2);
      expect(records[0]).toContain(PAST_EDGE);
      expect(records[0]).toContain(past);
      expect(records[1]).toContain(EDGE);
      expect(records[1]).not.toContain(PAST_EDGE);
    }
  }, 120_000);
});
