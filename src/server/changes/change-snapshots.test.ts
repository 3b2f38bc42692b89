// Each event shows its image as it stood at the change, from the snapshot its cycle wrote for the
// image (migration 0051): later changes, retention and the migration of older events must never
// leave an event without its image's columns, nor keep a snapshot no event refers to.
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { RegistryImage } from '../../shared/contracts';
import { REGISTRY_LIST } from '../lists';
import { sweepImages, upsertImages } from '../lists/list-store';
import type { InventoryDb } from '../store/db';
import { inventoryMigrations } from '../store/migrations';
import { inventoryBackends, openUnmigrated } from '../test-support/test-backends';
import { sampleRegistryImage } from '../test-support/sample-images';
import { queryChanges } from './change-feed';
import { changeTable, pruneChanges, recordBaseline, snapshotTable } from './change-log';

const ACCOUNT = 'acc';
const DAY_MS = 86_400_000;
const T0 = 1_800_000_000_000;

const image = (id: string, fields: Partial<RegistryImage> = {}): RegistryImage =>
  sampleRegistryImage(id, { latest_scan_time: T0 - 3 * DAY_MS, ...fields });

/** Events without their snapshot, and snapshots without an event (both must stay 0). */
async function strays(
  db: InventoryDb,
): Promise<{ eventsWithout: number; snapshotsWithout: number }> {
  const events = sql.table(changeTable(REGISTRY_LIST));
  const snapshots = sql.table(snapshotTable(REGISTRY_LIST));
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await sql<{ n: number | string }>`${query}`.execute(db)).rows[0]?.n);
  return {
    eventsWithout: await count(sql`select count(*) as n from ${events} as event
      where event_type <> 'baseline' and not exists (select 1 from ${snapshots} as snapshot
        where snapshot.snapshot_id = event.snapshot_id)`),
    snapshotsWithout: await count(sql`select count(*) as n from ${snapshots} as snapshot
      where not exists (select 1 from ${events} as event
        where event.snapshot_id = snapshot.snapshot_id)`),
  };
}

/** The feed as "type id name version severity", newest first, under `query`. */
async function feed(db: InventoryDb, query: Parameters<typeof queryChanges>[3] = {}) {
  const page = await queryChanges(REGISTRY_LIST, db, ACCOUNT, { limit: 100, ...query }, T0);
  return page.data_list.map(
    (event) =>
      `${event.event_type} ${event.image.id} ${event.image.image_name} ${event.image.image_version}`,
  );
}

