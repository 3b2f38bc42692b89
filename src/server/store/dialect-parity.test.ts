// One query layer, two databases: the same estate mirrored into SQLite and PostgreSQL answers
// every inventory query identically (lists with every sort and filter, facets, the risk summary
// and history, the export snapshot, sync state, the detail cache, sweeps and upserts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateEstate } from '../../simulator';

import {
  CICD_SORT_KEYS,
  REGISTRY_SORT_KEYS,
  type CicdImagesListQuery,
  type RegistryImagesListQuery,
} from '../../shared/contracts';

import { mirrorEstate } from '../test-support/sync-harness';

import { readBasicImageCache, writeBasicImageCache } from '../details/basic-image-cache';

import type { InventoryDb } from './db';
import { dialectOf } from './dialect';

import { openSnapshot } from '../export/export-stream';

import {
  backfillRiskHistory,
  loadRiskHistory,
  recordRiskSnapshot,
} from '../analytics/risk-history';

import { buildRiskSummary } from '../analytics/risk-summary';

import { emptySyncRecord, loadSyncRecord, saveSyncRecord } from '../sync/sync-state';

import { inventoryBackends } from '../test-support/test-backends';
import {
  cicdImageFacets,
  cicdImagesOrder,
  cicdImagesWhere,
  getRegistryImageById,
  latestRegistryTimes,
  queryCicdImages,
  queryRegistryImages,
  registryImageFacets,
  registryImagesOrder,
  registryImagesWhere,
  sweepRegistryImages,
  upsertRegistryImages,
} from '../test-support/per-list';
import { refreshAssociatedCopies } from '../lists/multi-arch';

const NOW = Date.UTC(2025, 0, 15);
const backends = inventoryBackends();
const postgres = backends.find((backend) => backend.name === 'postgres');

let sqlite: InventoryDb;
let pg: InventoryDb | undefined;

beforeAll(async () => {
  const estate = generateEstate({ seed: 11, registryImages: 1_200, cicdImages: 250, now: NOW });
  sqlite = await backends[0]!.open();
  await mirrorEstate(sqlite, 'a', estate, NOW);
  if (postgres) {
    pg = await postgres.open();
    await mirrorEstate(pg, 'a', estate, NOW);
  }
}, 60_000);

afterAll(async () => {
  await sqlite?.destroy();
  await pg?.destroy();
});

/** Runs `read` on both databases and expects the same answer (and returns it). */
async function same<T>(read: (db: InventoryDb) => Promise<T>): Promise<T> {
  const expected = await read(sqlite);
  if (pg) expect(await read(pg)).toEqual(expected);
  return expected;
}

