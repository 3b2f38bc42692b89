// The cross-cloud card's counts on SQLite and PostgreSQL, over the HSS lists and a fake third
// list described like ACR (another cloud, rows without HSS scans): a digest in both clouds counts
// once however many copies it has; an ACR record is covered only by an HSS scan of its digest.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTS } from '../lists';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import { crossCloudSummary } from './cross-cloud';

const [registry, cicd] = LISTS;
const FAKE_ACR = {
  table: 'fake_acr_tags',
  search: { source: 'acr' as const, locationFields: ['tag_key'], scanned: false },
};
const digest = (letter: string) => `sha256:${letter.repeat(64)}`;

describe.each(inventoryBackends())('the cross-cloud card on $name', (backend) => {
  let db: InventoryDb;
  beforeAll(async () => {
    db = await backend.open();
    if (!registry || !cicd) throw new Error('the HSS lists are described');
    const image = (list: typeof registry, key: string, account: string, of: string) => ({
      account,
      [list.key]: key,
      image_digest: of,
      image_id: key,
      seen_at: 0,
    });
    await db
      .insertInto(registry.table as never)
      .values([
        { ...image(registry, 'r1', 'hw-1', digest('a')), latest_scan_time: 1 },
        { ...image(registry, 'r2', 'hw-2', digest('a')), latest_scan_time: 2 },
        image(registry, 'r3', 'hw-1', digest('d')),
      ] as never)
      .execute();
    await db
      .insertInto(cicd.table as never)
      .values([image(cicd, 'c1', 'hw-1', digest('b')), image(cicd, 'c2', 'hw-1', '')] as never)
      .execute();
    await sql`create table fake_acr_tags (account text not null, tag_key text not null,
      image_digest text not null, latest_scan_time bigint)`.execute(db);
    await sql`insert into fake_acr_tags values ('ali-1', 't1', ${digest('a')}, null),
      ('ali-2', 't2', ${digest('a')}, null), ('ali-1', 't3', ${digest('b')}, null),
      ('ali-1', 't4', ${digest('c')}, null), ('ali-1', 't5', '', null)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts nothing across clouds while every list is one cloud', async () => {
    expect(await crossCloudSummary(db)).toEqual({ multi_cloud_artifacts: 0, unscanned: [] });
  });

  it('counts the digests in both clouds and the ACR records no HSS scan covers', async () => {
    if (!registry || !cicd) throw new Error('the HSS lists are described');
    expect(await crossCloudSummary(db, [registry, cicd, FAKE_ACR])).toEqual({
      // a (scanned in HSS, in two ACR tags) and b (a CI/CD image HSS never scanned).
      multi_cloud_artifacts: 2,
      // t1 and t2 are covered by the scans of a; t3 (b unscanned), t4 (ACR only), t5 (no digest)
      // are not.
      unscanned: [{ source: 'acr', locations: 5, not_covered: 3 }],
    });
  });
});