describe.each(inventoryBackends())('change snapshots on $name', (backend) => {
  it('keep each event its image as it stood, through later changes and retention', async () => {
    const db = await backend.open();
    try {
      const upsert = (images: RegistryImage[], at: number) =>
        upsertImages(REGISTRY_LIST, db, ACCOUNT, images, at, { changesAt: at });
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, [image('1'), image('2')], T0 - 3 * DAY_MS);
      await recordBaseline(db, REGISTRY_LIST, ACCOUNT, T0 - 3 * DAY_MS);
      // Day 1: a rescanned worse (3 events, one snapshot); day 2: a renamed, rescanned again and b
      // gone (one snapshot each).
      const day1 = T0 - 2 * DAY_MS;
      const day2 = T0 - DAY_MS;
      await upsert(
        [image('1', { severity_level: 'High', vul_num: 9, latest_scan_time: String(day1) })],
        day1,
      );
      await upsert(
        [
          image('1', {
            image_version: 'v2',
            severity_level: 'High',
            vul_num: 9,
            latest_scan_time: String(day2),
          }),
        ],
        day2,
      );
      await sweepImages(REGISTRY_LIST, db, ACCOUNT, day2, { changesAt: day2 });

      const all = [
        'removed 2 name-2 v1',
        'rescanned 1 name-1 v2',
        'risk_changed 1 name-1 v1',
        'severity_changed 1 name-1 v1',
        'rescanned 1 name-1 v1',
      ];
      expect(await feed(db)).toEqual(all);
      // A filter on a column only the snapshot holds, and one the event row holds too.
      expect(await feed(db, { image_version: 'v1' })).toEqual(all.filter((e) => e.endsWith('v1')));
      expect(await feed(db, { severity_level: ['High'] })).toEqual(all.slice(1));
      expect(await strays(db)).toEqual({ eventsWithout: 0, snapshotsWithout: 0 });

      // Retention between the two days: day 1's events and their one snapshot go, day 2's stay.
      expect(await pruneChanges(db, [REGISTRY_LIST], day2)).toBe(3);
      expect(await feed(db)).toEqual(all.slice(0, 2));
      expect(await strays(db)).toEqual({ eventsWithout: 0, snapshotsWithout: 0 });
      expect(await pruneChanges(db, [REGISTRY_LIST], T0)).toBe(2);
      expect(await feed(db)).toEqual([]);
      expect(await strays(db)).toEqual({ eventsWithout: 0, snapshotsWithout: 0 });
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it('migrates events recorded before 0051 with their image columns', async () => {
    const older = await openUnmigrated(backend.name);
    const db = older as unknown as InventoryDb;
    try {
      const migrator = new Migrator({ db: older, provider: inventoryMigrations });
      expect((await migrator.migrateTo('0047_watch_rule_scope')).error).toBeUndefined();
      await recordWideEvents(older);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      expect(await feed(db)).toEqual([
        'severity_changed 12 name-12 v2',
        'rescanned 12 name-12 v2',
        'appeared 11 name-11 v1',
      ]);
      expect(await feed(db, { image_name: 'name-11' })).toEqual(['appeared 11 name-11 v1']);
      // 0053 listed the migrated events' namespaces: the namespace filter finds them.
      expect(await feed(db, { namespace: 'NS-12' })).toEqual([
        'severity_changed 12 name-12 v2',
        'rescanned 12 name-12 v2',
      ]);
      const bySeverity = await queryChanges(REGISTRY_LIST, db, ACCOUNT, {
        severity_level: ['High'],
      });
      expect(bySeverity.counts).toMatchObject({ severity_changed: 1, rescanned: 1, appeared: 0 });
      expect(bySeverity.baseline_at).toBe(T0 - DAY_MS);
      expect(await strays(db)).toEqual({ eventsWithout: 0, snapshotsWithout: 0 });

      // Recording goes on after the migrated events (new snapshot ids, on PostgreSQL too).
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, [image('11')], T0);
      await upsertImages(
        REGISTRY_LIST,
        db,
        ACCOUNT,
        [image('11', { severity_level: 'High' })],
        T0,
        {
          changesAt: T0,
        },
      );
      // (On PostgreSQL this unmigrated pool reads bigints as text, so the diff sees more.)
      expect(await feed(db, { since: T0 })).toContain('severity_changed 11 name-11 v1');
      expect(await strays(db)).toEqual({ eventsWithout: 0, snapshotsWithout: 0 });
    } finally {
      await older.destroy();
    }
  }, 60_000);
});

/** What the recorder of 0023 to 0050 wrote: a baseline, then each event with its image's columns. */
async function recordWideEvents(db: Kysely<unknown>): Promise<void> {
  const table = sql.table('registry_images_changes');
  await sql`insert into ${table} (account, change_at, event_type)
    values (${ACCOUNT}, ${T0 - DAY_MS}, 'baseline')`.execute(db);
  const events = [
    ['11', 'appeared', 'v1', 'Low'],
    ['12', 'rescanned', 'v2', 'High'],
    ['12', 'severity_changed', 'v2', 'High'],
  ] as const;
  for (const [id, type, version, severity] of events)
    await sql`insert into ${table} (account, change_at, event_type, change_before, change_after,
        id, namespace, image_name, image_version, image_digest, severity_level, vul_num)
      values (${ACCOUNT}, ${T0 - 1000}, ${type}, null, ${'{"vul_num":1}'}, ${id}, ${`ns-${id}`},
        ${`name-${id}`}, ${version}, ${`sha256:${id}`}, ${severity}, 1)`.execute(db);
}
