// The write side of the change feed: the list store calls these inside the transaction that
// applies a change, so an event exists exactly when its change does (README.md here).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { BASELINE_EVENT } from '../../shared/contracts';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { InventoryDb } from '../store/db';
import { exactColumnList } from '../store/dialect';
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

/** The change table of a list (migration 0023). */
export const changeTable = (spec: Pick<ListSpec, 'table'>): string => `${spec.table}_changes`;

/** Events per insert: five variables each, well under SQLite's 32766 and PostgreSQL's 65535. */
const INSERT_CHUNK = 2000;

/** One event to record: the image (account and key) and what changed. */
interface EventDraft {
  account: string;
  key: string;
  draft: ChangeDraft;
}

const json = (values: ChangeDraft['before']) => (values === null ? null : JSON.stringify(values));

/**
 * Inserts the events, each with its image's columns copied from the list table as the image
 * stands now, by one `insert … select` per chunk: only the key and the event travel from here,
 * not the image's 30-odd columns (which made recording cost a third of a sync write).
 */
async function insertEvents(
  trx: Writer,
  spec: ListSpec,
  events: readonly EventDraft[],
  at: number,
): Promise<void> {
  const copied = sql.join(spec.columns.map((column) => sql.ref(column)));
  const copiedFromImage = sql.join(spec.columns.map((column) => sql.ref(`image.${column}`)));
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const drafts = events.slice(start, start + INSERT_CHUNK).map(
      ({ account, key, draft }, eventOrder) =>
        // The order keeps the events in the order they were made (change_id order).
        sql`(${sql.lit(eventOrder)}, ${account}, ${key}, ${draft.eventType}, ${json(draft.before)},
          ${json(draft.after)})`,
    );
    await sql`with drafts (event_order, account, image_key, event_type, change_before, change_after)
        as (values ${sql.join(drafts)})
      insert into ${sql.table(changeTable(spec))}
        (change_at, event_type, change_before, change_after, ${copied})
      select ${at}, drafts.event_type, drafts.change_before, drafts.change_after, ${copiedFromImage}
      from drafts join ${sql.table(spec.table)} as image on image.account = drafts.account
        and ${sql.ref(`image.${spec.key}`)} = drafts.image_key
      order by drafts.event_order`.execute(trx);
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

/** Before a sweep deletes the rows `condition` selects: one `removed` event each. */
export const recordRemovals = (
  trx: Writer,
  spec: ListSpec,
  condition: RawBuilder<unknown>,
  at: number,
): Promise<void> => recordRowsWhere(trx, spec, condition, removedImage, at);

/** Before the rows `condition` selects lose their latest-version flag: one event each. */
export const recordSuperseded = (
  trx: Writer,
  spec: ListSpec,
  condition: RawBuilder<unknown>,
  at: number,
): Promise<void> => recordRowsWhere(trx, spec, condition, supersededImage, at);

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
    const result = await sql`delete from ${sql.table(changeTable(spec))}
      where change_at < ${before} and event_type <> ${BASELINE_EVENT}`.execute(db);
    pruned += Number(result.numAffectedRows ?? 0);
  }
  return pruned;
}
