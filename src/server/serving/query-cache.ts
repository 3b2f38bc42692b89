// A cache of answers computed from the inventory (list pages, counts, facets, risk summaries),
// keyed on the list's write version (inventory-version.ts): an answer read at version v stays true
// until a write moves v, so a cached answer is never stale, only superseded.
//
// Consistency: the compute runs in one read transaction whose FIRST statement reads the version,
// so the answer is stored under exactly the version of the snapshot it was read from.
// Deadlocks: nothing ever waits while holding a transaction. The lookup (and any wait for an
// identical computation in flight) happens before the transaction opens; inside a computation,
// other cached answers are only peeked at (`peek`), never awaited. On SQLite (one connection) a
// waiter inside a transaction would hold the only connection; on PostgreSQL, a pool full of such
// waiters would starve the computation they wait for.
import type { KyselyPlugin, Transaction } from 'kysely';
import type { QueryAdmissionStats, QueryCacheStats } from '../../shared/contracts';
import type { InventoryList } from '../lists/spec';
import { ComputationCancelledError, yieldToEventLoop, type ComputeAdmission } from './admission';
import { readTransaction, type InventoryDb } from '../store/db';
import { readInventoryVersion } from '../store/inventory-version';
import type { InventoryTables } from '../store/tables';

export type { QueryCacheStats } from '../../shared/contracts';

/**
 * better-sqlite3 runs each statement synchronously and Kysely resolves it in a microtask, so a
 * computation of many statements (facets, risk summary) would hold the event loop from its first
 * statement to its last: no request read, no hit answered, nothing shed meanwhile. After each
 * statement of an admitted computation the loop turns once (on PostgreSQL it turns anyway).
 */
const YIELD_AFTER_EACH_STATEMENT: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await yieldToEventLoop();
    return args.result;
  },
};

/**
 * What an answer is: a page of a list (as stored, or with its families as the list route shows
 * it), the count of a filter, its facets, a risk summary.
 */
export type AnswerKind =
  'page' | 'page-with-families' | 'count' | 'facets' | 'risk-summary' | 'search' | 'base-images';

/**
 * The version each computation's transaction read first (`answer`): `within` the same
 * transaction it is known, and reading it again would cost a round trip to a read worker.
 */
const SNAPSHOT_VERSIONS = new WeakMap<object, { list: string; version: number }>();

export interface AnswerRequest {
  list: InventoryList;
  kind: AnswerKind;
  account: string;
  /** The validated query the answer depends on (and nothing it does not depend on). */
  query: Readonly<Record<string, unknown>>;
  /**
   * The answer depends on the clock (a time range with only a start, the scan-age buckets):
   * kept at most `maxAgeMs`. Other answers only change with the version. Default: the query
   * has a time range with only a start.
   */
  dependsOnNow?: boolean;
  /**
   * A status answer (the enrichment's progress on /api/sync): cached like the others, but a miss
   * is computed at once, outside admission control, so the status page answers while the
   * computations' queue is full (it would otherwise wait behind the very work it reports on).
   */
  status?: boolean;
}

export type ReadTrx = Transaction<InventoryTables>;

/** Answers that depend on `now` (open-ended time ranges, scan-age buckets) are never older. */
export const QUERY_CACHE_MAX_AGE_MS = 30_000;

export interface QueryCacheOptions {
  /** Estimated size bound; 0 disables the cache (every answer is computed). */
  maxBytes: number;
  maxAgeMs?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Bounds the computations (misses) queued or running; none: every miss computes at once. */
  admission?: ComputeAdmission;
  /**
   * Where computations read (the read pool, store/read-pool.ts): off the event loop, several at
   * once. None: on the `db` each caller passes (the main connection).
   */
  readDb?: InventoryDb;
  /**
   * Where the version is read before a lookup (the main connection): a hit must not wait for a
   * reader of the pool while every reader computes. None: the `db` each caller passes.
   */
  versionDb?: InventoryDb;
}

/**
 * Who still wants a queued computation: the requests sharing it (single-flight). Its signal
 * aborts once every one of them has disconnected; background callers (no signal) never leave.
 */
class Interest {
  private readonly controller = new AbortController();
  private clients = 0;
  private background = false;

  get signal(): AbortSignal | undefined {
    return this.background ? undefined : this.controller.signal;
  }

  /** False when `signal` has already aborted (that client is gone and adds no interest). */
  add(signal: AbortSignal | undefined): boolean {
    if (signal === undefined) {
      this.background = true;
      return true;
    }
    if (signal.aborted) return false;
    this.clients += 1;
    signal.addEventListener(
      'abort',
      () => {
        this.clients -= 1;
        if (this.clients === 0 && !this.background) this.controller.abort();
      },
      { once: true },
    );
    return true;
  }
}

