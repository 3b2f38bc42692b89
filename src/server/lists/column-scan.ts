// The column scan (issue 25, "facets for all filters, any filter set: < 100 ms"): a list's rows
// of one account kept as typed-array columns at one inventory version, where a facets request,
// a risk summary's counts or a page (column-page.ts) that no kept aggregate or index answers is
// counted in one pass over them (column-program.ts) instead of SQL reading every image row (1M
// images: 10-15 s for the facets).
//
// The columns and the counting live in two worker threads of their own (`openColumnScans`): the
// first reads each snapshot with a read-only connection and shares it with the second, and a
// plan is counted by the less busy one. A build (seconds at 1M) and a count never run on the
// event loop, and the read pool's workers keep answering. A snapshot is read in one transaction with the list's
// inventory version, and answers only a request read at that version; when the version moves the
// next request rebuilds it (one build at a time per list and account) and waits for it, as a
// build costs less than the SQL it replaces; a request at another version goes to SQL.
// Tests use `inProcessColumnScans`, which reads the rows through the request's own transaction.
import {
  DummyDriver,
  Kysely,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { SCOPE_NAMESPACES, scopeNamespacesOf } from '../auth/request-scope';
import type { ReadTrx } from '../serving/query-cache';
import { dialectOf, type InventoryDialect } from '../store/dialect';
import { readInventoryVersion } from '../store/inventory-version';
import {
  columnProgram,
  columnProgramSource,
  type BaseRow,
  type ColumnAnswer,
  type ColumnLayout,
  type ColumnPlan,
  type ColumnSnapshot,
  type ColumnTest,
} from './column-program';
import { likePattern, parseSearch } from './filters';
import type { ListQuery, ListSpec } from './spec';

export type { ColumnAnswer, ColumnPart, ColumnPlan, ColumnTest } from './column-program';

const COUNT_COLUMNS = ['vul_num', 'malicious_file_num', 'unsafe_setting_num'];

/** Columns whose value is 0/1 (the flag filters and latest_version). */
function flagColumns(spec: ListSpec): string[] {
  return [...new Set(['latest_version', ...Object.values(spec.ownFilters.flags)])];
}

/** The number columns a page may be sorted by (the others are text). */
function numberSortColumns(spec: ListSpec): string[] {
  return spec.sortKeys.filter(
    (key) => spec.timeColumns.has(key) || key === 'image_size' || COUNT_COLUMNS.includes(key),
  );
}

/**
 * The columns a list's snapshot holds: those of every filter, dimension, top facet and sort key
 * (the tie break's order is read as rowids, `pages`: SQLite only, where a row has a rowid).
 */
export function layoutOf(spec: ListSpec, dialect: InventoryDialect = 'sqlite'): ColumnLayout {
  const flags = flagColumns(spec);
  const pages = dialect === 'sqlite';
  // vul_num's values too (beside its code): the risk summary's top images (nth).
  const numbers = [
    ...new Set(['image_size', ...spec.timeFields, 'vul_num', ...numberSortColumns(spec)]),
  ].filter((name) => spec.columns.includes(name));
  if (pages) numbers.push('rowid');
  const own = spec.ownFilters;
  const text = [
    'namespace',
    'image_name',
    'image_version',
    'image_digest',
    'scan_status',
    'severity_level',
    ...own.contains,
    ...own.equals,
    ...own.oneOf,
    ...spec.topFacetFields,
    ...spec.facetDimensions.map((dimension) => dimension.column),
    ...spec.sortKeys.filter((key) => key !== spec.tieBreakKey && !numbers.includes(key)),
  ].filter((name) => !flags.includes(name) && !COUNT_COLUMNS.includes(name));
  return { text: [...new Set(text)], flags, counts: COUNT_COLUMNS, numbers, pages };
}

/** The parameters that filter nothing (the account, paging, sort); any other unknown goes to SQL. */
export const IGNORED_PARAMETERS = new Set([
  'account',
  'enterprise_project_id',
  'offset',
  'limit',
  'sort_key',
  'sort_dir',
]);

/** A `*` scope pattern as the anchored expression `lower(column) like pattern` is. */
function patternSource(pattern: string): string {
  // likePattern's text, read back: `!x` a literal x, `%` any run.
  const like = likePattern(pattern);
  let source = '';
  for (let i = 0; i < like.length; i += 1) {
    const char = like[i] as string;
    if (char === '!') {
      i += 1;
      source += (like[i] ?? '').replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    } else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return `^${source}$`;
}

/**
 * The conditions of listWhere(spec, account, query, now) over the snapshot's columns (filters.ts
 * gives each its meaning), or undefined for a parameter the scan does not know (SQL answers).
 */
export function columnTests(
  spec: ListSpec,
  query: ListQuery,
  now: number,
): ColumnTest[] | undefined {
  const params = query as Readonly<Record<string, unknown>>;
  const handled = new Set<string>();
  const tests: ColumnTest[] = [];
  const text = (name: string): string | undefined => {
    handled.add(name);
    const value = params[name];
    return typeof value === 'string' ? value : undefined;
  };
  const flag = (name: string): boolean | undefined => {
    handled.add(name);
    const value = params[name];
    return typeof value === 'boolean' ? value : undefined;
  };
  const list = (name: string): string[] | undefined => {
    handled.add(name);
    const value = params[name];
    if (value === undefined) return undefined;
    const values = typeof value === 'string' ? [value] : (value as string[]);
    return values.length === 0 ? undefined : values;
  };
  const contains = (column: string, needle: string | undefined) => {
    if (needle !== undefined && needle !== '')
      tests.push({ kind: 'text', column, match: { contains: needle.toLowerCase() } });
  };
  contains('namespace', text('namespace'));
  const picked = list('namespaces');
  if (picked) tests.push({ kind: 'text', column: 'namespace', match: { anyOf: picked } });
  const scope = scopeNamespacesOf(query);
  handled.add(SCOPE_NAMESPACES);
  if (scope !== undefined && scope !== null)
    tests.push(
      scope.length === 0
        ? { kind: 'never' }
        : { kind: 'text', column: 'namespace', match: { patterns: scope.map(patternSource) } },
    );
  contains('image_name', text('image_name'));
  contains('image_version', text('image_version'));
  const own = spec.ownFilters;
  for (const name of own.contains) contains(name, text(name));
  for (const name of own.equals) {
    const value = text(name);
    if (value !== undefined && value !== '')
      tests.push({ kind: 'text', column: name, match: { equals: value } });
  }
  for (const name of own.oneOf) {
    const values = list(name);
    if (values) tests.push({ kind: 'text', column: name, match: { anyOf: values } });
  }
  const statuses = list('scan_status');
  if (statuses) tests.push({ kind: 'text', column: 'scan_status', match: { anyOf: statuses } });
  const severities = list('severity_level');
  if (severities)
    tests.push({
      kind: 'text',
      column: 'severity_level',
      match: { anyOf: severities.map((value) => (value === 'unrated' ? '' : value)) },
    });
  if (flag('latest_version') === true)
    tests.push({ kind: 'flag', column: 'latest_version', code: 1 });
  const counted: Array<[string, string]> = [
    ['has_vul', 'vul_num'],
    ['has_malicious_file', 'malicious_file_num'],
    ['has_unsafe_setting', 'unsafe_setting_num'],
  ];
  for (const [name, column] of counted) {
    const wanted = flag(name);
    if (wanted !== undefined) tests.push({ kind: 'count', column, positive: wanted });
  }
  const risky = flag('risky');
  if (risky !== undefined) tests.push({ kind: 'risky', columns: COUNT_COLUMNS, wanted: risky });
  for (const [name, column] of Object.entries(own.flags)) {
    const wanted = flag(name);
    if (wanted !== undefined) tests.push({ kind: 'flag', column, code: wanted ? 1 : 0 });
  }
  handled.add('image_size').add('max_image_size');
  const min = params.image_size as number | undefined;
  const max = params.max_image_size as number | undefined;
  if (min !== undefined || max !== undefined)
    tests.push({ kind: 'range', column: 'image_size', min: min ?? null, max: max ?? null });
  const never = flag('never_scanned');
  if (never !== undefined) tests.push({ kind: 'null', column: 'latest_scan_time', isNull: never });
  const os = text('basic_image_os');
  const osVersion = text('basic_image_os_version');
  const layer = text('basic_image_digest');
  if (os !== undefined || osVersion !== undefined || layer !== undefined)
    tests.push({
      kind: 'baseExact',
      os: os ?? null,
      osVersion: osVersion ?? null,
      layer: layer ?? null,
    });
  const eol = flag('basic_image_eol');
  if (eol !== undefined)
    tests.push({ kind: 'baseEol', wanted: eol, today: new Date(now).toISOString().slice(0, 10) });
  for (const field of spec.timeFields) {
    const start = text(`start_${field}`);
    const end = text(`end_${field}`);
    if (start === undefined && end === undefined) continue;
    tests.push({
      kind: 'range',
      column: field,
      min: Number(start === undefined ? 0n : BigInt(start)),
      max: Number(end === undefined ? BigInt(now) : BigInt(end)),
    });
  }
  handled.add('q');
  const terms = parseSearch(query.q);
  if (terms !== undefined)
    tests.push({
      kind: 'search',
      columns: ['namespace', 'image_name', 'image_version', 'image_digest'],
      reference: terms.reference,
      digest: terms.digest ?? null,
      text: terms.text,
    });
  const unknown = Object.keys(params).some(
    (key) => params[key] !== undefined && !handled.has(key) && !IGNORED_PARAMETERS.has(key),
  );
  return unknown ? undefined : tests;
}

/** Answers plans from snapshots kept at an inventory version (see the file comment). */
export interface ColumnScans {
  /**
   * The plan's answer over the list's rows of `account` as `trx` reads them, or undefined when
   * no snapshot at `trx`'s version can be had (SQL answers then). With `wait: false` only a
   * snapshot already read answers: a read is started (in the worker) but not waited for.
   */
  answer(
    trx: ReadTrx,
    spec: ListSpec,
    account: string,
    plan: ColumnPlan,
    options?: { wait?: boolean },
  ): Promise<ColumnAnswer | undefined>;
  /**
   * The plan's answer at the inventory version `version`, with no transaction held meanwhile (the
   * query cache asks before it takes a read slot: a request waiting on the column worker must not
   * hold a read connection the list pages need). Absent where a snapshot is read through the
   * request's own transaction (in process); undefined when none at `version` can be had, or when
   * COLUMN_QUEUE_LIMIT plans already wait.
   */
  answerAt?(
    spec: ListSpec,
    account: string,
    version: number,
    plan: ColumnPlan,
    options?: { wait?: boolean },
  ): Promise<ColumnAnswer | undefined>;
  /** Answers given so far (tests check the path was taken); an empty plan (a read) is none. */
  answered(): number;
  /** The list's rows of `account` were written (a sync's end): a kept snapshot is read again. */
  refresh(spec: ListSpec, account: string): void;
  /**
   * Resolves when every worker holds each snapshot read so far (the second adopts them after the
   * read): the steady state benches measure at.
   */
  settled?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Plans waiting on the column workers past which `answerAt` declines (the request then goes to
 * SQL through the read pool's admission, which sheds with 429 when its queue is full): each
 * worker counts one plan at a time, so a longer queue only lengthens every wait in it.
 */
export const COLUMN_QUEUE_LIMIT = 64;

/** Compiles statements to SQLite's text (no connection: the column worker runs the text). */
const SQLITE_TEXT = new Kysely<never>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** The statements a snapshot is read with (in one read transaction, the version first). */
function snapshotStatements(spec: ListSpec, dialect: InventoryDialect = 'sqlite') {
  const layout = layoutOf(spec, dialect);
  const columns = [...layout.text, ...layout.flags, ...layout.counts, ...layout.numbers];
  const table = `"${spec.table}"`;
  const name = (column: string) => (column === 'rowid' ? column : `"${column}"`);
  return {
    layout,
    version: `select version from inventory_version where list = ?`,
    count: `select count(*) as n from ${table} where account = ?`,
    // Aliased by position: a column may be read twice (vul_num's code and value).
    rows: `select ${columns.map((column, at) => `${name(column)} as c${at}`).join(', ')} from ${table} where account = ?`,
    bases: `select image_digest, os_name, os_version, layer_digest, eol_date from basic_images
      where account = ? and kind = 'base'`,
    // The tie break's order as SQL has it (an index of it: migrations' *_id_order).
    tieOrder: layout.pages
      ? `select rowid from ${table} where account = ? order by ${
          spec.tieBreak(sql``, sql`asc`).compile(SQLITE_TEXT).sql
        }`
      : undefined,
  };
}

/** A snapshot's read: the version it reads (known first), then the snapshot. */
export interface SnapshotRead<S> {
  version: Promise<number>;
  done: Promise<{ version: number; snapshot: S } | undefined>;
}

/** The snapshots kept per list and account; `read` starts reading one. */
export class SnapshotKeeper<S> {
  private readonly ready = new Map<string, { version: number; snapshot: S }>();
  private readonly reading = new Map<string, SnapshotRead<S>>();

  /**
   * The snapshot at `version`: the kept one, else one being read at that version (waited for:
   * it costs less than the SQL it replaces). A read is started when none runs (one at a time
   * per key); one at another version (a write came between) leaves the request to SQL.
   */
  async at(key: string, version: number, read: () => SnapshotRead<S>): Promise<S | undefined> {
    const kept = this.ready.get(key);
    if (kept?.version === version) return kept.snapshot;
    if (kept !== undefined && kept.version > version) return undefined;
    const running = this.reading.get(key) ?? this.start(key, read);
    if ((await running.version.catch(() => undefined)) !== version) return undefined;
    const built = await running.done;
    return built?.version === version ? built.snapshot : undefined;
  }

  /** The snapshot kept at `version`, if any (no read started). */
  kept(key: string, version: number): S | undefined {
    const kept = this.ready.get(key);
    return kept?.version === version ? kept.snapshot : undefined;
  }

  /**
   * After a write (a sync's end): a kept snapshot is read again in the background, so the next
   * request finds it at the new version. A key never asked for is not read.
   */
  refresh(key: string, read: () => SnapshotRead<S>): void {
    if (this.ready.has(key) && !this.reading.has(key)) this.start(key, read);
  }

  private start(key: string, read: () => SnapshotRead<S>): SnapshotRead<S> {
    const started = read();
    const done = started.done
      .then((built) => {
        const current = this.ready.get(key);
        if (built !== undefined && (current === undefined || current.version < built.version))
          this.ready.set(key, built);
        return built;
      })
      .finally(() => this.reading.delete(key));
    const running = { version: started.version, done };
    this.reading.set(key, running);
    return running;
  }
}

/**
 * Tests (and an inventory without a read pool): the snapshot read through the request's own
 * transaction, on the main thread.
 */
export function inProcessColumnScans(): ColumnScans {
  const program = columnProgram();
  const keeper = new SnapshotKeeper<ColumnSnapshot>();
  let answered = 0;
  return {
    async answer(trx, spec, account, plan, { wait = true } = {}) {
      const version = await readInventoryVersion(trx, spec.name);
      // A read in the request's own transaction cannot outlive it: only one that waits reads.
      if (!wait && keeper.kept(`${spec.name}\u0000${account}`, version) === undefined)
        return undefined;
      // Read in the request's own transaction: at its version.
      const snapshot = await keeper.at(`${spec.name}\u0000${account}`, version, () => ({
        version: Promise.resolve(version),
        done: (async () => {
          const statements = snapshotStatements(spec, dialectOf(trx));
          const run = async (text: string, parameters: unknown[]) =>
            (await sql.raw<Record<string, unknown>>(bind(text, parameters)).execute(trx)).rows;
          const [{ n } = { n: 0 }] = await run(statements.count, [account]);
          const builder = program.createBuilder(statements.layout, Number(n));
          for (const row of await run(statements.rows, [account])) builder.add(Object.values(row));
          for (const row of await run(statements.bases, [account]))
            builder.addBase(Object.values(row).map(String) as BaseRow);
          if (statements.tieOrder !== undefined)
            for (const row of await run(statements.tieOrder, [account]))
              builder.addTieRowid(Object.values(row)[0]);
          return { version, snapshot: builder.finish() };
        })(),
      }));
      if (snapshot === undefined) return undefined;
      const result = program.count(snapshot, plan);
      if (result !== undefined && plan.parts.length > 0) answered += 1;
      return result;
    },
    answered: () => answered,
    // Read in a request's own transaction only.
    refresh: () => undefined,
    close: () => Promise.resolve(),
  };
}

/** `?` parameters written as literals (tests' in-process reads: accounts and list names only). */
function bind(text: string, parameters: readonly unknown[]): string {
  let at = 0;
  return text.replace(/\?/g, () => `'${String(parameters[at++]).replace(/'/g, "''")}'`);
}

/**
 * A column worker's program: the column program and the counts. The builder (the first worker)
 * also holds a read-only connection and reads the snapshots; with a peer (a MessagePort to the
 * second worker) it builds them in shared memory and sends each to the peer, which adopts it (its
 * dictionaries are copied, its columns not) and tells the server.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// tsx and Vitest compile with esbuild's keepNames, which wraps functions in its __name helper.
var __name = (target) => target;
${columnProgramSource()}
const snapshots = new Map();
const peer = workerData.peer;
let db;
if (workerData.file) {
  const Database = require(workerData.driverPath);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
} else if (peer) {
  peer.on('message', ({ key, version, snapshot }) => {
    snapshots.delete(key);
    snapshots.set(key, { version, snapshot: program.adopt(snapshot) });
    parentPort.postMessage({ adopted: key, version });
  });
}
function build(message) {
  const started = process.cpuUsage();
  const startedAt = Date.now();
  db.prepare('begin').run();
  try {
    const version = Number(db.prepare(message.version).get(message.list)?.version ?? 0);
    // Told first: a request at another version does not wait for this read.
    parentPort.postMessage({ id: message.id, started: version });
    const rows = Number(db.prepare(message.count).get(message.account).n);
    const builder = program.createBuilder(message.layout, rows, Boolean(peer));
    for (const row of db.prepare(message.rows).raw(true).iterate(message.account)) builder.add(row);
    for (const row of db.prepare(message.bases).raw(true).iterate(message.account))
      builder.addBase(row.map(String));
    if (message.tieOrder)
      for (const row of db.prepare(message.tieOrder).raw(true).iterate(message.account))
        builder.addTieRowid(row[0]);
    const snapshot = builder.finish();
    snapshots.delete(message.key);
    snapshots.set(message.key, { version, snapshot });
    if (peer) peer.postMessage({ key: message.key, version, snapshot: program.shareableOf(snapshot) });
    const cpu = process.cpuUsage(started);
    return { version, rows, bytes: program.bytesOf(snapshot), ms: Date.now() - startedAt,
      cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    db.prepare('commit').run();
  }
}
parentPort.on('message', (message) => {
  try {
    if (message.op === 'build') return parentPort.postMessage({ id: message.id, built: build(message) });
    const kept = snapshots.get(message.key);
    if (kept === undefined || kept.version !== message.version)
      return parentPort.postMessage({ id: message.id, answer: null });
    const started = process.hrtime.bigint();
    const answer = program.count(kept.snapshot, message.plan);
    const countMs = Number(process.hrtime.bigint() - started) / 1e6;
    parentPort.postMessage({ id: message.id, answer: answer ?? null, countMs });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

interface WorkerReply {
  id: number;
  /** The second worker adopted the builder's snapshot of `adopted` at `version`. */
  adopted?: string;
  version?: number;
  /** A build's version, before its rows are read (the build's reply follows). */
  started?: number;
  built?: { version: number; rows: number; bytes: number; ms: number; cpuMs: number };
  answer?: ColumnAnswer | null;
  /** The count's time in the worker (benches). */
  countMs?: number;
  error?: string;
}

/** What a build reports (logs, benches). */
export type SnapshotBuilt = NonNullable<WorkerReply['built']> & { list: string; account: string };

/**
 * The column scans of a SQLite inventory file, in a worker thread of their own with a read-only
 * connection (see the file comment). `onBuilt` hears each snapshot read.
 */
export function openColumnScans(
  file: string,
  options: {
    onBuilt?: (built: SnapshotBuilt) => void;
    /** A snapshot's read failed (its requests went to SQL). */
    onFailed?: (error: Error) => void;
    /** Each count's time in the worker, in ms, and which worker counted (benches, tests). */
    onCounted?: (ms: number, worker: number) => void;
    /**
     * Workers counting (1 or 2, default 2): the second adopts each snapshot the first reads (its
     * columns shared, its dictionaries copied), so two plans are counted at once on two cores.
     */
    workers?: number;
  } = {},
): ColumnScans {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const { port1, port2 } = (options.workers ?? 2) > 1 ? new MessageChannel() : {};
  const channels = [
    columnWorker({ file, driverPath, peer: port1 }, port1),
    ...(port2 === undefined ? [] : [columnWorker({ peer: port2 }, port2)]),
  ];
  const [builder] = channels as [ColumnWorker];
  let closed: Error | undefined;
  for (const channel of channels)
    void channel.failed.then((error) => {
      closed ??= error;
    });
  const pendingPlans = () => channels.reduce((sum, channel) => sum + channel.pending(), 0);
  const keeper = new SnapshotKeeper<true>();
  let answered = 0;
  const keyOf = (spec: ListSpec, account: string) => `${spec.name}\u0000${account}`;
  // A read of the list's rows of `account` in the worker, its version told first.
  const readSnapshot = (spec: ListSpec, account: string): SnapshotRead<true> => {
    const key = keyOf(spec, account);
    let started: (version: number) => void = () => undefined;
    const startedVersion = new Promise<number>((resolve) => (started = resolve));
    const statements = snapshotStatements(spec);
    const done = builder
      .request({ op: 'build', key, list: spec.name, account, ...statements }, started)
      .then((reply) => {
        if (reply.built === undefined) return undefined;
        builder.holds.set(key, reply.built.version);
        options.onBuilt?.({ ...reply.built, list: spec.name, account });
        return { version: reply.built.version, snapshot: true as const };
      })
      .catch((error: unknown) => {
        options.onFailed?.(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      });
    // A failed read never tells its version: the waiting request goes to SQL.
    void done.then(() => started(-1));
    return { version: startedVersion, done };
  };
  const answerAt = async (
    spec: ListSpec,
    account: string,
    version: number,
    plan: ColumnPlan,
    wait = true,
  ): Promise<ColumnAnswer | undefined> => {
    if (closed !== undefined || pendingPlans() >= COLUMN_QUEUE_LIMIT) return undefined;
    const key = keyOf(spec, account);
    const read = () => readSnapshot(spec, account);
    if (!wait && keeper.kept(key, version) === undefined) {
      // Not waited for: the read started serves the next requests.
      void keeper.at(key, version, read);
      return undefined;
    }
    const ready = await keeper.at(key, version, read);
    if (ready === undefined) return undefined;
    // The least busy worker holding the snapshot (the second adopts it shortly after the read).
    const channel = channels
      .filter((candidate) => candidate.holds.get(key) === version)
      .reduce<ColumnWorker>(
        (best, candidate) => (candidate.pending() < best.pending() ? candidate : best),
        builder,
      );
    const reply = await channel.request({ op: 'count', key, version, plan });
    if (reply.countMs !== undefined) options.onCounted?.(reply.countMs, channels.indexOf(channel));
    if (reply.answer === null || reply.answer === undefined) return undefined;
    if (plan.parts.length > 0) answered += 1;
    return reply.answer;
  };
  return {
    async answer(trx, spec, account, plan, { wait = true } = {}) {
      if (closed !== undefined) return undefined;
      return answerAt(spec, account, await readInventoryVersion(trx, spec.name), plan, wait);
    },
    answerAt: (spec, account, version, plan, { wait = true } = {}) =>
      answerAt(spec, account, version, plan, wait),
    answered: () => answered,
    refresh(spec, account) {
      if (closed === undefined)
        keeper.refresh(keyOf(spec, account), () => readSnapshot(spec, account));
    },
    async settled() {
      const held = [...builder.holds];
      await Promise.all(
        channels.flatMap((channel) => held.map(([key, version]) => channel.holding(key, version))),
      );
    },
    async close() {
      closed ??= new Error('the column scans are closed');
      await Promise.all(channels.map((channel) => channel.terminate()));
    },
  };
}

/** One column worker as the server sees it (openColumnScans). */
interface ColumnWorker {
  /** A message answered by `id`; `onStarted` hears a build's version first. */
  request(
    message: Record<string, unknown>,
    onStarted?: (version: number) => void,
  ): Promise<WorkerReply>;
  /** Messages waiting for their answer. */
  pending(): number;
  /** The version of each snapshot (by key) it holds. */
  holds: Map<string, number>;
  /** Resolves when it holds `key` at `version` or later (or has failed). */
  holding(key: string, version: number): Promise<void>;
  /** Settles when it fails (an error, an exit): every waiting message is then answered so. */
  failed: Promise<Error>;
  terminate(): Promise<unknown>;
}

function columnWorker(workerData: Record<string, unknown>, port?: MessagePort): ColumnWorker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData,
    transferList: port === undefined ? [] : [port],
  });
  // Idle, it keeps no process alive (a server's close ends it; a test's end too).
  worker.unref();
  const pending = new Map<number, (reply: WorkerReply) => void>();
  const starting = new Map<number, (version: number) => void>();
  const holds = new Map<string, number>();
  const waiting = new Set<{ key: string; version: number; resolve: () => void }>();
  const heard = () => {
    for (const wait of waiting)
      if (closed !== undefined || (holds.get(wait.key) ?? -1) >= wait.version) {
        waiting.delete(wait);
        wait.resolve();
      }
  };
  let nextId = 1;
  let closed: Error | undefined;
  let failedWith: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (failedWith = resolve));
  worker.on('message', (reply: WorkerReply) => {
    if (reply.adopted !== undefined) {
      holds.set(reply.adopted, reply.version ?? -1);
      heard();
      return;
    }
    if (reply.started !== undefined) {
      starting.get(reply.id)?.(reply.started);
      starting.delete(reply.id);
      return;
    }
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const fail = (error: Error) => {
    closed ??= error;
    failedWith(closed);
    heard();
    for (const settle of pending.values()) settle({ id: 0, error: error.message });
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`column worker exited (${code})`)));
  return {
    request(message, onStarted) {
      if (closed !== undefined) return Promise.reject(closed);
      const id = nextId++;
      if (onStarted) starting.set(id, onStarted);
      worker.ref();
      return new Promise<WorkerReply>((resolve, reject) => {
        pending.set(id, (reply) => {
          if (pending.size <= 1) worker.unref();
          if (reply.error === undefined) resolve(reply);
          else reject(new Error(reply.error));
        });
        worker.postMessage({ ...message, id });
      });
    },
    pending: () => pending.size,
    holds,
    holding(key, version) {
      return new Promise<void>((resolve) => {
        waiting.add({ key, version, resolve });
        heard();
      });
    },
    failed,
    terminate: () => worker.terminate(),
  };
}
