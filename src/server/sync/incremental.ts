// One incremental cycle of one list: for each watermark (the newest update, scan and sync time
// the inventory holds), ask the upstream only for images at or after it minus an overlap margin,
// page through that changed set, upsert it, and move that watermark only once its whole query
// has succeeded. With nothing changed a cycle costs one call per watermark (the overlap's few
// rows fit in one page): 3 for repository images, 2 for CI/CD images (no sync time upstream).
import { OFFSET_MAX, type ImageList } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { listSpec } from '../lists';
import { latestTimes, supersedeLatest, upsertImages, type WriteChanges } from '../lists/list-store';
import { changesOf } from './changes-of';
import { saveSyncRecord, type ListSyncRecord } from './sync-state';
import { CrawlError } from './crawl-errors';
import { CRAWL_PAGE_SIZE, countSkipped } from './full-crawl';
import type { SyncAccount } from './types';

/** A time field of a list's `watermarkFields` (lists/spec.ts). */
export type WatermarkField = string;

/** Default overlap: changes stamped up to this long before a watermark are asked for again. */
export const DEFAULT_OVERLAP_MS = 2 * 60_000;

export interface IncrementalHooks {
  signal: AbortSignal;
  now(): number;
  overlapMs?: number;
  offsetLimit?: number;
}

export interface IncrementalResult {
  /** Rows upserted (the overlap's repeats included). */
  rows: number;
  calls: number;
}

/**
 * Watermarks after a full crawl: the newest times mirrored, but never later than the crawl's
 * start, so that a change made during the crawl to a page already visited is asked for again.
 */
export async function watermarksAfterCrawl(
  db: InventoryDb,
  account: string,
  list: ImageList,
  crawlStartedAt: number,
  previous: Record<string, number | null>,
): Promise<Record<string, number | null>> {
  const spec = listSpec(list);
  const latest = await latestTimes(spec, db, account);
  const out: Record<string, number | null> = {};
  for (const field of spec.watermarkFields) {
    const mirrored = latest[field] ?? null;
    const capped = mirrored === null ? null : Math.min(mirrored, crawlStartedAt);
    const before = previous[field] ?? null;
    // A sweep never moves a watermark backwards past what earlier cycles confirmed.
    out[field] = before === null ? capped : capped === null ? before : Math.max(before, capped);
  }
  return out;
}

async function fetchChanged(
  db: InventoryDb,
  account: SyncAccount,
  list: ImageList,
  field: WatermarkField,
  since: number,
  offset: number,
  seenAt: number,
  changes: WriteChanges,
  signal: AbortSignal,
): Promise<{
  rows: number;
  total: number | null;
  newest: number | null;
  requestId: string | undefined;
  skippedRecords: number;
  skippedMembers: number;
}> {
  const query = {
    offset,
    limit: CRAWL_PAGE_SIZE,
    enterprise_project_id: account.enterpriseProjectId,
    [`start_${field}`]: String(since),
  };
  // Rows carry exact decimal times; a watermark is a number (past 2^53 it rounds, but it is
  // capped at the crawl's start anyway, see watermarksAfterCrawl).
  const newestOf = (rows: ReadonlyArray<Partial<Record<WatermarkField, string | null>>>) => {
    let newest: number | null = null;
    for (const row of rows) {
      const value = row[field];
      const time = typeof value === 'string' ? Number(value) : null;
      if (time !== null && (newest === null || time > newest)) newest = time;
    }
    return newest;
  };
  const pageOf = (
    result: {
      data: { total_num: number | null; skipped_records: number; skipped_members: number };
      requestId: string | undefined;
    },
    rows: ReadonlyArray<Partial<Record<WatermarkField, string | null>>>,
  ) => ({
    rows: rows.length + result.data.skipped_records,
    total: result.data.total_num,
    newest: newestOf(rows),
    requestId: result.requestId,
    skippedRecords: result.data.skipped_records,
    skippedMembers: result.data.skipped_members,
  });
  const spec = listSpec(list);
  const result = await spec.fetchPage(account.client, query, { signal });
  const { data } = result;
  const rows = data.data_list as ReadonlyArray<Partial<Record<WatermarkField, string | null>>>;
  // A page without a usable total changes nothing (the caller reports it).
  if (data.total_num === null) return pageOf(result, rows);
  await upsertImages(spec, db, account.id, data.data_list, seenAt, changes);
  await supersedeLatest(spec, db, account.id, data.data_list, changes);
  await spec.families?.refreshCopies(db, account.id, data.data_list);
  return pageOf(result, rows);
}

/**
 * Runs one cycle over every watermark of the list, saving each watermark as soon as its query
 * completed. Throws the first failure: the watermarks of the queries not completed stay put.
 * A list without a watermark yet (nothing mirrored with that time) is skipped for that field.
 */
export async function runIncrementalCycle(
  db: InventoryDb,
  account: SyncAccount,
  record: ListSyncRecord,
  hooks: IncrementalHooks,
): Promise<IncrementalResult> {
  const overlapMs = hooks.overlapMs ?? DEFAULT_OVERLAP_MS;
  const offsetLimit = hooks.offsetLimit ?? OFFSET_MAX;
  let rows = 0;
  let calls = 0;
  for (const field of listSpec(record.list).watermarkFields) {
    const watermark = record.watermarks[field] ?? null;
    if (watermark === null) continue;
    const since = Math.max(0, watermark - overlapMs);
    let newest = watermark;
    for (let offset = 0; ; offset += CRAWL_PAGE_SIZE) {
      hooks.signal.throwIfAborted();
      calls += 1;
      record.calls += 1;
      const seenAt = hooks.now();
      const page = await fetchChanged(
        db,
        account,
        record.list,
        field,
        since,
        offset,
        seenAt,
        changesOf(record, seenAt),
        hooks.signal,
      );
      if (page.total === null) {
        // Without a total the cycle cannot know it saw every change: keep the watermark.
        throw new CrawlError(
          'unreadable_page',
          `a page without a readable total_num at offset ${offset} of the ${field} query; the cycle will be retried`,
          offset,
          page.requestId,
        );
      }
      countSkipped(record, page, hooks.now());
      rows += page.rows;
      if (page.newest !== null && page.newest > newest) newest = page.newest;
      const next = offset + CRAWL_PAGE_SIZE;
      if (page.rows < CRAWL_PAGE_SIZE || next >= page.total || next > offsetLimit) break;
    }
    record.watermarks = { ...record.watermarks, [field]: newest };
    await saveSyncRecord(db, record);
  }
  record.lastIncrementalSync = hooks.now();
  await saveSyncRecord(db, record);
  return { rows, calls };
}
