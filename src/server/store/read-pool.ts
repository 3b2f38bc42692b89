// The inventory's read pool (issue 25): list pages, counts, facets, risk summaries, searches,
// base images, changes and exports are read here, off the event loop and in parallel, while
// writes (the sync, sessions, views, rules) stay on the main connection (db.ts).
//
// SQLite: `size` worker threads, each with its own read-only better-sqlite3 connection to the
// inventory file. WAL lets readers run beside each other and beside the writer, each reading
// the snapshot of its transaction. A Kysely connection is one worker, held for a transaction or
// a stream, so a read transaction sees one snapshot and a slow query occupies one worker only:
// the others go on answering, and the main thread only compiles queries and serialises answers.
// PostgreSQL: a `pg` pool of `size` connections beside the main one.
//
// The worker's code is a string (run with `eval`): a TypeScript module cannot be loaded by a
// worker under Node 20 without a loader, and the bundled server (scripts/build-server.mjs) has
// no file of its own for it. It stays small: open, prepare, run, stream, report errors.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import type { InventoryDb } from './db';
import { createPostgresPool } from './db';
import type { InventoryTables } from './tables';

/** READ_POOL_SIZE's default: one reader per core (at least 2, so one slow query never blocks all). */
export function defaultReadPoolSize(): number {
  return Math.max(2, os.availableParallelism());
}

export interface InventoryReadPool {
  /** Reads only: a write is refused (SQLite opens its connections read-only). */
  db: InventoryDb;
  /** Queries that can run at once (workers or pooled connections). */
  size: number;
  /** The SQLite inventory file the workers read (none on PostgreSQL). */
  file?: string | undefined;
  /** Ends every worker (a query still running is abandoned and rejects) or connection. */
  destroy(): Promise<void>;
  /** Messages answered by a worker so far (tests count a computation's round trips); 0 on PostgreSQL. */
  roundTrips(): number;
  /**
   * Runs `statements` (reads of whole b-trees) one after another on a thread of their own, so
   * the file's pages they read are in the OS page cache when pages of the lists need them; the
   * pool's workers stay free meanwhile. Resolves at once on PostgreSQL, or when the file is
   * smaller than `minFileBytes` (default WARM_UP_MIN_FILE_BYTES).
   */
  warmFileCache(statements: readonly string[], options?: { minFileBytes?: number }): Promise<void>;
}

/**
 * Below this a file is not warmed: a cold page of it costs little, and the warm-up's thread
 * would cost more than it saves (a test's inventory, a small estate).
 */
export const WARM_UP_MIN_FILE_BYTES = 64 * 1024 * 1024;

/** A batch parameter: the JSON array of `column` in the rows of an earlier statement of it. */
export interface EarlierColumn {
  earlierStep: number;
  column: string;
}

/** `column` of the rows of the batch's statement number `step` (from 0), as a JSON array. */
export function earlierColumn(step: number, column: string): EarlierColumn {
  return { earlierStep: step, column };
}

const isEarlierColumn = (value: unknown): value is EarlierColumn =>
  value !== null && typeof value === 'object' && 'earlierStep' in value;

/** The statements a batch query stands for (`readBatch`), by the query Kysely hands the driver. */
const BATCHES = new WeakMap<CompiledQuery, readonly CompiledQuery[]>();

/**
 * Read statements run in order in one round trip to a read worker, each statement's rows in the
 * answer; a parameter made by `earlierColumn` is filled in from an earlier statement's rows. On a
 * transaction of the pool they read its snapshot. Elsewhere (the main connection, PostgreSQL) the
 * same statements run one after another, with the same parameters.
 */
export async function readBatch(
  db: Kysely<never> | InventoryDb,
  statements: ReadonlyArray<RawBuilder<unknown>>,
): Promise<Array<Array<Record<string, unknown>>>> {
  const compiled = statements.map((statement) => statement.compile(db as Kysely<never>));
  if (isWorkerReadPool(db)) {
    const batch = CompiledQuery.raw('/* batch */', []);
    BATCHES.set(batch, compiled);
    const result = await db.executeQuery<Array<Record<string, unknown>>>(batch);
    return result.rows;
  }
  const results: Array<Array<Record<string, unknown>>> = [];
  for (const statement of compiled) {
    const parameters = statement.parameters.map((value) =>
      isEarlierColumn(value)
        ? JSON.stringify((results[value.earlierStep] ?? []).map((row) => row[value.column]))
        : value,
    );
    const result = await db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(statement.sql, parameters),
    );
    results.push(result.rows);
  }
  return results;
}

