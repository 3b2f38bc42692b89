// The feed's namespace filter seeks the namespaces it matches (migration 0063's groups, kept by
// triggers) instead of testing the substring on every event: on both backends it must select
// exactly the events a substring test on every event selects, whoever wrote the events (the
// recorder, or SQL as a bench or an older release does), and after deletions.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../simulator/random';
import { CHANGE_EVENT_TYPES, type RegistryImage } from '../../shared/contracts';
import { REGISTRY_LIST } from '../lists';
import { upsertImages } from '../lists/list-store';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import { sampleRegistryImage } from '../test-support/sample-images';
import { queryChanges, type ChangesQuery } from './change-feed';
import { changeTable } from './change-log';

const ACCOUNT = 'acc';
const T0 = 1_800_000_000_000;
const NAMESPACES = ['Team-A', 'team-b', 'other', 'TEAM_c'];
const SEVERITIES = ['High', 'Low', ''];

const image = (id: string, fields: Partial<RegistryImage> = {}): RegistryImage =>
  sampleRegistryImage(id, { namespace: 'team-b', latest_scan_time: T0, ...fields });

/** Events in SQL, as the bench's fill and older releases write them (no recorder involved). */
async function insertEventsInSql(db: InventoryDb, count: number, seed: number): Promise<void> {
  const rng = createRng(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(rng.next() * values.length)] as T;
  for (let i = 0; i < count; i++)
    await sql`insert into ${sql.table(changeTable(REGISTRY_LIST))} (account, change_at,
        event_type, namespace, severity_level)
      values (${pick([ACCOUNT, 'other-acc'])}, ${T0 + i}, ${pick(CHANGE_EVENT_TYPES)},
        ${pick(NAMESPACES)}, ${pick(SEVERITIES)})`.execute(db);
}

/** The change ids (newest first) and per-type counts a substring test on every event gives. */
async function bySubstring(db: InventoryDb, query: ChangesQuery) {
  const needle = String(query.namespace).toLowerCase();
  const { rows } = await sql<{ change_id: number | string; event_type: string }>`
    select change_id, event_type from ${sql.table(changeTable(REGISTRY_LIST))}
    where account = ${ACCOUNT} and event_type <> 'baseline'
    order by change_id desc`.execute(db);
  const severities = (query.severity_level ?? []) as readonly string[];
  const { rows: details } = await sql<{
    change_id: number | string;
    namespace: string | null;
    severity_level: string | null;
  }>`select change_id, namespace, severity_level
    from ${sql.table(changeTable(REGISTRY_LIST))}`.execute(db);
  const byId = new Map(details.map((row) => [Number(row.change_id), row]));
  const selected = rows.filter((row) => {
    const detail = byId.get(Number(row.change_id));
    const namespaceOk = (detail?.namespace ?? '').toLowerCase().includes(needle);
    const severityOk =
      severities.length === 0 ||
      severities.some((level) => (level === 'unrated' ? '' : level) === detail?.severity_level);
    return namespaceOk && severityOk;
  });
  const counts = Object.fromEntries(CHANGE_EVENT_TYPES.map((type) => [type, 0]));
  for (const row of selected) counts[row.event_type] = (counts[row.event_type] ?? 0) + 1;
  const types = (query.event_type ?? CHANGE_EVENT_TYPES) as readonly string[];
  const ids = selected.filter((row) => types.includes(row.event_type)).map((row) => row.change_id);
  return { ids: ids.map(Number).slice(0, query.limit ?? 50), counts };
}

async function expectSameAsSubstring(db: InventoryDb, query: ChangesQuery): Promise<void> {
  const page = await queryChanges(REGISTRY_LIST, db, ACCOUNT, { limit: 50, ...query }, T0);
  const expected = await bySubstring(db, { limit: 50, ...query });
  expect(
    { ids: page.data_list.map((event) => event.id), counts: page.counts },
    JSON.stringify(query),
  ).toEqual(expected);
}

const QUERIES: ChangesQuery[] = [
  { namespace: 'team' },
  { namespace: 'TEAM-a' },
  { namespace: '_' },
  { namespace: 'nowhere' },
  { namespace: 'team', severity_level: ['High'] },
  { namespace: 'team-b', severity_level: ['High', 'unrated'], event_type: ['rescanned'] },
  { namespace: 'Other', severity_level: ['Low'], event_type: ['appeared', 'removed'], limit: 3 },
];

describe.each(inventoryBackends())('the feed namespace filter on $name', (backend) => {
  it('selects what a substring test on every event selects, whoever wrote the events', async () => {
    const db = await backend.open();
    try {
      // The recorder: a new image, then rescanned worse (namespace team-b, then Team-A).
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, [image('1')], T0, { changesAt: T0 });
      await upsertImages(
        REGISTRY_LIST,
        db,
        ACCOUNT,
        [
          image('1', {
            namespace: 'Team-A',
            severity_level: 'High',
            latest_scan_time: String(T0 + 1),
          }),
        ],
        T0 + 1,
        { changesAt: T0 + 1 },
      );
      await insertEventsInSql(db, 400, 53);
      for (const query of QUERIES) await expectSameAsSubstring(db, query);

      // Deleted events leave their namespace in the list: the answers stay exact.
      await sql`delete from ${sql.table(changeTable(REGISTRY_LIST))}
        where namespace = 'other' or change_id % 3 = 0`.execute(db);
      for (const query of QUERIES) await expectSameAsSubstring(db, query);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
