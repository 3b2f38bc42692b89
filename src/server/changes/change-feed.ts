// The read side of the change feed: a list's events filtered by the list's own filters (they
// apply to the image as it stood at the change, which the event's snapshot holds), by type and
// time, newest first, with the count of each type.
import { sql, type RawBuilder } from 'kysely';
import {
  BASELINE_EVENT,
  CHANGE_EVENT_TYPES,
  CHANGES_LIMIT,
  type ChangeEvent,
  type ChangeEventType,
  type ChangesPage,
  type ChangeValues,
} from '../../shared/contracts';
import { containsText } from '../lists/filters';
import { listWhere } from '../lists/list-store';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { InventoryDb } from '../store/db';
import { EVENT_IMAGE_COLUMNS, changeTable, snapshotTable } from './change-log';

/** The feed's parameters beyond the list's filters (contracts/changes.ts). */
export type ChangesQuery = ListQuery & {
  event_type?: readonly ChangeEventType[] | undefined;
  since?: number | undefined;
  until?: number | undefined;
};

interface EventRow {
  change_id: number | string;
  change_at: number | string;
  event_type: ChangeEventType;
  change_before: string | null;
  change_after: string | null;
  key: string;
  image_id: string;
  namespace: string;
  image_name: string;
  image_version: string;
  image_digest: string;
}

const parsed = (json: string | null): ChangeValues | null =>
  json === null ? null : (JSON.parse(json) as ChangeValues);

function eventOf(spec: ListSpec, row: EventRow): ChangeEvent {
  return {
    id: Number(row.change_id),
    at: Number(row.change_at),
    list: spec.name,
    event_type: row.event_type,
    image: {
      id: row.key,
      image_id: row.image_id,
      namespace: row.namespace,
      image_name: row.image_name,
      image_version: row.image_version,
      image_digest: row.image_digest,
    },
    before: parsed(row.change_before),
    after: parsed(row.change_after),
  };
}

/** Every condition but the event type: the per-type counts are read under it. */
function feedWhere(
  spec: ListSpec,
  account: string,
  query: ChangesQuery,
  now: number,
): RawBuilder<unknown> {
  const since = query.since === undefined ? sql`` : sql` and change_at >= ${query.since}`;
  const until = query.until === undefined ? sql`` : sql` and change_at < ${query.until}`;
  const seek = namespaceSeek(spec, account, query);
  // The seek selects exactly the events the substring does: the substring is not tested again.
  const listQuery = seek === undefined ? query : { ...query, namespace: undefined };
  // Rows are read as `event` (eventsFor), with or without the snapshot's columns.
  return sql`${listWhere(spec, account, listQuery, now, 'event')}${seek ?? sql``}
    and event_type <> ${BASELINE_EVENT}${since}${until}`;
}

/**
 * The namespace filter (a substring) as the namespaces it matches among the account's events
 * (migration 0063's groups hold every one): the per-type counts seek them in the groups under a
 * severity, and a walk tests each index entry's namespace against that short list, where the
 * substring test on each of 97,000 entries (a types + severity + namespace page over 1,000,000
 * events) cost 10 ms more CPU.
 */
function namespaceSeek(
  spec: ListSpec,
  account: string,
  query: ChangesQuery,
): RawBuilder<unknown> | undefined {
  const matches = containsText('namespace', query.namespace as string | undefined);
  if (matches === undefined) return undefined;
  return sql` and namespace in (select namespace from change_event_groups
    where change_table = ${changeTable(spec)} and account = ${account} and ${matches})`;
}

/** Events per read while streaming the feed (the CSV export). */
const STREAM_BATCH = 1_000;

/**
 * What the feed's conditions read: the event rows alone when `where` names no column of the
 * image but those the event row keeps (so a walk reads migration 0063's index alone), else
 * each event with its snapshot's columns under the list's own names.
 */
function eventsFor(
  spec: ListSpec,
  db: InventoryDb,
  where: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const events = sql.table(changeTable(spec));
  const snapshotOnly = spec.columns.filter((column) => !EVENT_IMAGE_COLUMNS.includes(column));
  // Compared as SQL text (values are parameters); a false match only costs the join.
  const named = new RegExp(`\\b(?:${snapshotOnly.join('|')})\\b`);
  if (!named.test(where.compile(db).sql)) return sql`${events} as event`;
  const fromSnapshot = sql.join(snapshotOnly.map((column) => sql.ref(`snapshot.${column}`)));
  return sql`(select event.*, ${fromSnapshot} from ${events} as event
    left join ${sql.table(snapshotTable(spec))} as snapshot
      on snapshot.snapshot_id = event.snapshot_id) as event`;
}

