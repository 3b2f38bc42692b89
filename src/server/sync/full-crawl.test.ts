import { describe, expect, it } from 'vitest';

import {
  ListRegistryImagesResponseSchema,
  type ListRegistryImagesQuery,
} from '../../shared/contracts';

import { openInventory, type InventoryDb } from '../store/db';

import { emptySyncRecord, loadSyncRecord, type ListSyncRecord } from './sync-state';

import { UpstreamError } from '../upstream/types';

import { MAX_PAGE_ATTEMPTS, runFullCrawl } from './full-crawl';

import type { HssListClient, SyncAccount } from './types';
import { countRegistryImages } from '../test-support/per-list';

/** Raw upstream records (as the API sends them), ids from `firstId`. */
function rawImages(count: number, firstId = 1): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    id: firstId + index,
    image_name: `image-${firstId + index}`,
  }));
}

/** What the fake upstream answers for a page: the JSON body before parsing. */
type PageBody = (offset: number, limit: number, rows: Array<Record<string, unknown>>) => unknown;

const honest: PageBody = (offset, limit, rows) => ({
  total_num: rows.length,
  data_list: rows.slice(offset, offset + limit),
});

/** Honest pages but the one at `offset`, which `fault` answers. */
function faultAt(offset: number, fault: PageBody): PageBody {
  return (at, limit, rows) => (at === offset ? fault : honest)(at, limit, rows);
}

/**
 * A fake upstream serving `rows` in order through the real response parser; `body` shapes each
 * answer (a fault), `failAtOffset` fails one call with a 502.
 */
function fakeClient(
  rows: Array<Record<string, unknown>>,
  options: { body?: PageBody; failAtOffset?: number } = {},
): HssListClient & { offsets: number[] } {
  let failed = false;
  const offsets: number[] = [];
  return {
    offsets,
    listRegistryImages(query: ListRegistryImagesQuery) {
      const offset = query.offset ?? 0;
      offsets.push(offset);
      if (offset === options.failAtOffset && !failed) {
        failed = true;
        return Promise.reject(
          new UpstreamError({ status: 502, code: 'upstream_error', message: 'boom' }),
        );
      }
      const body = (options.body ?? honest)(offset, query.limit ?? 10, rows);
      return Promise.resolve({
        data: ListRegistryImagesResponseSchema.parse(body),
        requestId: `req-${offset}`,
        status: 200,
      });
    },
    listCicdImages() {
      return Promise.reject(new Error('not used'));
    },
  };
}

async function setUp(): Promise<{
  db: InventoryDb;
  account: SyncAccount;
  record: ListSyncRecord;
  crawl: () => Promise<unknown>;
}> {
  const db = await openInventory(':memory:');
  let clock = 1_000;
  const hooks = {
    signal: new AbortController().signal,
    now: () => clock++,
    onProgress: () => undefined,
  };
  const account: SyncAccount = {
    id: 'a',
    credentialId: 'c',
    enterpriseProjectId: 'all_granted_eps',
    client: fakeClient([]),
  };
  const record = emptySyncRecord('a', 'registry');
  return { db, account, record, crawl: () => runFullCrawl(db, account, record, hooks) };
}

/** A set-up whose inventory holds `count` rows after two complete crawls: the next complete one would sweep. */
async function setUpAfterTwoCrawls(count = 1000): ReturnType<typeof setUp> {
  const setup = await setUp();
  setup.account.client = fakeClient(rawImages(count));
  await setup.crawl();
  await setup.crawl();
  return setup;
}

/** Crawls until the crawl ends (complete or not), as the engine's retries would. */
async function crawlUntilEnd(crawl: () => Promise<unknown>): Promise<unknown> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      return await crawl();
    } catch (error) {
      if ((error as { code?: string }).code !== 'unreadable_page') return error;
    }
  }
  throw new Error('the crawl never ended');
}