/** The worker's program (see the file comment): messages in, `{ id, rows | error }` out. */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.background) {
  // A warm-up: it yields the cores to the pages it runs beside (Linux: this thread's nice value).
  try {
    const thread = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(thread, 19);
  } catch {}
}
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const streams = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    statements.set(sql, statement);
  }
  return statement;
}
function fail(id, error) {
  parentPort.postMessage({
    id,
    error: { message: String((error && error.message) || error), code: error && error.code, name: error && error.name },
  });
}
function nextChunk(id) {
  const stream = streams.get(id);
  if (stream === undefined) return;
  const rows = [];
  try {
    while (rows.length < stream.chunkSize) {
      const step = stream.iterator.next();
      if (step.done) {
        streams.delete(id);
        parentPort.postMessage({ id, rows, done: true });
        return;
      }
      rows.push(step.value);
    }
    parentPort.postMessage({ id, rows, done: false });
  } catch (error) {
    streams.delete(id);
    try { stream.iterator.return(); } catch {}
    fail(id, error);
  }
}
parentPort.on('message', (message) => {
  const { id, op } = message;
  if (op === 'more') return nextChunk(id);
  if (op === 'end') {
    // A read transaction's commit, posted without a reply: the holder's next message (or the
    // next holder's) is handled after it. Should it fail, roll back so no snapshot stays open.
    try { prepared('commit').run(); } catch { try { if (db.inTransaction) prepared('rollback').run(); } catch {} }
    return;
  }
  if (op === 'rollback') {
    // Also after a failed begin, where no transaction is open to roll back.
    try { if (db.inTransaction) prepared('rollback').run(); parentPort.postMessage({ id, rows: [] }); }
    catch (error) { fail(id, error); }
    return;
  }
  if (op === 'close') {
    const stream = streams.get(id);
    streams.delete(id);
    if (stream !== undefined) stream.iterator.return();
    return;
  }
  try {
    // A transaction's begin travels with its first statement (one round trip fewer).
    if (message.begin === true) prepared('begin').run();
    if (op === 'batch') {
      // Statements in order, one reply with every statement's rows (readBatch). A parameter
      // { earlierStep, column } is that column of an earlier statement's rows as a JSON array.
      const results = [];
      for (const step of message.statements) {
        const parameters = step.parameters.map((value) =>
          value !== null && typeof value === 'object' && 'earlierStep' in value
            ? JSON.stringify(results[value.earlierStep].map((row) => row[value.column]))
            : value,
        );
        results.push(prepared(step.sql).all(parameters));
      }
      return parentPort.postMessage({ id, rows: [], results });
    }
    const statement = prepared(message.sql);
    if (op === 'stream') {
      streams.set(id, { iterator: statement.iterate(message.parameters), chunkSize: message.chunkSize });
      return nextChunk(id);
    }
    if (statement.reader) return parentPort.postMessage({ id, rows: statement.all(message.parameters) });
    const info = statement.run(message.parameters);
    parentPort.postMessage({ id, rows: [], changes: info.changes });
  } catch (error) {
    fail(id, error);
  }
});
`;

interface Reply {
  id: number;
  rows?: unknown[];
  /** A batch's rows, statement by statement. */
  results?: unknown[][];
  done?: boolean;
  changes?: number;
  error?: { message: string; code?: string; name?: string };
}

/** An error thrown in a worker, with SQLite's code (isDatabaseUnavailable and tests read it). */
export class ReadPoolError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ReadPoolError';
    this.code = code;
  }
}

/** Round trips to the workers of each pool (see InventoryReadPool.roundTrips). */
class RoundTripCounter {
  count = 0;
}

/** One worker and its connection: one message in flight at a time (its holder's). */
class ReaderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(
    file: string,
    driverPath: string,
    private readonly trips: RoundTripCounter,
    onExit: (thread: ReaderThread) => void,
    background = false,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driverPath, background },
    });
    this.worker.on('message', (reply: Reply) => {
      const settle = this.pending.get(reply.id);
      if (reply.done !== false) this.pending.delete(reply.id);
      settle?.(reply);
    });
    const end = (error: Error) => {
      if (this.exited !== undefined) return;
      this.exited = error;
      for (const settle of this.pending.values())
        settle({ id: 0, error: { message: error.message, name: error.name } });
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', end);
    this.worker.on('exit', (code) => end(new ReadPoolError(`read worker exited (${code})`)));
  }

  /** Sends a message and resolves with the reply to it (for a stream: its first chunk). */
  request(message: Record<string, unknown>, id = this.nextId++): Promise<Reply> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    this.trips.count += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error === undefined
          ? resolve(reply)
          : reject(new ReadPoolError(reply.error.message, reply.error.code)),
      );
      this.worker.postMessage({ ...message, id });
    });
  }

  /**
   * Ends the worker once its statement returns (SQLite's native code cannot be stopped), so its
   * connection is closed when this resolves: one still open at shutdown would leave the WAL file
   * behind, and the next start would check the whole file (db.ts endedUncleanly).
   */
  async end(): Promise<void> {
    for (const settle of this.pending.values())
      settle({ id: 0, error: { message: 'the read pool is closed' } });
    this.pending.clear();
    await this.worker.terminate();
  }

  newId(): number {
    return this.nextId++;
  }

  /** Fire and forget (a stream's close: the worker handles messages in order). */
  post(message: Record<string, unknown>): void {
    if (this.exited === undefined) this.worker.postMessage(message);
  }

  /**
   * Ends the worker. One busy in SQLite's native code cannot be stopped until its statement
   * returns: its callers are answered at once (rejected) and it no longer keeps the process alive.
   */
  async terminate(): Promise<void> {
    if (this.pending.size === 0) {
      await this.worker.terminate();
      return;
    }
    for (const settle of this.pending.values())
      settle({ id: 0, error: { message: 'the read pool is closed' } });
    this.pending.clear();
    this.worker.unref();
    void this.worker.terminate();
  }
}

/**
 * A worker as Kysely's connection. A transaction costs no round trip of its own: `begin` is
 * sent with its first statement and `commit` is posted without waiting for the reply (the worker
 * handles its messages in order, so whatever comes next runs after it).
 */
class WorkerConnection implements DatabaseConnection {
  /** A transaction was begun and no statement has been sent in it yet. */
  private beginPending = false;

  constructor(readonly thread: ReaderThread) {}

  begin(): void {
    this.beginPending = true;
  }

  /** Commits without waiting; nothing to do for a transaction that ran no statement. */
  end(): void {
    if (this.beginPending) this.beginPending = false;
    else this.thread.post({ op: 'end' });
  }

  /** Rolls back and waits (a failed transaction: rare, and its caller sees any error). */
  async abandon(): Promise<void> {
    if (this.beginPending) {
      this.beginPending = false;
      return;
    }
    await this.thread.request({ op: 'rollback' });
  }

  /** The pending begin, if any, for the next message (and no longer pending). */
  private takeBegin(): { begin?: true } {
    if (!this.beginPending) return {};
    this.beginPending = false;
    return { begin: true };
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statements = BATCHES.get(compiledQuery);
    if (statements !== undefined) {
      const reply = await this.thread.request({
        op: 'batch',
        statements: statements.map(({ sql, parameters }) => ({ sql, parameters })),
        ...this.takeBegin(),
      });
      return { rows: (reply.results ?? []) as R[] };
    }
    const reply = await this.thread.request({
      op: 'query',
      sql: compiledQuery.sql,
      parameters: compiledQuery.parameters,
      ...this.takeBegin(),
    });
    return {
      rows: (reply.rows ?? []) as R[],
      ...(reply.changes !== undefined ? { numAffectedRows: BigInt(reply.changes) } : {}),
    };
  }

  /** Chunks of `chunkSize` rows; the next is read only when the consumer asks (backpressure). */
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 256,
  ): AsyncIterableIterator<QueryResult<R>> {
    const id = this.thread.newId();
    let done = false;
    try {
      let reply = await this.thread.request(
        {
          op: 'stream',
          sql: compiledQuery.sql,
          parameters: compiledQuery.parameters,
          chunkSize: Math.max(1, chunkSize),
          ...this.takeBegin(),
        },
        id,
      );
      for (;;) {
        done = reply.done !== false;
        if ((reply.rows ?? []).length > 0) yield { rows: (reply.rows ?? []) as R[] };
        if (done) return;
        reply = await this.thread.request({ op: 'more' }, id);
      }
    } finally {
      // Abandoned early (client gone): end the statement before anything else runs there.
      if (!done) this.thread.post({ op: 'close', id });
    }
  }
}

/** Hands out the workers, one holder each, waiting callers first come first served. */
class WorkerSqliteDriver implements Driver {
  private readonly threads: ReaderThread[] = [];
  private readonly idle: WorkerConnection[] = [];
  private readonly waiting: Array<{
    resolve: (connection: WorkerConnection) => void;
    reject: (error: Error) => void;
  }> = [];
  private destroyed = false;

  constructor(
    private readonly file: string,
    private readonly size: number,
    private readonly trips: RoundTripCounter,
  ) {}

  init(): Promise<void> {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const replace = (dead: ReaderThread) => {
      const index = this.threads.indexOf(dead);
      if (index !== -1) this.threads.splice(index, 1);
      const idleIndex = this.idle.findIndex((connection) => connection.thread === dead);
      if (idleIndex !== -1) this.idle.splice(idleIndex, 1);
      // A worker that died (not one we ended) is replaced, so the pool keeps its size.
      if (!this.destroyed) this.release(spawn());
    };
    const spawn = () => {
      const thread = new ReaderThread(this.file, driverPath, this.trips, replace);
      this.threads.push(thread);
      return new WorkerConnection(thread);
    };
    for (let count = 0; count < this.size; count += 1) this.idle.push(spawn());
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (this.destroyed) return Promise.reject(new ReadPoolError('the read pool is closed'));
    const connection = this.idle.pop();
    if (connection !== undefined) return Promise.resolve(connection);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  beginTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as WorkerConnection).begin();
    return Promise.resolve();
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as WorkerConnection).end();
    return Promise.resolve();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as WorkerConnection).abandon();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.release(connection as WorkerConnection);
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new ReadPoolError('the read pool is closed'));
    await Promise.all(this.threads.splice(0).map((thread) => thread.terminate()));
    this.idle.length = 0;
  }

  private release(connection: WorkerConnection): void {
    if (this.destroyed || !this.threads.includes(connection.thread)) return;
    const next = this.waiting.shift();
    if (next === undefined) this.idle.push(connection);
    else next.resolve(connection);
  }
}

/** The SQLite adapter of a worker pool: tells its Kysely instances (and their transactions) apart. */
class WorkerSqliteAdapter extends SqliteAdapter {}

function workerSqliteDialect(file: string, size: number, trips: RoundTripCounter): Dialect {
  return {
    createAdapter: () => new WorkerSqliteAdapter(),
    createDriver: () => new WorkerSqliteDriver(file, size, trips),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/**
 * True for the `db` of a SQLite read pool (its connections are workers), a transaction of it or
 * either with plugins: export-stream.ts streams from them, read-batch.ts sends them batches.
 */
export function isWorkerReadPool(db: Kysely<never> | InventoryDb): boolean {
  return db.getExecutor().adapter instanceof WorkerSqliteAdapter;
}

/**
 * A read pool beside an inventory opened by `openInventory` (same location). None for an
 * in-memory SQLite database, which no second connection can see: there reads stay on the main
 * connection.
 */
export function openReadPool(
  location:
    | { dataDir: string }
    | ':memory:'
    | { databaseUrl: string; onPoolError?: (error: Error) => void },
  size: number = defaultReadPoolSize(),
): InventoryReadPool | undefined {
  const connections = Math.max(1, Math.floor(size));
  if (location === ':memory:') return undefined;
  if ('databaseUrl' in location) {
    const pool = createPostgresPool(location, connections);
    const db = new Kysely<InventoryTables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      size: connections,
      destroy: () => db.destroy(),
      roundTrips: () => 0,
      warmFileCache: () => Promise.resolve(),
    };
  }
  const file = path.join(location.dataDir, 'inventory.sqlite');
  const trips = new RoundTripCounter();
  const db = new Kysely<InventoryTables>({
    dialect: workerSqliteDialect(file, connections, trips),
  });
  const warming = new Set<ReaderThread>();
  let destroyed = false;
  return {
    db,
    size: connections,
    file,
    async destroy() {
      destroyed = true;
      await Promise.all([...warming].map((thread) => thread.end()));
      await db.destroy();
    },
    roundTrips: () => trips.count,
    async warmFileCache(statements, options = {}) {
      if (destroyed || statSync(file).size < (options.minFileBytes ?? WARM_UP_MIN_FILE_BYTES))
        return;
      // Its own thread and connection, at the lowest CPU priority: not a pool worker (pages keep
      // both) nor a round trip of the pool's count. Ended when done or with the pool.
      const thread = new ReaderThread(
        file,
        createRequire(import.meta.url).resolve('better-sqlite3'),
        new RoundTripCounter(),
        () => warming.delete(thread),
        true,
      );
      warming.add(thread);
      try {
        for (const statement of statements)
          await thread.request({ op: 'query', sql: statement, parameters: [] });
      } catch (error) {
        // Ended with the pool: nothing to report.
        if (!destroyed) throw error;
      } finally {
        warming.delete(thread);
        await thread.end();
      }
    },
  };
}
