// CI/CD rows are keyed by record_key (cicd-record-key.ts): seed 003 lets distinct records share
// an image_id, even an empty one, and each stays its own row; a page that repeats one record
// stores it once (PostgreSQL refuses an upsert that touches one row twice in a statement). An
// inventory made before the key migrates with every row, keyed as a crawl keys them.
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { CicdImageSchema } from '../../shared/contracts';

import { cicdRecordKey } from './cicd-record-key';

import type { InventoryDb } from '../store/db';
import { inventoryMigrations } from '../store/migrations';

import { inventoryBackends, openUnmigrated } from '../test-support/test-backends';
import { countCicdImages, queryCicdImages, upsertCicdImages } from '../test-support/per-list';

const backends = inventoryBackends();

describe.each(backends)('CI/CD upsert on $name', (backend) => {
  it('keeps records that share an image_id (even an empty one) apart, and a repeated one once', async () => {
    const db = await backend.open();
    try {
      const page = [
        CicdImageSchema.parse({ image_id: 'sha256:shared', cicd_name: 'pipeline-1' }),
        CicdImageSchema.parse({ image_id: '', cicd_name: 'no-id-1' }),
        CicdImageSchema.parse({ image_id: 'sha256:other', cicd_name: 'pipeline-3' }),
        CicdImageSchema.parse({ image_id: 'sha256:shared', cicd_name: 'pipeline-2' }),
        CicdImageSchema.parse({ image_id: '', cicd_name: 'no-id-2' }),
        CicdImageSchema.parse({ image_id: '', cicd_name: 'no-id-2', vul_num: 3 }),
      ];
      await upsertCicdImages(db, 'a', page, 1_000);
      expect(await countCicdImages(db, 'a')).toBe(5);
      const { data_list } = await queryCicdImages(db, 'a', { limit: 10 });
      // Ties of image_id go by record key: the same order on both dialects.
      const byKey = (a: { record_key: string }, b: { record_key: string }) =>
        a.record_key < b.record_key ? -1 : 1;
      const expected = page
        .slice(0, 5)
        .map((image) => ({ ...image, record_key: cicdRecordKey(image) }))
        .sort((a, b) =>
          a.image_id === b.image_id ? byKey(a, b) : a.image_id < b.image_id ? -1 : 1,
        );
      expect(data_list.map((row) => row.cicd_name)).toEqual(expected.map((row) => row.cicd_name));
      expect(data_list.find((row) => row.cicd_name === 'no-id-2')?.vul_num).toBe(3);
    } finally {
      await db.destroy();
    }
  });
});

describe.each(backends)('migration 0022 on $name', (backend) => {
  it('keeps every row of an older inventory, keyed as a crawl keys them', async () => {
    const db = await openUnmigrated(backend.name);
    try {
      const migrator = new Migrator({ db, provider: inventoryMigrations });
      expect((await migrator.migrateTo('0021_sort_rank_indexes')).error).toBeUndefined();
      const old = [
        { image_id: '', cicd_name: 'no-id', namespace: 'team' },
        { image_id: 'sha256:a', cicd_name: 'pipeline-a', namespace: 'team' },
        { image_id: 'sha256:b', cicd_name: 'pipeline-b', namespace: 'other' },
      ];
      for (const [index, row] of old.entries()) {
        await sql`insert into cicd_images (account, image_id, cicd_name, namespace, vul_num,
          seen_at) values ('a', ${row.image_id}, ${row.cicd_name}, ${row.namespace}, ${index},
          ${1_000})`.execute(db);
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const inventory = db as unknown as InventoryDb;
      expect(await countCicdImages(inventory, 'a')).toBe(3);
      const { data_list } = await queryCicdImages(inventory, 'a', { sort_key: 'vul_num' });
      expect(data_list.map((row) => [row.cicd_name, Number(row.vul_num)])).toEqual([
        ['no-id', 0],
        ['pipeline-a', 1],
        ['pipeline-b', 2],
      ]);
      for (const row of data_list) expect(row.record_key).toBe(cicdRecordKey(row));

      // A crawl of the same records updates those rows (same keys), and adds a distinct record
      // that shares the empty image_id.
      const version = async () =>
        Number(
          (
            await sql<{ version: number }>`select version from inventory_version
              where list = 'cicd'`.execute(db)
          ).rows[0]?.version,
        );
      const before = await version();
      await upsertCicdImages(
        inventory,
        'a',
        [...old, { image_id: '', cicd_name: 'no-id-2', namespace: 'team' }].map((row) =>
          CicdImageSchema.parse(row),
        ),
        2_000,
      );
      expect(await countCicdImages(inventory, 'a')).toBe(4);
      // The version triggers came back with the table.
      expect(await version()).toBeGreaterThan(before);
    } finally {
      await db.destroy();
    }
  });
});
