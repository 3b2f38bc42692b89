// CSV exports read from ONE consistent snapshot of the inventory and streamed with backpressure.
//
// Why a dedicated connection: the app's Kysely instance has a single better-sqlite3 connection
// behind a mutex, so a read transaction held on it for a whole download would stall every list
// query and every sync write. For a file-backed inventory (always, outside tests) each export
// opens its own read-only connection and runs `BEGIN` there: in WAL mode a reader's snapshot is
// fixed at its first read (here the count) and kept until COMMIT, while writers go on appending
// to the WAL. The count and every streamed row therefore come from the same snapshot, and the
// sync engine is never blocked. (Iterating one prepared statement without BEGIN would also see
// one snapshot, but the count would run in another implicit transaction and could disagree.)
//
// An in-memory inventory (tests) cannot be opened twice; there the export holds the single
// connection for its duration, which is just as consistent because nothing else can run.
//
// On PostgreSQL the export takes one pooled connection for its duration and runs a REPEATABLE
// READ, READ ONLY transaction there: the count and a server-side cursor (fetched a batch at a
// time) read one snapshot, while the other connections serve queries and the sync writes.
import Database from 'better-sqlite3';
import { Readable } from 'node:stream';
import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { InventoryDb } from '../store/db';
import { dialectOf, exactColumnList } from '../store/dialect';
import { isWorkerReadPool } from '../store/read-pool';
import { listSpecOfTable } from '../lists';
import { basicImageExportColumns } from '../lists/basic-image-columns';

/** A row's values in the order of the selected columns (better-sqlite3's raw mode: no object per row). */
export type InventoryRow = unknown[];

export interface SnapshotReader {
  /** Rows matching the filter, counted in the snapshot that `batches` reads. */
  readonly total: number;
  /** The list's inventory write version (inventory-version.ts) in that same snapshot. */
  readonly version: number;
  /** The rows, in order, a batch at a time (pulled: nothing is read ahead of the consumer). */
  batches(): AsyncGenerator<InventoryRow[], void, undefined>;
  /** Ends the read transaction and frees the connection; safe to call twice. */
  close(): Promise<void>;
}

const BATCH_ROWS = 256;

/** Compiled statements of one export; `version` is read first, so it fixes the snapshot. */
interface SnapshotQueries {
  version: CompiledQuery;
  count: CompiledQuery;
  select: CompiledQuery;
}

/** The database file behind `db`, or null for an in-memory database. */
async function databaseFile(db: InventoryDb): Promise<string | null> {
  const result = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = result.rows[0]?.file ?? '';
  return file === '' ? null : file;
}

/** A snapshot's reader: its batches close it when they end, fail or are abandoned. */
function snapshotReader(
  head: { total: number; version: number },
  close: () => Promise<void>,
  read: () => AsyncGenerator<InventoryRow[], void, undefined>,
): SnapshotReader {
  return {
    ...head,
    close,
    async *batches() {
      try {
        yield* read();
      } finally {
        await close();
      }
    },
  };
}

/** The version and the count, read first on a held connection (they fix the snapshot). */
async function readHead(
  held: InventoryDb,
  { version, count }: SnapshotQueries,
): Promise<{ total: number; version: number }> {
  const versioned = await held.executeQuery<{ version: number | string }>(version);
  const counted = await held.executeQuery<{ n: number }>(count);
  return {
    total: Number(counted.rows[0]?.n ?? 0),
    version: Number(versioned.rows[0]?.version ?? 0),
  };
}

/** Batches of rows fetched by `fetch(offset)` until a short one, while the snapshot is open. */
async function* fetchedBatches(
  isOpen: () => boolean,
  columns: readonly string[],
  fetch: (offset: number) => Promise<Array<Record<string, unknown>>>,
): AsyncGenerator<InventoryRow[], void, undefined> {
  for (let offset = 0; isOpen(); offset += BATCH_ROWS) {
    const rows = await fetch(offset);
    if (rows.length > 0) yield rows.map((row) => columns.map((column) => row[column]));
    if (rows.length < BATCH_ROWS) break;
  }
}

