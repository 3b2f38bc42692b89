// The write side of the change feed: the list store calls these inside the transaction that
// applies a change, so an event exists exactly when its change does (README.md here).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { BASELINE_EVENT } from '../../shared/contracts';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { InventoryDb } from '../store/db';
import { dialectOf, exactColumnList, jsonArrayRows } from '../store/dialect';
import { IMAGE_TIME_COLUMNS } from '../store/tables';
import {
  TRACKED_COLUMNS,
  diffImage,
  removedImage,
  supersededImage,
  type ChangeDraft,
  type TrackedRow,
} from './change-diff';

type AnyTables = Record<string, Record<string, unknown>>;
type Writer = Kysely<AnyTables> | Transaction<AnyTables>;
type StoredRow = Record<string, unknown>;

/** The change table of a list (migration 0023): one row per event. */
export const changeTable = (spec: Pick<ListSpec, 'table'>): string => `${spec.table}_changes`;

/** The snapshots of a list's changed images (migration 0051): the image as it stood at a change. */
export const snapshotTable = (spec: Pick<ListSpec, 'table'>): string =>
  `${spec.table}_change_snapshots`;

/** The image's columns an event row keeps beside its snapshot: the feed's indexes read them. */
export const EVENT_IMAGE_COLUMNS: readonly string[] = ['account', 'namespace', 'severity_level'];

/** Events per insert (each insert's drafts travel as one JSON parameter). */
const INSERT_CHUNK = 2000;

/** One event to record: the image (account and key) and what changed. */
interface EventDraft {
  account: string;
  key: string;
  draft: ChangeDraft;
}

const json = (values: ChangeDraft['before']) => (values === null ? null : JSON.stringify(values));

/** An image's identity as a map key (the length keeps any account and key apart). */
const imageKey = (account: string, key: string) => `${account.length}:${account}${key}`;

/**
 * Copies the images of `events` from the list table as they stand now into one snapshot each,
 * by one `insert … select` (only the keys travel from here, as one JSON parameter); returns the
 * snapshot id by image (`imageKey`).
 */
async function insertSnapshots(
  trx: Writer,
  spec: ListSpec,
  events: readonly EventDraft[],
): Promise<Map<string, number>> {
  const images = new Map<string, [string, string]>();
  for (const { account, key } of events) images.set(imageKey(account, key), [account, key]);
  const wanted = jsonArrayRows(dialectOf(trx), JSON.stringify([...images.values()]));
  const copied = sql.join(spec.columns.map((column) => sql.ref(column)));
  const copiedFromImage = sql.join(spec.columns.map((column) => sql.ref(`image.${column}`)));
  const { rows } = await sql<{ snapshot_id: number | string; account: string; key: string }>`
    with wanted as (select f.value ->> 0 as account, f.value ->> 1 as image_key from ${wanted})
    insert into ${sql.table(snapshotTable(spec))} (${copied})
    select ${copiedFromImage} from wanted join ${sql.table(spec.table)} as image
      on image.account = wanted.account and ${sql.ref(`image.${spec.key}`)} = wanted.image_key
    returning snapshot_id, account, ${sql.ref(spec.key)} as key`.execute(trx);
  return new Map(rows.map((row) => [imageKey(row.account, row.key), Number(row.snapshot_id)]));
}

/**
 * Inserts the events: per chunk, a snapshot of each changed image (its 30-odd columns copied
 * once, however many events it has: copying them into every event row made recording cost 1.17
 * times a sync cycle), then the narrow event rows, which take the indexed image columns from
 * their snapshot. The drafts go as one JSON parameter, not five bound values each: building and
 * binding 30,000 values a cycle was a third of what recording added to it. An event whose
 * image is not in the list table is not recorded (as before).
 */
async function insertEvents(
  trx: Writer,
  spec: ListSpec,
  events: readonly EventDraft[],
  at: number,
): Promise<void> {
  const indexed = sql.join(EVENT_IMAGE_COLUMNS.map((column) => sql.ref(column)));
  const indexedFromSnapshot = sql.join(
    EVENT_IMAGE_COLUMNS.map((column) => sql.ref(`snapshot.${column}`)),
  );
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const chunk = events.slice(start, start + INSERT_CHUNK);
    const snapshotIds = await insertSnapshots(trx, spec, chunk);
    // [order, snapshot id, type, before, after]: the order keeps the events in the order they
    // were made (change_id order).
    const drafts: Array<[number, number, string, string | null, string | null]> = [];
    for (const { account, key, draft } of chunk) {
      const snapshotId = snapshotIds.get(imageKey(account, key));
      if (snapshotId !== undefined)
        drafts.push([
          drafts.length,
          snapshotId,
          draft.eventType,
          json(draft.before),
          json(draft.after),
        ]);
    }
    if (drafts.length === 0) continue;
    const draft = (index: number) => sql`f.value ->> ${sql.lit(index)}`;
    await sql`insert into ${sql.table(changeTable(spec))}
        (change_at, event_type, change_before, change_after, ${indexed}, snapshot_id)
      select ${at}, ${draft(2)}, ${draft(3)}, ${draft(4)}, ${indexedFromSnapshot},
        snapshot.snapshot_id
      from ${jsonArrayRows(dialectOf(trx), JSON.stringify(drafts))}
        join ${sql.table(snapshotTable(spec))} as snapshot
        on snapshot.snapshot_id = cast(${draft(1)} as bigint)
      order by cast(${draft(0)} as integer)`.execute(trx);
  }
}

