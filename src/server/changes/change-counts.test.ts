// The change feed's counts are maintained on write per account, severity, namespace and type
// (migration 0063's groups): after random inserts of events (through the list store's event
// recorder and in SQL), updates, deletions by retention and by hand, the groups and the per-type
// sums equal a count of the events from scratch, on both backends; and the feed answers the same
// counts from them, with or without a severity and namespace filter, as a count would.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../simulator/random';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../../shared/contracts';
import { LISTS, REGISTRY_LIST } from '../lists';
import type { InventoryDb } from '../store/db';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import { changeTable, pruneChanges, recordBaseline } from './change-log';
import { maintainedEventCounts, queryChanges } from './change-feed';

const ACCOUNTS = ['acc-a', 'acc-b'];

/** Seeded, so that a failure repeats. */
function randomOf(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

async function countedFromScratch(db: InventoryDb, table: string) {
  const { rows } = await sql<{ account: string; event_type: string; n: number | string }>`
    select account, event_type, count(*) as n from ${sql.table(table)}
    group by account, event_type`.execute(db);
  return new Map(rows.map((row) => [`${row.account}/${row.event_type}`, Number(row.n)]));
}

async function maintained(db: InventoryDb, table: string) {
  const { rows } = await sql<{ account: string; event_type: string; events: number | string }>`
    select coalesce(account, '') as account, event_type, sum(events) as events
    from change_event_groups where change_table = ${table}
    group by coalesce(account, ''), event_type having sum(events) <> 0`.execute(db);
  return new Map(rows.map((row) => [`${row.account}/${row.event_type}`, Number(row.events)]));
}

/** By account, severity, namespace and type; NULL spelled out (a NULL group may take many rows). */
const groupKey = (row: Record<string, unknown>) =>
  [row.account, row.severity_level, row.namespace, row.event_type].map(String).join('/');

async function groupedFromScratch(db: InventoryDb, table: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select account, severity_level, namespace, event_type, count(*) as n from ${sql.table(table)}
    group by account, severity_level, namespace, event_type`.execute(db);
  return new Map(rows.map((row) => [groupKey(row), Number(row.n)]));
}

async function maintainedGroups(db: InventoryDb, table: string) {
  const { rows } = await sql<Record<string, unknown>>`
    select account, severity_level, namespace, event_type, events from change_event_groups
    where change_table = ${table}`.execute(db);
  const groups = new Map<string, number>();
  for (const row of rows)
    groups.set(groupKey(row), (groups.get(groupKey(row)) ?? 0) + Number(row.events));
  for (const [key, events] of groups) if (events === 0) groups.delete(key);
  return groups;
}

async function insertEvents(
  db: InventoryDb,
  table: string,
  random: () => number,
  count: number,
  at: number,
) {
  const values = Array.from({ length: count }, (_, i) => ({
    account: ACCOUNTS[Math.floor(random() * ACCOUNTS.length)] ?? 'acc-a',
    change_at: at + i,
    event_type: CHANGE_EVENT_TYPES[Math.floor(random() * CHANGE_EVENT_TYPES.length)] ?? 'appeared',
    namespace: random() < 0.1 ? null : `ns-${Math.floor(random() * 3)}`,
    severity_level: random() < 0.5 ? 'High' : 'Low',
  }));
  for (let start = 0; start < values.length; start += 100)
    await sql`insert into ${sql.table(table)} (account, change_at, event_type, namespace,
      severity_level) values ${sql.join(
        values
          .slice(start, start + 100)
          .map(
            (row) =>
              sql`(${row.account}, ${row.change_at}, ${row.event_type}, ${row.namespace}, ${row.severity_level})`,
          ),
      )}`.execute(db);
}

describe.each(inventoryBackends())('maintained change-event counts on $name', (backend) => {
  it(
    'equal a count from scratch after random inserts and deletions',
    () =>
      withInventory(backend, async (db) => {
        const random = randomOf(2026);
        for (const spec of LISTS) {
          const table = changeTable(spec);
          for (const account of ACCOUNTS) await recordBaseline(db, spec, account, 1_000);
          for (let round = 0; round < 6; round++) {
            await insertEvents(db, table, random, 50 + Math.floor(random() * 200), round * 10_000);
            if (round % 2 === 1) await pruneChanges(db, [spec], round * 10_000 - 5_000);
            await sql`delete from ${sql.table(table)} where change_id % 7 = ${round}`.execute(db);
            await sql`update ${sql.table(table)} set severity_level = 'Medium'
          where change_id % 5 = ${round}`.execute(db);
            expect(await maintained(db, table)).toEqual(await countedFromScratch(db, table));
            expect(await maintainedGroups(db, table)).toEqual(await groupedFromScratch(db, table));
          }
        }
      }),
    60_000,
  );

  it(
    'answer the unfiltered feed as a count would, and a filtered one still counts',
    () =>
      withInventory(backend, async (db) => {
        const random = randomOf(7);
        const table = changeTable(REGISTRY_LIST);
        await insertEvents(db, table, random, 300, 1);
        const scratch = await countedFromScratch(db, table);
        const expected = Object.fromEntries(
          CHANGE_EVENT_TYPES.map((type) => [type, scratch.get(`acc-a/${type}`) ?? 0]),
        ) as Record<ChangeEventType, number>;
        expect(await maintainedEventCounts(db, REGISTRY_LIST, 'acc-a')).toEqual(expected);
        const page = await queryChanges(REGISTRY_LIST, db, 'acc-a', { limit: 10 });
        expect(page.counts).toEqual(expected);
        expect(page.total_num).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
        const byType = await queryChanges(REGISTRY_LIST, db, 'acc-a', {
          event_type: ['rescanned'],
          limit: 10,
        });
        expect(byType.total_num).toBe(expected.rescanned);
        const { rows } = await sql<{ n: number | string }>`select count(*) as n
      from ${sql.table(table)} where account = 'acc-a' and namespace = 'ns-1'
      and event_type = 'rescanned'`.execute(db);
        const filtered = await queryChanges(REGISTRY_LIST, db, 'acc-a', {
          namespace: 'ns-1',
          limit: 10,
        });
        expect(filtered.counts.rescanned).toBe(Number(rows[0]?.n));
        // Under a severity and a namespace the counts are summed from the groups (0063).
        const bySeverity = await sql<{ event_type: string; n: number | string }>`
      select event_type, count(*) as n from ${sql.table(table)} where account = 'acc-a'
      and severity_level = 'High' and namespace like '%1%' group by event_type`.execute(db);
        const severityPage = await queryChanges(REGISTRY_LIST, db, 'acc-a', {
          severity_level: ['High'],
          namespace: '1',
          limit: 10,
        });
        expect(severityPage.counts).toEqual(
          Object.fromEntries(
            CHANGE_EVENT_TYPES.map((type) => [
              type,
              Number(bySeverity.rows.find((row) => row.event_type === type)?.n ?? 0),
            ]),
          ),
        );
      }),
    60_000,
  );
});
