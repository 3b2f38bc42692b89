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

/** Rows per insert: the list's columns plus five, well under SQLite's 32766 variables. */
const INSERT_CHUNK = 200;

async function insertEvents(
  trx: Writer,
  spec: ListSpec,
  events: readonly { row: StoredRow; draft: ChangeDraft }[],
  at: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const values = events.slice(start, start + INSERT_CHUNK).map(({ row, draft }) => ({
      ...Object.fromEntries(spec.columns.map((column) => [column, row[column] ?? null])),
      change_at: at,
      event_type: draft.eventType,
      change_before: draft.before === null ? null : JSON.stringify(draft.before),
      change_after: draft.after === null ? null : JSON.stringify(draft.after),
    }));
    await trx.insertInto(changeTable(spec)).values(values).execute();
  }
}

/**
 * Before one chunk of an upsert: the events its rows make against what the table holds now
 * (`rows` are stored rows of one account, one per key).
 */
export async function recordUpsertChanges(
  trx: Writer,
  spec: ListSpec,
  account: string,
  rows: readonly StoredRow[],
  at: number,
): Promise<void> {
  const keys = rows.map((row) => row[spec.key] as string);
  const tracked = exactColumnList(TRACKED_COLUMNS, IMAGE_TIME_COLUMNS);
  const { rows: stored } = await sql<StoredRow>`select ${sql.ref(spec.key)}, ${tracked}
    from ${sql.table(spec.table)} where account = ${account}
    and ${sql.ref(spec.key)} in (${sql.join(keys)})`.execute(trx);
  const before = new Map(stored.map((row) => [row[spec.key], row as TrackedRow]));
  const events = rows.flatMap((row) =>
    diffImage(before.get(row[spec.key]), row as TrackedRow).map((draft) => ({ row, draft })),
  );
  await insertEvents(trx, spec, events, at);
}

/** The stored rows a condition selects, every column as the list stores it. */
async function rowsWhere(
  trx: Writer,
  spec: ListSpec,
  condition: RawBuilder<unknown>,
): Promise<StoredRow[]> {
  const columns = exactColumnList(spec.columns, IMAGE_TIME_COLUMNS);
  const { rows } = await sql<StoredRow>`select ${columns} from ${sql.table(spec.table)}
    where ${condition}`.execute(trx);
  return rows;
}

/** One event per row `condition` selects, described by `draftOf`, before a write changes them. */
async function recordRowsWhere(
  trx: Writer,
  spec: ListSpec,
  condition: RawBuilder<unknown>,
  draftOf: (row: TrackedRow) => ChangeDraft,
  at: number,
): Promise<void> {
  const rows = await rowsWhere(trx, spec, condition);
  await insertEvents(
    trx,
    spec,
    rows.map((row) => ({ row, draft: draftOf(row as TrackedRow) })),
    at,
  );
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