/**
 * The events `where` selects in `order` (by change id), `limit` from `offset`, each with its
 * image's columns from its snapshot: the page is chosen on the event rows, then joined.
 */
async function readEvents(
  spec: ListSpec,
  db: InventoryDb,
  where: RawBuilder<unknown>,
  page: { order: 'asc' | 'desc'; limit: number; offset?: number },
): Promise<ChangeEvent[]> {
  const order = sql.raw(page.order);
  const { rows } = await sql<EventRow>`select page.change_id, page.change_at, page.event_type,
      page.change_before, page.change_after, ${sql.ref(`snapshot.${spec.key}`)} as key,
      snapshot.image_id, page.namespace, snapshot.image_name, snapshot.image_version,
      snapshot.image_digest
    from (select change_id, change_at, event_type, change_before, change_after, namespace,
        snapshot_id from ${eventsFor(spec, db, where)} where ${where}
        order by change_id ${order} limit ${page.limit} offset ${page.offset ?? 0}) as page
      left join ${sql.table(snapshotTable(spec))} as snapshot
        on snapshot.snapshot_id = page.snapshot_id
    order by page.change_id ${order}`.execute(db);
  return rows.map((row) => eventOf(spec, row));
}

/**
 * Every event the query selects, newest first, in batches read by change id below the newest
 * at the start (events recorded meanwhile are not in it; the count is read at the same start).
 */
export async function streamChanges(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
  query: ChangesQuery,
  now = Date.now(),
): Promise<{ total: number; events: AsyncGenerator<ChangeEvent[], void, undefined> }> {
  const types = query.event_type ?? CHANGE_EVENT_TYPES;
  const where = sql`${feedWhere(spec, account, query, now)}
    and event_type in (${sql.join(types)})`;
  const head = await sql<{ n: number | string; newest: number | string | null }>`
    select count(*) as n, max(change_id) as newest from ${eventsFor(spec, db, where)}
    where ${where}`.execute(db);
  const total = Number(head.rows[0]?.n ?? 0);
  const newest = head.rows[0]?.newest;
  async function* events(): AsyncGenerator<ChangeEvent[], void, undefined> {
    if (newest === null || newest === undefined) return;
    let below = Number(newest) + 1;
    for (;;) {
      const batch = await readEvents(spec, db, sql`${where} and change_id < ${below}`, {
        order: 'desc',
        limit: STREAM_BATCH,
      });
      if (batch.length === 0) return;
      yield batch;
      below = Number(batch.at(-1)?.id);
      if (batch.length < STREAM_BATCH) return;
    }
  }
  return { total, events: events() };
}

type EventCounts = Record<ChangeEventType, number>;

function countsOf(rows: ReadonlyArray<{ event_type: string; n: number | string }>): EventCounts {
  const counts = Object.fromEntries(CHANGE_EVENT_TYPES.map((type) => [type, 0])) as EventCounts;
  for (const row of rows)
    if (row.event_type in counts) counts[row.event_type as ChangeEventType] = Number(row.n);
  return counts;
}

/** The event row's own columns that `change_event_groups` (migration 0063) does not group by. */
const UNGROUPED_EVENT_COLUMNS = [
  'change_id',
  'change_at',
  'change_before',
  'change_after',
  'snapshot_id',
];

/**
 * Whether `where` names no column `change_event_groups` lacks: then its rows (the event's account,
 * severity, namespace and type) answer the per-type counts under it. Compared as SQL text (values
 * are parameters), as `eventsFor` does; a false match only costs counting the events.
 */
function groupsAnswer(spec: ListSpec, db: InventoryDb, where: RawBuilder<unknown>): boolean {
  const ungrouped = [
    ...spec.columns.filter((column) => !EVENT_IMAGE_COLUMNS.includes(column)),
    ...UNGROUPED_EVENT_COLUMNS,
  ];
  return !new RegExp(`\\b(?:${ungrouped.join('|')})\\b`).test(where.compile(db).sql);
}

/**
 * The per-type counts under `where` (a filter the maintained per-type counts do not have): summed
 * from migration 0063's groups when they answer it (a severity, a namespace), else counted.
 */
async function countedEventTypes(
  spec: ListSpec,
  db: InventoryDb,
  where: RawBuilder<unknown>,
): Promise<EventCounts> {
  const everyType = sql`event_type in (${sql.join(CHANGE_EVENT_TYPES)})`;
  const grouped = groupsAnswer(spec, db, where)
    ? await sql<{ event_type: string; n: number | string }>`
        select event_type, sum(events) as n from change_event_groups as event
        where change_table = ${changeTable(spec)} and ${where} and ${everyType}
        group by event_type`.execute(db)
    : await sql<{ event_type: string; n: number | string }>`
        select event_type, count(*) as n from ${eventsFor(spec, db, where)}
        where ${where} and ${everyType} group by event_type`.execute(db);
  return countsOf(grouped.rows);
}