interface Flight {
  promise: Promise<unknown>;
  interest: Interest;
}

interface Entry {
  value: unknown;
  bytes: number;
  /** When it stops being served (Infinity: only a newer version or eviction ends it). */
  expiresAt: number;
}

/** A `start_*` time bound without its `end_*` means "until now". */
export function hasOpenTimeRange(query: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(query).some(
    (key) =>
      key.startsWith('start_') &&
      query[key] !== undefined &&
      query[`end_${key.slice('start_'.length)}`] === undefined,
  );
}

/** JSON of the query with keys sorted and arrays of plain values sorted (their order is not meant). */
export function stableQueryKey(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    const plain = items.every((item) => typeof item === 'string' || typeof item === 'number');
    return plain ? [...items].sort() : items;
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = normalise(item);
    }
    return out;
  }
  return value;
}

/** The query without its paging and order: what a count or facets answer depends on. */
export function withoutPaging(
  query: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const { offset: _offset, limit: _limit, sort_key: _sortKey, sort_dir: _sortDir, ...rest } = query;
  return rest;
}

/** UTF-16 size of the answer's JSON: an estimate of its heap footprint (within a small factor). */
function estimateBytes(value: unknown): number {
  // An answer kept as JSON text (a list page, queryListJson) is its own size.
  if (typeof value === 'string') return value.length * 2 + 128;
  try {
    return (JSON.stringify(value)?.length ?? 0) * 2 + 128;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Flight>();
  /** The highest version seen per list: entries of older versions can never be hit again. */
  private readonly newestVersion = new Map<InventoryList, number>();
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly admission: ComputeAdmission | undefined;
  private readonly readDb: InventoryDb | undefined;
  private readonly versionDb: InventoryDb | undefined;
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private coalesced = 0;
  private evictions = 0;

  constructor(options: QueryCacheOptions) {
    this.maxBytes = Math.max(0, options.maxBytes);
    this.maxAgeMs = options.maxAgeMs ?? QUERY_CACHE_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    this.admission = options.admission;
    this.readDb = options.readDb;
    this.versionDb = options.versionDb;
  }

  /** Statements on the main connection hold the event loop (see YIELD_AFTER_EACH_STATEMENT). */
  private get yieldsAfterEachStatement(): boolean {
    return this.admission !== undefined && this.readDb === undefined;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /**
   * The answer to `request` at the list's current version: from the cache, from an identical
   * computation in flight, or computed by `compute` in a read transaction (then cached). A failed
   * computation is not cached: every waiter gets its error. Callers must not mutate the answer.
   * With admission control, a computation (not a hit, not a wait for one in flight) may be
   * refused at once (429 server_busy) or cancelled while queued when its clients disconnect.
   * `clientSignal` is the client request's (aborts on disconnect); none for background work,
   * which waits its turn but is never refused.
   */
  async answer<T>(
    db: InventoryDb,
    request: AnswerRequest,
    /**
     * In the read transaction; `snapshotVersion` is the version it reads (undefined with the
     * cache disabled: not read, and `atVersion` never asked).
     */
    compute: (trx: ReadTrx, snapshotVersion?: number) => Promise<T>,
    clientSignal?: AbortSignal,
    /**
     * Asked first, at the version just read, with no transaction and no admission slot (an
     * answer from the lists' columns, which wait on a worker of their own): a request waiting
     * there must not hold a read connection the others need. Undefined: `compute` answers (and
     * may use what was read here when its snapshot is at `version`: the risk summary's counts).
     */
    atVersion?: (version: number) => Promise<T | undefined>,
  ): Promise<T> {
    if (!this.enabled) {
      const computeNow = () =>
        readTransaction(this.readDb ?? db).execute((trx) =>
          compute(this.yieldsAfterEachStatement ? trx.withPlugin(YIELD_AFTER_EACH_STATEMENT) : trx),
        );
      return this.admission && request.status !== true
        ? this.admission.run(clientSignal, computeNow, `${request.list}/${request.kind}`)
        : computeNow();
    }
    const version = await readInventoryVersion(this.versionDb ?? db, request.list);
    this.noteVersion(request.list, version);
    const key = this.keyOf(request, version);
    const cached = this.lookup(key);
    if (cached !== undefined) {
      this.hits += 1;
      return cached.value as T;
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      // Not a new computation: no admission, but this client keeps a queued one wanted.
      if (!running.interest.add(clientSignal)) throw new ComputationCancelledError();
      this.coalesced += 1;
      return running.promise as Promise<T>;
    }
    const interest = new Interest();
    if (!interest.add(clientSignal)) throw new ComputationCancelledError();
    this.misses += 1;
    const computeInTransaction = () =>
      readTransaction(this.readDb ?? db).execute(async (transaction) => {
        const trx = this.yieldsAfterEachStatement
          ? transaction.withPlugin(YIELD_AFTER_EACH_STATEMENT)
          : transaction;
        // First statement of the transaction: the version of the snapshot the answer is read from.
        const snapshotVersion = await readInventoryVersion(trx, request.list);
        SNAPSHOT_VERSIONS.set(trx, { list: request.list, version: snapshotVersion });
        const value = await compute(trx, snapshotVersion);
        return { value, snapshotVersion };
      });
    // A shed request rejects at once, and so does any identical one that joined it meanwhile.
    const admitted = () =>
      this.admission && request.status !== true
        ? this.admission.run(
            interest.signal,
            computeInTransaction,
            `${request.list}/${request.kind}`,
          )
        : computeInTransaction();
    const answered = (async (): Promise<{ value: T; snapshotVersion: number }> => {
      // A failed column answer leaves the request to SQL, as an absent one does.
      const early = await atVersion?.(version).catch(() => undefined);
      if (early !== undefined) return { value: early, snapshotVersion: version };
      const { value, snapshotVersion } = await admitted();
      return { value: value as T, snapshotVersion };
    })();
    const computation = answered
      .then(({ value, snapshotVersion }) => {
        this.noteVersion(request.list, snapshotVersion);
        // A write landed while computing and a newer answer may already be cached: keep that.
        if (snapshotVersion >= (this.newestVersion.get(request.list) ?? 0))
          this.store(this.keyOf(request, snapshotVersion), value, request);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, { promise: computation, interest });
    return computation;
  }

  /**
   * Inside a computation's transaction: the cached answer at that snapshot's version, else
   * `compute(trx)` in the same transaction (cached for the next caller). Never waits for another
   * computation, so it cannot deadlock (see the file comment).
   */
  async within<T>(
    trx: ReadTrx,
    request: AnswerRequest,
    compute: (trx: ReadTrx) => Promise<T>,
  ): Promise<T> {
    if (!this.enabled) return compute(trx);
    const known = SNAPSHOT_VERSIONS.get(trx);
    const version =
      known?.list === request.list ? known.version : await readInventoryVersion(trx, request.list);
    const key = this.keyOf(request, version);
    const cached = this.lookup(key);
    if (cached !== undefined) {
      this.hits += 1;
      return cached.value as T;
    }
    this.misses += 1;
    const value = await compute(trx);
    this.store(key, value, request);
    return value;
  }

  stats(): QueryCacheStats {
    return {
      enabled: this.enabled,
      hits: this.hits,
      misses: this.misses,
      coalesced: this.coalesced,
      evictions: this.evictions,
      entries: this.entries.size,
      bytes: this.bytes,
      max_bytes: this.maxBytes,
    };
  }

  /** The admission control's counters; undefined without one. */
  admissionStats(): QueryAdmissionStats | undefined {
    return this.admission?.stats();
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private keyOf(request: AnswerRequest, version: number): string {
    return `${request.list}\u0000${version}\u0000${request.kind}\u0000${request.account}\u0000${stableQueryKey(request.query)}`;
  }

  private lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.remove(key, entry);
      return undefined;
    }
    // Most recently used last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, value: unknown, request: AnswerRequest): void {
    const bytes = estimateBytes(value);
    if (bytes > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    const dependsOnNow = request.dependsOnNow ?? hasOpenTimeRange(request.query);
    const expiresAt = dependsOnNow ? this.now() + this.maxAgeMs : Number.POSITIVE_INFINITY;
    this.entries.set(key, { value, bytes, expiresAt });
    this.bytes += bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldKey, oldEntry);
      this.evictions += 1;
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** A newer version makes every entry of the list's older versions unreachable: free them. */
  private noteVersion(list: InventoryList, version: number): void {
    const newest = this.newestVersion.get(list);
    if (newest !== undefined && version <= newest) return;
    this.newestVersion.set(list, version);
    if (newest === undefined) return;
    const prefix = `${list}\u0000`;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      const entryVersion = Number(key.slice(prefix.length, key.indexOf('\u0000', prefix.length)));
      if (entryVersion < version) this.remove(key, entry);
    }
  }
}

/** The cache that caches nothing (tests and callers without one). */
export const NO_QUERY_CACHE = new QueryCache({ maxBytes: 0 });