function fileSnapshot(file: string, { version, count, select }: SnapshotQueries): SnapshotReader {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  let open = true;
  const close = (): Promise<void> => {
    if (open) {
      open = false;
      // Closing a connection rolls back its (read-only) transaction.
      connection.close();
    }
    return Promise.resolve();
  };
  try {
    connection.pragma('busy_timeout = 5000');
    connection.prepare('BEGIN').run();
    const versionRow = connection.prepare(version.sql).get(...version.parameters) as
      { version: number | bigint } | undefined;
    const row = connection.prepare(count.sql).get(...count.parameters) as { n: number } | undefined;
    const total = Number(row?.n ?? 0);
    const statement = connection.prepare(select.sql).raw(true);
    return snapshotReader(
      { total, version: Number(versionRow?.version ?? 0) },
      close,
      async function* () {
        const iterator = statement.iterate(...select.parameters) as IterableIterator<InventoryRow>;
        let batch: InventoryRow[] = [];
        for (const item of iterator) {
          batch.push(item);
          if (batch.length >= BATCH_ROWS) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      },
    );
  } catch (error) {
    void close();
    throw error;
  }
}

/**
 * One connection of `db`, held (Kysely's callback stays pending) until `close`, so a snapshot's
 * statements all run on it; `beforeRelease` runs on it last (PostgreSQL: end the transaction).
 */
async function holdConnection(
  db: InventoryDb,
  beforeRelease?: (connection: InventoryDb) => Promise<void>,
): Promise<{ held: InventoryDb; close: () => Promise<void>; isOpen: () => boolean }> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = await new Promise<InventoryDb>((resolve, reject) => {
    db.connection()
      .execute(async (connection) => {
        resolve(connection);
        await released;
        await beforeRelease?.(connection);
      })
      .catch(reject);
  });
  let open = true;
  return {
    held,
    isOpen: () => open,
    close: () => {
      open = false;
      release();
      return Promise.resolve();
    },
  };
}

/** Ends the snapshot's transaction (and its cursor), whether or not one is still open. */
async function endTransaction(connection: InventoryDb): Promise<void> {
  await sql`rollback`.execute(connection).catch(() => undefined);
}

/** The reader `open` makes; if making it fails, the held connection goes back at once. */
async function closedOnFailure(
  close: () => Promise<void>,
  open: () => Promise<SnapshotReader>,
): Promise<SnapshotReader> {
  try {
    return await open();
  } catch (error) {
    await close();
    throw error;
  }
}

/** In-memory inventory: hold the one connection (Kysely's mutex) until the stream ends. */
async function heldConnectionSnapshot(
  db: InventoryDb,
  queries: SnapshotQueries,
  columns: readonly string[],
): Promise<SnapshotReader> {
  const { held, close, isOpen } = await holdConnection(db);
  return closedOnFailure(close, async () => {
    const head = await readHead(held, queries);
    // Nothing else can write while the connection is held, so paging is consistent.
    const page = async (offset: number) =>
      (
        await held.executeQuery<Record<string, unknown>>({
          ...queries.select,
          sql: `${queries.select.sql} limit ${BATCH_ROWS} offset ${offset}`,
        })
      ).rows;
    return snapshotReader(head, close, () => fetchedBatches(isOpen, columns, page));
  });
}

/**
 * The read pool (store/read-pool.ts): one worker held for the whole export, a transaction there
 * (one snapshot for the version, the count and every row), and the rows streamed a batch at a
 * time: the worker reads the next batch only when the consumer asks for it (backpressure).
 */
async function workerSnapshot(
  db: InventoryDb,
  queries: SnapshotQueries,
  columns: readonly string[],
): Promise<SnapshotReader> {
  const hold = await holdConnection(db, endTransaction);
  const { held } = hold;
  let chunks: AsyncIterableIterator<{ rows: Array<Record<string, unknown>> }> | undefined;
  // The stream's statement ends first (the held connection runs one thing at a time), then the
  // transaction, then the worker goes back to the pool.
  const close = async () => {
    await chunks?.return?.();
    await hold.close();
  };
  return closedOnFailure(close, async () => {
    await sql`begin`.execute(held);
    const head = await readHead(held, queries);
    return snapshotReader(head, close, async function* () {
      chunks = held.getExecutor().stream<Record<string, unknown>>(queries.select, BATCH_ROWS);
      for await (const { rows } of chunks)
        yield rows.map((row) => columns.map((column) => row[column]));
    });
  });
}