/**
 * One chunk of an upsert with its events: `rows` (stored rows of one account, one per key) are
 * compared with what the table holds before `upsert` writes them, and the events are recorded
 * after it, from the rows as written.
 */
export async function recordUpsertChanges(
  trx: Writer,
  spec: ListSpec,
  account: string,
  rows: readonly StoredRow[],
  at: number,
  upsert: () => Promise<unknown>,
): Promise<void> {
  const keys = rows.map((row) => row[spec.key] as string);
  const tracked = exactColumnList(TRACKED_COLUMNS, IMAGE_TIME_COLUMNS);
  const { rows: stored } = await sql<StoredRow>`select ${sql.ref(spec.key)}, ${tracked}
    from ${sql.table(spec.table)} where account = ${account}
    and ${sql.ref(spec.key)} in (${sql.join(keys)})`.execute(trx);
  const before = new Map(stored.map((row) => [row[spec.key], row as TrackedRow]));
  const events = rows.flatMap((row) =>
    diffImage(before.get(row[spec.key]), row as TrackedRow).map((draft) => ({
      account,
      key: row[spec.key] as string,
      draft,
    })),
  );
  await upsert();
  await insertEvents(trx, spec, events, at);
}

/** One event per row `condition` selects, described by `draftOf`, before a write changes them. */
async function recordRowsWhere(
  trx: Writer,
  spec: ListSpec,
  condition: RawBuilder<unknown>,
  draftOf: (row: TrackedRow) => ChangeDraft,
  at: number,
): Promise<void> {
  const tracked = exactColumnList(TRACKED_COLUMNS, IMAGE_TIME_COLUMNS);
  const { rows } = await sql<StoredRow>`select account, ${sql.ref(spec.key)}, ${tracked}
    from ${sql.table(spec.table)} where ${condition}`.execute(trx);
  const events = rows.map((row) => ({
    account: row.account as string,
    key: row[spec.key] as string,
    draft: draftOf(row as TrackedRow),
  }));
  await insertEvents(trx, spec, events, at);
}

/** Records, before the rows `condition` selects change, one event each drafted by `draftOf`. */
const rowsRecorder =
  (draftOf: (row: TrackedRow) => ChangeDraft) =>
  (trx: Writer, spec: ListSpec, condition: RawBuilder<unknown>, at: number): Promise<void> =>
    recordRowsWhere(trx, spec, condition, draftOf, at);

/** Before a sweep deletes the rows `condition` selects: one `removed` event each. */
export const recordRemovals = rowsRecorder(removedImage);

/** Before the rows `condition` selects lose their latest-version flag: one event each. */
export const recordSuperseded = rowsRecorder(supersededImage);

/** The marker of a list's first complete crawl: events are recorded from then on. */
export async function recordBaseline(
  db: InventoryDb,
  spec: ListSpec,
  account: string,
  at: number,
): Promise<void> {
  await (db as unknown as Kysely<AnyTables>)
    .insertInto(changeTable(spec))
    .values({ account, change_at: at, event_type: BASELINE_EVENT })
    .execute();
}

/** Deletes the events older than `before` (epoch ms) in every list; returns how many. */
export async function pruneChanges(
  db: InventoryDb,
  specs: readonly ListSpec<ListQuery>[],
  before: number,
): Promise<number> {
  let pruned = 0;
  for (const spec of specs) {
    // The baseline stays: it says since when the feed is complete.
    const old = sql`change_at < ${before} and event_type <> ${BASELINE_EVENT}`;
    const events = sql.table(changeTable(spec));
    pruned += await db.transaction().execute(async (trx) => {
      // A snapshot's events all have its cycle's time (insertEvents), so they go together.
      await sql`delete from ${sql.table(snapshotTable(spec))} where snapshot_id in
        (select snapshot_id from ${events} where ${old})`.execute(trx);
      const result = await sql`delete from ${events} where ${old}`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
  }
  return pruned;
}
