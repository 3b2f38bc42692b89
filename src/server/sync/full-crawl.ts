// One full crawl of one list: pages of 200 in the upstream's id order, each upserted in one
// transaction; the position is persisted after every page so that a restart resumes there.
// When the crawl completes, rows it did not see are swept.
import { OFFSET_MAX, type ImageList } from '../../shared/contracts';
import type { InventoryDb } from '../inventory/db';
import { sweepCicdImages, upsertCicdImages } from '../inventory/cicd-images';
import { sweepRegistryImages, upsertRegistryImages } from '../inventory/registry-images';
import { saveSyncRecord, type ListSyncRecord } from '../inventory/sync-state';
import type { SyncAccount } from './types';

export const CRAWL_PAGE_SIZE = 200;

export interface CrawlHooks {
  signal: AbortSignal;
  now(): number;
  /** Called after each persisted page, so that status readers see progress. */
  onProgress(record: ListSyncRecord): void;
}

async function fetchPage(
  db: InventoryDb,
  account: SyncAccount,
  list: ImageList,
  offset: number,
  seenAt: number,
  signal: AbortSignal,
): Promise<{ rows: number; total: number }> {
  const query = {
    offset,
    limit: CRAWL_PAGE_SIZE,
    enterprise_project_id: account.enterpriseProjectId,
  };
  if (list === 'registry') {
    const result = await account.client.listRegistryImages(query, { signal });
    await upsertRegistryImages(db, account.id, result.data.data_list, seenAt);
    return { rows: result.data.data_list.length, total: result.data.total_num };
  }
  const result = await account.client.listCicdImages(query, { signal });
  await upsertCicdImages(db, account.id, result.data.data_list, seenAt);
  return { rows: result.data.data_list.length, total: result.data.total_num };
}

/**
 * Runs (or resumes) the crawl recorded in `record`, mutating it as it goes. Throws the client's
 * error on failure, leaving `crawlOffset` where the next attempt should resume.
 */
export async function runFullCrawl(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  hooks: CrawlHooks,
): Promise<{ swept: number }> {
  if (record.crawlOffset === null || record.crawlStartedAt === null) {
    record.crawlOffset = 0;
    record.crawlStartedAt = hooks.now();
    record.rowsDone = 0;
  }
  record.state = record.lastFullSync === null ? 'crawling' : 'syncing';
  await saveSyncRecord(db, record);
  hooks.onProgress(record);

  for (;;) {
    hooks.signal.throwIfAborted();
    const offset: number = record.crawlOffset ?? 0;
    record.calls += 1;
    const page = await fetchPage(db, account, record.list, offset, hooks.now(), hooks.signal);
    record.total = page.total;
    record.rowsDone = Math.min(offset + page.rows, Math.max(page.total, offset + page.rows));
    const nextOffset = offset + CRAWL_PAGE_SIZE;
    // Done when the page came back short or the next offset passes the total. Beyond the
    // upstream's offset cap a crawl must be split by time windows (a later issue): stop there.
    const done = page.rows < CRAWL_PAGE_SIZE || nextOffset >= page.total || nextOffset > OFFSET_MAX;
    record.crawlOffset = done ? null : nextOffset;
    if (done) break;
    await saveSyncRecord(db, record);
    hooks.onProgress(record);
  }

  const startedAt = record.crawlStartedAt ?? 0;
  const swept =
    record.list === 'registry'
      ? await sweepRegistryImages(db, account.id, startedAt)
      : await sweepCicdImages(db, account.id, startedAt);
  record.crawlStartedAt = null;
  record.lastFullSync = hooks.now();
  record.state = 'idle';
  record.lastError = null;
  record.consecutiveFailures = 0;
  await saveSyncRecord(db, record);
  hooks.onProgress(record);
  return { swept };
}