describe('runFullCrawl', () => {
  it('resumes an interrupted crawl at the stored offset; removes a row only after two complete crawls missed it', async () => {
    const { db, account, record, crawl } = await setUp();
    const first = fakeClient(rawImages(450));
    account.client = first;
    await crawl();
    expect(first.offsets).toEqual([0, 200, 400]);
    expect(await countRegistryImages(db, 'a')).toBe(450);

    // Second crawl: the upstream lost 50 images; it fails at offset 200, then resumes there.
    const second = fakeClient(rawImages(400), { failAtOffset: 200 });
    account.client = second;
    await expect(crawl()).rejects.toThrow('boom');
    const stored = await loadSyncRecord(db, 'a', 'registry');
    expect(stored.crawlOffset).toBe(200);
    expect(await countRegistryImages(db, 'a')).toBe(450); // kept as it was until the crawl completes

    Object.assign(record, stored);
    await crawl();
    expect(second.offsets).toEqual([0, 200, 200]);
    // Missed by one complete crawl only: a row that moved during paging looks the same.
    expect(await countRegistryImages(db, 'a')).toBe(450);
    const done = await loadSyncRecord(db, 'a', 'registry');
    expect(done.crawlOffset).toBeNull();
    expect(done.lastFullSync).not.toBeNull();
    expect(done.state).toBe('idle');

    // Missed by a second complete crawl in a row: now it is gone.
    account.client = fakeClient(rawImages(400));
    await crawl();
    expect(await countRegistryImages(db, 'a')).toBe(400);
    await db.destroy();
  });

  it('keeps a row that one crawl missed because rows shifted under offset paging', async () => {
    const { db, account, crawl } = await setUp();
    account.client = fakeClient(rawImages(600));
    await crawl();
    // During the next crawl, row 150 is deleted after page one: every later row moves up one,
    // so row 201 (now at offset 199) is skipped by the page at offset 200. It is still live.
    const rows = rawImages(600);
    account.client = fakeClient(rows, {
      body: (offset, limit) => {
        const now = offset === 0 ? rows : rows.filter((row) => row.id !== 150);
        return { total_num: now.length, data_list: now.slice(offset, offset + limit) };
      },
    });
    await crawl();
    expect(await countRegistryImages(db, 'a')).toBe(600);
    // Row 150 was seen by the crawl during which it went: two complete crawls must miss it.
    account.client = fakeClient(rows.filter((row) => row.id !== 150));
    await crawl();
    expect(await countRegistryImages(db, 'a')).toBe(600);
    await crawl();
    const ids = await db.selectFrom('registry_images').select('id').execute();
    expect(ids.map((row) => row.id)).toContain('201');
    expect(ids).toHaveLength(599); // the deleted one is gone after two complete crawls
    await db.destroy();
  });

  for (const [name, body] of [
    [
      'a missing total_num',
      (offset: number, limit: number, rows: Array<Record<string, unknown>>) => ({
        data_list: rows.slice(offset, offset + limit),
      }),
    ],
    [
      'an unreadable total_num',
      (offset: number, limit: number, rows: Array<Record<string, unknown>>) => ({
        total_num: 'n/a',
        data_list: rows.slice(offset, offset + limit),
      }),
    ],
    ['a {} page', () => ({})],
  ] as const) {
    it(`never sweeps after ${name} on page one: every row kept, the offset and request id reported`, async () => {
      const { db, account, record, crawl } = await setUpAfterTwoCrawls();
      const faulty = fakeClient(rawImages(1000), { body: faultAt(0, body) });
      account.client = faulty;
      const first = await crawl().catch((error: unknown) => error);
      expect(first).toMatchObject({ code: 'unreadable_page', offset: 0, requestId: 'req-0' });
      const end = await crawlUntilEnd(crawl);
      expect(end).toMatchObject({ code: 'crawl_incomplete', offset: 0, requestId: 'req-0' });
      expect(faulty.offsets.filter((offset) => offset === 0)).toHaveLength(MAX_PAGE_ATTEMPTS);
      expect(await countRegistryImages(db, 'a')).toBe(1000);
      expect(record.crawlOffset).toBeNull(); // the next attempt starts afresh
      await db.destroy();
    });
  }

  it('never sweeps after a page without total_num in the middle (1,000 rows stay 1,000)', async () => {
    const { db, account, crawl } = await setUpAfterTwoCrawls();
    const faulty = fakeClient(rawImages(1000), {
      body: faultAt(200, (offset, limit, rows) => ({
        data_list: rows.slice(offset, offset + limit),
      })),
    });
    account.client = faulty;
    const end = await crawlUntilEnd(crawl);
    expect(end).toMatchObject({ code: 'crawl_incomplete', offset: 200, requestId: 'req-200' });
    // The skipped page did not end the crawl: it went on to the rest of the list.
    expect(faulty.offsets).toEqual([0, 200, 200, 200, 400, 600, 800]);
    expect(await countRegistryImages(db, 'a')).toBe(1000);
    await db.destroy();
  });

  it('never sweeps after an empty page before the total, nor when total_num moves too much', async () => {
    const { db, account, crawl } = await setUpAfterTwoCrawls();
    account.client = fakeClient(rawImages(1000), {
      body: faultAt(400, () => ({ total_num: 1000, data_list: [] })),
    });
    expect(await crawlUntilEnd(crawl)).toMatchObject({ code: 'crawl_incomplete', offset: 400 });
    expect(await countRegistryImages(db, 'a')).toBe(1000);

    account.client = fakeClient(rawImages(1000), {
      body: (offset, limit, rows) => ({
        total_num: offset === 0 ? 1000 : 200,
        data_list: rows.slice(offset, offset + limit),
      }),
    });
    const end = await crawlUntilEnd(crawl);
    expect(end).toMatchObject({ code: 'crawl_incomplete', offset: 200 });
    expect((end as Error).message).toContain('total_num moved from 1000 to 200');
    expect(await countRegistryImages(db, 'a')).toBe(1000);
    await db.destroy();
  });

  it('never sweeps when the rows seen fall short of the total', async () => {
    const { db, account, crawl } = await setUpAfterTwoCrawls();
    // Short pages: each says total 1000 but holds 50 rows; paging goes on to the total.
    const short = fakeClient(rawImages(1000), {
      body: (offset, _limit, rows) => ({
        total_num: 1000,
        data_list: rows.slice(offset, offset + 50),
      }),
    });
    account.client = short;
    expect(await crawlUntilEnd(crawl)).toMatchObject({ code: 'crawl_incomplete' });
    expect(short.offsets).toEqual([0, 200, 400, 600, 800]);
    expect(await countRegistryImages(db, 'a')).toBe(1000);
    await db.destroy();
  });

  it('skips a record without an id and an association member without an id on their own, counted', async () => {
    const { db, account, record, crawl } = await setUp();
    const rows = rawImages(300);
    rows[5] = { image_name: 'no id' };
    rows[7] = {
      ...rows[7],
      is_multiple_arch: true,
      association_images: [{ id: 9001, image_name: 'amd64' }, { image_name: 'arm64, no id' }],
    };
    account.client = fakeClient(rows);
    await crawl();
    expect(await countRegistryImages(db, 'a')).toBe(299);
    expect(record.lastError).toBeNull();
    expect(record.warnings).toMatchObject({ skipped_records: 1, skipped_members: 1 });
    const stored = await loadSyncRecord(db, 'a', 'registry');
    expect(stored.warnings).toMatchObject({ skipped_records: 1, skipped_members: 1 });
    await db.destroy();
  });
});
