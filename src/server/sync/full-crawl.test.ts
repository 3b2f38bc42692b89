import { describe, expect, it } from 'vitest';
import {
  RegistryImageSchema,
  type ListRegistryImagesQuery,
  type RegistryImage,
} from '../../shared/contracts';
import { openInventory } from '../inventory/db';
import { countRegistryImages } from '../inventory/registry-images';
import { emptySyncRecord, loadSyncRecord } from '../inventory/sync-state';
import { UpstreamError } from '../upstream/types';
import { runFullCrawl } from './full-crawl';
import type { HssListClient, SyncAccount } from './types';

function images(count: number, firstId = 1): RegistryImage[] {
  return Array.from({ length: count }, (_, index) =>
    RegistryImageSchema.parse({
      id: String(firstId + index),
      image_name: `image-${firstId + index}`,
    }),
  );
}

/** A fake upstream serving `rows` in id order, failing once at `failAtOffset`. */
function fakeClient(
  rows: RegistryImage[],
  failAtOffset?: number,
): HssListClient & { offsets: number[] } {
  let failed = false;
  const offsets: number[] = [];
  return {
    offsets,
    listRegistryImages(query: ListRegistryImagesQuery) {
      const offset = query.offset ?? 0;
      offsets.push(offset);
      if (offset === failAtOffset && !failed) {
        failed = true;
        return Promise.reject(
          new UpstreamError({ status: 502, code: 'upstream_error', message: 'boom' }),
        );
      }
      const page = rows.slice(offset, offset + (query.limit ?? 10));
      return Promise.resolve({
        data: { total_num: rows.length, data_list: page },
        requestId: 'r',
        status: 200,
      });
    },
    listCicdImages() {
      return Promise.reject(new Error('not used'));
    },
  };
}

describe('runFullCrawl', () => {
  it('resumes an interrupted crawl at the stored offset and sweeps what it did not see', async () => {
    const db = await openInventory(':memory:');
    let clock = 1_000;
    const hooks = {
      signal: new AbortController().signal,
      now: () => clock++,
      onProgress: () => undefined,
    };

    const first = fakeClient(images(450));
    const account: SyncAccount = {
      id: 'a',
      credentialId: 'c',
      enterpriseProjectId: 'all_granted_eps',
      client: first,
    };
    const record = emptySyncRecord('a', 'registry');
    await runFullCrawl(db, account, record, hooks);
    expect(first.offsets).toEqual([0, 200, 400]);
    expect(await countRegistryImages(db, 'a')).toBe(450);

    // Second crawl: the upstream lost 50 images; it fails at offset 200, then resumes there.
    const second = fakeClient(images(400), 200);
    account.client = second;
    await expect(runFullCrawl(db, account, record, hooks)).rejects.toThrow('boom');
    const stored = await loadSyncRecord(db, 'a', 'registry');
    expect(stored.crawlOffset).toBe(200);
    expect(await countRegistryImages(db, 'a')).toBe(450); // kept as it was until the crawl completes

    await runFullCrawl(db, account, stored, hooks);
    expect(second.offsets).toEqual([0, 200, 200]);
    expect(await countRegistryImages(db, 'a')).toBe(400);
    const done = await loadSyncRecord(db, 'a', 'registry');
    expect(done.crawlOffset).toBeNull();
    expect(done.lastFullSync).not.toBeNull();
    expect(done.state).toBe('idle');
    await db.destroy();
  });
});