/** The account's events per type as the triggers of migration 0063 keep them (no event read). */
export async function maintainedEventCounts(
  db: InventoryDb,
  spec: ListSpec,
  account: string,
): Promise<EventCounts> {
  const rows = await db
    .selectFrom('change_event_groups')
    .select(['event_type', (eb) => eb.fn.sum<number | string>('events').as('n')])
    .where('change_table', '=', changeTable(spec))
    .where('account', '=', account)
    .groupBy('event_type')
    .execute();
  return countsOf(rows);
}

/** Whether the feed's counts take every event of the account (no filter but the event type). */
function selectsEveryEvent(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
  query: ChangesQuery,
  now: number,
): boolean {
  // Compared as SQL text (the account is a parameter), as the risk summary does.
  const text = (where: RawBuilder<unknown>) => where.compile(db).sql;
  return text(feedWhere(spec, account, query, now)) === text(feedWhere(spec, account, {}, now));
}

export async function queryChanges(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
  query: ChangesQuery,
  now = Date.now(),
): Promise<ChangesPage> {
  const table = sql.table(changeTable(spec));
  const where = feedWhere(spec, account, query, now);
  const types = query.event_type ?? CHANGE_EVENT_TYPES;
  const typeIn = sql`event_type in (${sql.join(types)})`;
  return db.transaction().execute(async (trx) => {
    const counts = selectsEveryEvent(spec, trx, account, query, now)
      ? await maintainedEventCounts(trx, spec, account)
      : await countedEventTypes(spec, trx, where);
    const total = types.reduce((sum, type) => sum + counts[type], 0);
    const limit = query.limit ?? CHANGES_LIMIT.default;
    const offset = query.offset ?? 0;
    const events =
      total === 0 || offset >= total
        ? []
        : await readEvents(spec, trx, sql`${where} and ${typeIn}`, {
            order: 'desc',
            limit,
            offset,
          });
    const baseline = await sql<{ at: number | string | null }>`select min(change_at) as at
      from ${table} where account = ${account}
      and event_type = ${BASELINE_EVENT}`.execute(trx);
    const baselineAt = baseline.rows[0]?.at;
    return {
      total_num: total,
      data_list: events,
      counts,
      baseline_at: baselineAt === null || baselineAt === undefined ? null : Number(baselineAt),
    };
  });
}

/** What a watch rule reads of the events recorded after its cursor (notify/rule-engine.ts). */
export interface EventsAfter {
  count: number;
  firstId: number | null;
  lastId: number | null;
  firstAt: number | null;
  lastAt: number | null;
  /** The oldest `limit` of them, oldest first. */
  events: ChangeEvent[];
}

/**
 * The events with `afterId` < id <= `uptoId` that the query selects (the feed's filters, so a
 * rule matches exactly what its Changes link shows), oldest first.
 */
export async function changesAfter(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
  query: ChangesQuery,
  range: { afterId: number; uptoId: number; limit: number },
  now = Date.now(),
): Promise<EventsAfter> {
  const types = query.event_type ?? CHANGE_EVENT_TYPES;
  const where = sql`${feedWhere(spec, account, query, now)}
    and event_type in (${sql.join(types)})
    and change_id > ${range.afterId} and change_id <= ${range.uptoId}`;
  const head = await sql<{
    n: number | string;
    first_id: number | string | null;
    last_id: number | string | null;
    first_at: number | string | null;
    last_at: number | string | null;
  }>`select count(*) as n, min(change_id) as first_id, max(change_id) as last_id,
    min(change_at) as first_at, max(change_at) as last_at
    from ${eventsFor(spec, db, where)} where ${where}`.execute(db);
  const summary = head.rows[0];
  const count = Number(summary?.n ?? 0);
  const numberOrNull = (value: number | string | null | undefined) =>
    value === null || value === undefined ? null : Number(value);
  const events =
    count === 0 ? [] : await readEvents(spec, db, where, { order: 'asc', limit: range.limit });
  return {
    count,
    firstId: numberOrNull(summary?.first_id),
    lastId: numberOrNull(summary?.last_id),
    firstAt: numberOrNull(summary?.first_at),
    lastAt: numberOrNull(summary?.last_at),
    events,
  };
}

/** The newest change id of a list (0 when it has none). */
export async function newestChangeId(spec: ListSpec, db: InventoryDb): Promise<number> {
  const { rows } = await sql<{ newest: number | string | null }>`select max(change_id) as newest
    from ${sql.table(changeTable(spec))}`.execute(db);
  return Number(rows[0]?.newest ?? 0);
}