/** PostgreSQL: one pooled connection, a repeatable-read transaction and a cursor over it. */
async function postgresSnapshot(
  db: InventoryDb,
  queries: SnapshotQueries,
  columns: readonly string[],
): Promise<SnapshotReader> {
  const { held, close, isOpen } = await holdConnection(db, endTransaction);
  return closedOnFailure(close, async () => {
    await sql`start transaction isolation level repeatable read read only`.execute(held);
    const head = await readHead(held, queries);
    await held.executeQuery({
      ...queries.select,
      sql: `declare imagewatch_export no scroll cursor for ${queries.select.sql}`,
    });
    // The cursor moves on by itself: the offset is not needed.
    const page = async () =>
      (
        await held.executeQuery<Record<string, unknown>>(
          sql`fetch forward ${sql.raw(String(BATCH_ROWS))} from imagewatch_export`.compile(held),
        )
      ).rows;
    return snapshotReader(head, close, () => fetchedBatches(isOpen, columns, page));
  });
}

/**
 * Opens a snapshot of `select <columns> from <table> where <where> order by <order>`, with the
 * list's write version read first in the same transaction (so it is exactly the snapshot's: the
 * export spool keys shared files on it). Only the exported columns are read: wide rows cost most
 * of an export's time.
 */
export async function openSnapshot(
  db: InventoryDb,
  table: string,
  columns: readonly string[],
  where: RawBuilder<unknown>,
  order: RawBuilder<unknown>,
): Promise<SnapshotReader> {
  const spec = listSpecOfTable(table);
  const computed = {
    ...basicImageExportColumns(table),
    ...spec.families?.exportColumns?.(dialectOf(db)),
  };
  const list = exactColumnList(columns, spec.timeColumns, computed);
  const queries: SnapshotQueries = {
    version: sql`select version from inventory_version where list = ${spec.name}`.compile(db),
    count: sql`select count(*) as n from ${sql.table(table)} where ${where}`.compile(db),
    select: sql`select ${list} from ${sql.table(table)} where ${where} order by ${order}`.compile(
      db,
    ),
  };
  if (dialectOf(db) === 'postgres') return postgresSnapshot(db, queries, columns);
  if (isWorkerReadPool(db)) return workerSnapshot(db, queries, columns);
  const file = await databaseFile(db);
  return file === null ? heldConnectionSnapshot(db, queries, columns) : fileSnapshot(file, queries);
}

export interface CsvStreamOptions {
  /** The BOM and header row, written first. */
  head: string;
  /** One encoded record (with its CRLF) per row. */
  encodeRow: (row: InventoryRow) => string;
  /** Test hook: called before each batch with the rows already encoded (throw to cut the stream). */
  beforeBatch?: ((rowsSoFar: number) => void | Promise<void>) | undefined;
}

/**
 * The snapshot as a byte stream of CSV. `Readable.from` pulls the next batch only when the
 * consumer (the socket) has drained, so memory stays at a few batches whatever the row count;
 * destroying the stream (client gone) returns the generator, which closes the snapshot.
 */
export function csvStream(reader: SnapshotReader, options: CsvStreamOptions): Readable {
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    let rows = 0;
    try {
      yield Buffer.from(options.head, 'utf8');
      for await (const batch of reader.batches()) {
        await options.beforeBatch?.(rows);
        let text = '';
        for (const row of batch) text += options.encodeRow(row);
        rows += batch.length;
        yield Buffer.from(text, 'utf8');
      }
    } finally {
      await reader.close();
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
  // A stream destroyed before its first read never runs the generator's `finally`.
  stream.once('close', () => void reader.close());
  return stream;
}
