// The generic list store, the same assertions for every list in LISTS and on every backend: a
// list added to LISTS is checked here without a test of its own.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openInventory } from '../store/db';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import { listFacets } from './facets';
import { INVENTORY_LISTS, LISTS } from './index';
import {
  countImages,
  imageByKey,
  latestTimes,
  pageFileWarmUp,
  queryList,
  supersedeLatest,
  sweepImages,
  upsertImages,
} from './list-store';
import type { ListSpec } from './spec';

const ACCOUNT = 'a';
const NOW = Date.UTC(2025, 0, 15);

/** Six records of two repositories and a third: i = 3, 4, 5 are their latest versions. */
function rawRecords(): Array<Record<string, unknown>> {
  return Array.from({ length: 6 }, (_, i) => ({
    id: String(i + 1),
    image_id: `sha256:${i}`,
    namespace: 'ns',
    image_name: `app-${i % 3}`,
    image_version: `v${i}`,
    registry_id: 'r1',
    registry_name: 'reg',
    cicd_name: 'pipe',
    vul_num: i,
    latest_version: i >= 3,
    latest_update_time: String(1_000 + i),
    latest_scan_time: String(2_000 + i),
    latest_sync_time: String(3_000 + i),
  }));
}

const keyOf = (spec: ListSpec, row: unknown) => String((row as Record<string, unknown>)[spec.key]);
const field = (row: unknown, name: string) => (row as Record<string, unknown>)[name];

describe.each(inventoryBackends())('the list store on $name', (backend) => {
  describe.each(LISTS.map((spec) => ({ list: spec.name, spec })))('$list', ({ spec }) => {
    const records = () => rawRecords().map((raw) => spec.recordSchema.parse(raw));

    it('upserts idempotently, pages in order, and finds each row by its key', () =>
      withInventory(backend, async (db) => {
        await upsertImages(spec, db, ACCOUNT, records(), NOW);
        await upsertImages(spec, db, ACCOUNT, records(), NOW);
        expect(await countImages(spec, db, ACCOUNT)).toBe(6);
        expect(await countImages(spec, db, 'other')).toBe(0);

        const query = { limit: 4, sort_key: 'vul_num', sort_dir: 'desc' as const };
        const page = await queryList(spec, db, ACCOUNT, query, { now: NOW });
        expect(page.total_num).toBe(6);
        expect(page.data_list.map((row) => field(row, 'vul_num'))).toEqual([5, 4, 3, 2]);

        for (const row of page.data_list)
          expect(await imageByKey(spec, db, ACCOUNT, keyOf(spec, row))).toEqual(row);
        expect(await imageByKey(spec, db, ACCOUNT, 'no-such-key')).toBeUndefined();
      }));

    it('filters as its facets count, and moves the watermarks to the newest times', () =>
      withInventory(backend, async (db) => {
        const images = records();
        await upsertImages(spec, db, ACCOUNT, images, NOW);
        const risky = await queryList(spec, db, ACCOUNT, { has_vul: true }, { now: NOW });
        expect(risky.total_num).toBe(5);
        const facets = await listFacets(spec, db, ACCOUNT, { has_vul: true }, { now: NOW });
        expect(facets.total_num).toBe(5);

        const times = await latestTimes(spec, db, ACCOUNT);
        expect(Object.keys(times).sort()).toEqual([...spec.watermarkFields].sort());
        for (const name of spec.watermarkFields) {
          const newest = Math.max(...images.map((image) => Number(field(image, name))));
          expect(times[name]).toBe(newest);
        }
      }));

    it('lets a new latest version supersede its repository, and sweeps what a crawl missed', () =>
      withInventory(backend, async (db) => {
        await upsertImages(spec, db, ACCOUNT, records(), NOW);
        const newer = spec.recordSchema.parse({
          ...rawRecords()[3],
          id: '7',
          image_id: 'sha256:7',
          image_version: 'v7',
          latest_version: true,
        });
        await upsertImages(spec, db, ACCOUNT, [newer], NOW + 1);
        await supersedeLatest(spec, db, ACCOUNT, [newer]);
        const latest = await queryList(spec, db, ACCOUNT, { latest_version: true }, { now: NOW });
        // app-0's v3 lost it to v7; app-1's v4 and app-2's v5 keep theirs.
        expect(latest.data_list.map((row) => field(row, 'image_version')).sort()).toEqual([
          'v4',
          'v5',
          'v7',
        ]);

        // Only the newer record was seen by the crawl begun at NOW + 1.
        expect(await sweepImages(spec, db, ACCOUNT, NOW + 1)).toBe(6);
        expect(await countImages(spec, db, ACCOUNT)).toBe(1);
      }));
  });
});

describe('the page file warm-up (SQLite)', () => {
  it('reads each list table, its key index, the family index and the basic images whole', async () => {
    const db = await openInventory(':memory:');
    try {
      const statements = pageFileWarmUp(INVENTORY_LISTS);
      const plans = await Promise.all(
        statements.map(async (statement) => {
          const plan = await sql
            .raw<{ detail: string }>(`explain query plan ${statement}`)
            .execute(db);
          await sql.raw(statement).execute(db);
          return plan.rows.map((row) => row.detail).join('; ');
        }),
      );
      const expected = INVENTORY_LISTS.flatMap((spec) => [
        `SCAN ${spec.table}`,
        `SCAN ${spec.table} USING COVERING INDEX sqlite_autoindex_${spec.table}_1`,
        ...(spec.families?.sqliteWarmUp ?? []).map(
          () => `SCAN ${spec.table} USING COVERING INDEX ${spec.table}_family`,
        ),
      ]);
      expect(plans).toEqual([...expected, 'SCAN basic_images']);
    } finally {
      await db.destroy();
    }
  });
});