describe.skipIf(!postgres)('SQLite and PostgreSQL answer alike', () => {
  it('knows which database it talks to', () => {
    expect(dialectOf(sqlite)).toBe('sqlite');
    expect(dialectOf(pg!)).toBe('postgres');
  });

  it('lists repository images identically under every sort and filter', async () => {
    const queries: RegistryImagesListQuery[] = [
      {},
      { offset: 37, limit: 50 },
      { q: 'a' },
      { namespace: '%' },
      { image_name: '_' },
      { severity_level: ['unrated', 'High'] },
      { has_vul: true, latest_version: true },
      { risky: false, never_scanned: false },
      { never_scanned: true },
      { image_size: 1_000_000, max_image_size: 500_000_000 },
      { start_latest_scan_time: String(NOW - 30 * 86_400_000) },
      { end_latest_update_time: '9223372036854775807', scan_status: ['success', 'failed'] },
      { is_multarch: true },
    ];
    for (const key of REGISTRY_SORT_KEYS) {
      queries.push({ sort_key: key, sort_dir: 'asc', limit: 200, offset: 100 });
      queries.push({ sort_key: key, sort_dir: 'desc', limit: 200 });
    }
    for (const query of queries) {
      const answer = await same((db) => queryRegistryImages(db, 'a', query, NOW));
      if (Object.keys(query).length === 0) expect(answer.total_num).toBe(1_200);
    }
  });

  it('lists CI/CD images identically under every sort and filter', async () => {
    const queries: CicdImagesListQuery[] = [
      {},
      { q: 'e', severity_level: ['unrated'] },
      { has_malicious_file: true },
      { start_latest_scan_time: String(NOW - 7 * 86_400_000), end_latest_scan_time: String(NOW) },
    ];
    for (const key of CICD_SORT_KEYS) {
      queries.push({ sort_key: key, sort_dir: 'asc', limit: 100, offset: 20 });
      queries.push({ sort_key: key, sort_dir: 'desc', limit: 100 });
    }
    for (const query of queries) await same((db) => queryCicdImages(db, 'a', query, NOW));
  });

  it('counts facets identically', async () => {
    await same((db) => registryImageFacets(db, 'a', {}, NOW));
    await same((db) =>
      registryImageFacets(db, 'a', { severity_level: ['High'], q: 'o', has_vul: true }, NOW),
    );
    await same((db) => cicdImageFacets(db, 'a', { scan_status: ['success'] }, NOW));
  });

  it('builds the same risk summary and history', async () => {
    for (const kind of ['registry', 'cicd'] as const) {
      await same((db) =>
        buildRiskSummary(db, {
          account: 'a',
          request: kind === 'registry' ? { kind, query: {} } : { kind, query: { q: 'a' } },
          filters: {},
          now: NOW,
          syncedAt: NOW,
        }),
      );
      await same(async (db) => {
        await backfillRiskHistory(db, 'a', kind, NOW, 60);
        await recordRiskSnapshot(db, 'a', kind, NOW);
        return loadRiskHistory(db, { account: 'a', kind, days: 60, now: NOW });
      });
    }
  });

  it('exports the same rows, in the list order, from a snapshot', async () => {
    const read = async (db: InventoryDb, kind: 'registry' | 'cicd') => {
      const reader =
        kind === 'registry'
          ? await openSnapshot(
              db,
              'registry_images',
              ['id', 'namespace', 'image_name', 'latest_scan_time', 'is_multiple_arch'],
              registryImagesWhere('a', { has_vul: true }, NOW),
              registryImagesOrder({ sort_key: 'latest_scan_time', sort_dir: 'desc' }),
            )
          : await openSnapshot(
              db,
              'cicd_images',
              ['image_id', 'image_size', 'severity_level'],
              cicdImagesWhere('a', {}, NOW),
              cicdImagesOrder({ sort_key: 'severity_level', sort_dir: 'asc' }),
            );
      const rows: unknown[][] = [];
      for await (const batch of reader.batches()) rows.push(...batch);
      expect(rows).toHaveLength(reader.total);
      return rows;
    };
    const registryRows = await same((db) => read(db, 'registry'));
    expect(registryRows.length).toBeGreaterThan(256); // more than one batch
    await same((db) => read(db, 'cicd'));
  });

  it('stores sync state, cached details, upserts and sweeps alike', async () => {
    await same(async (db) => {
      const record = {
        ...emptySyncRecord('a', 'registry'),
        watermarks: { latest_update_time: NOW },
        lastFullSync: NOW,
        crawlOffset: 400,
        crawlWindows: { current: { start: 0, end: NOW }, pending: [] },
      };
      await saveSyncRecord(db, record);
      await saveSyncRecord(db, { ...record, crawlOffset: 600 }); // an update, not a second row
      return loadSyncRecord(db, 'a', 'registry');
    });
    await same(async (db) => {
      const key = { account: 'a', imageDigest: 'sha256:x', imageType: 'registry', queryKey: '' };
      await writeBasicImageCache(
        db,
        key,
        {
          total_num: 1,
          data_list: [{ os_name: 'debian', os_version: '12', layer_digest: 'sha256:y' }],
        },
        NOW,
      );
      return readBasicImageCache(db, key);
    });
    await same(async (db) => {
      const first = await queryRegistryImages(db, 'a', { is_multarch: true, limit: 3 }, NOW);
      const changed = first.data_list.map((image) => ({ ...image, vul_num: image.vul_num + 1 }));
      await upsertRegistryImages(db, 'a', changed, NOW + 1);
      await upsertRegistryImages(db, 'a', changed, NOW + 1); // idempotent
      await refreshAssociatedCopies(db, 'a', changed);
      const swept = await sweepRegistryImages(db, 'a', NOW + 1, { keepUntimed: true });
      return {
        swept,
        times: await latestRegistryTimes(db, 'a'),
        again: await getRegistryImageById(db, 'a', changed[0]?.id ?? ''),
        rest: await queryRegistryImages(db, 'a', {}, NOW),
      };
    });
  });
});
