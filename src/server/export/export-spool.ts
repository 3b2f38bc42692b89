// Shared CSV export generations (issue 9, load). Under load most exports are the same file asked
// for many times; formatting every row once per request on one event loop is what fell over.
// So an export is generated ONCE per identity (list, account, validated filters/sort/columns)
// and inventory write version, into a spool file (0600) in the data directory, and every request
// for it streams that file:
// - the generator reads its snapshot as fast as the disk takes the bytes, not as fast as the
//   slowest client reads, so the read transaction (which blocks WAL checkpoints) ends early;
// - followers tail the file while it is written (first byte soon), a bounded buffer each;
// - a failed generation destroys every follower's stream, so every response fails visibly;
// - at most `concurrency` distinct generations run at once; the rest wait in a bounded FIFO
//   queue, and a request that would wait too long is refused with a retry time (429).
// Completed files are reused while their list's version is unchanged, and removed once it has
// moved, after `maxAgeMs`, or least recently used first beyond `maxBytes`.
// A completed file asked for more than once also gets a gzip copy, made once: CSV shrinks about
// 8x, so a popular file goes to hundreds of sockets as an eighth of the bytes, to every client
// that accepts gzip (every browser). A first download never waits for compression: it streams
// the plain file as it is generated. Small files are compressed at once and their copy kept in
// memory (up to `memoryBytes` in all): a file asked for hundreds of times a second is then one
// socket write per request, with no file reads and no buffers to allocate and collect, which is
// what the event loop otherwise spends its time on. Large files are compressed in the
// background, into a file beside them.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  read,
  readdirSync,
  readFileSync,
  writeFileSync,
  rmSync,
  write,
} from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import type { ImageList } from '../../shared/contracts';

const DEFAULT_QUEUE_LIMIT = 100;
const DEFAULT_MAX_WAIT_MS = 20_000;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const DEFAULT_COMPRESS_INLINE_MAX_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
/** Until a generation has been timed, assume this long for the wait estimate. */
const INITIAL_GENERATION_MS = 2_000;
/** Large reads and writes: fewer thread-pool round trips and socket writes per file. */
const READ_CHUNK = 256 * 1024;
/** Fast, and most of the gain on CSV: higher levels cost several times the CPU for ~20% less. */
const GZIP_LEVEL = 1;
/** A completed file gets its gzip copy once it has been asked for this many times. */
const COMPRESS_AFTER_REQUESTS = 2;
/** Ours: a plain file or its gzip copy. */
const SPOOL_FILE = /^[0-9a-f-]{36}\.csv(\.gz)?$/;

export interface ExportSpoolOptions {
  /** Where spool files go (created 0700); stale spool files found there are removed. */
  dir: string;
  /** Distinct generations running at once (EXPORT_CONCURRENCY). */
  concurrency: number;
  /** Generations allowed to wait for a slot; beyond that, 429. */
  queueLimit?: number;
  /** A request whose estimated wait for a slot exceeds this is refused with 429. */
  maxWaitMs?: number;
  /** Completed spool files kept, in bytes, least recently used evicted first. */
  maxBytes?: number;
  /** Gzip copies held in memory, in bytes in all (only copies of small files are). */
  memoryBytes?: number;
  /**
   * Files up to this size are compressed at once, on the event loop, and their copy kept in
   * memory within `memoryBytes`; larger ones stream into a file in the background.
   */
  compressInlineMaxBytes?: number;
  /** Completed spool files older than this are removed. */
  maxAgeMs?: number;
  /** Remove `dir` itself on close (a temporary directory). */
  removeDirOnClose?: boolean;
}

/** What a generation produces: the row count of its snapshot, that snapshot's version, the bytes. */
export interface GeneratedExport {
  total: number;
  version: number;
  body: Readable;
}

export interface ExportJob {
  list: ImageList;
  /** Everything that decides the file's bytes except the version (account, filters, sort, columns). */
  identity: string;
  /** The list's version as last read outside any snapshot: finds a file generated at it. */
  version: number;
  /** Opens the snapshot and starts formatting; called once per generation, inside a slot. */
  generate: () => Promise<GeneratedExport>;
}

export interface ServedExport {
  total: number;
  /** `gzip`: the body is the file gzip-compressed (send Content-Encoding: gzip). */
  encoding: 'gzip' | 'identity';
  body: Readable;
}

export interface ServeOptions {
  /** The client accepts gzip: a completed file's gzip copy may be sent instead. */
  gzip?: boolean;
}

/** The queue is full or the wait would be too long: answer 429 with `retryAfterMs`. */
export class ExportBusyError extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(`The server is busy exporting; try again in ${seconds} s`);
    this.name = 'ExportBusyError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The client went away while its export waited. */
export class ExportAbortedError extends Error {
  constructor() {
    super('The export was cancelled by the client before it started');
    this.name = 'ExportAbortedError';
  }
}

type EntryState = 'queued' | 'generating' | 'complete' | 'failed';

/** What a follower reads: a file that may still be growing, its length so far, how it ended. */
interface SpoolSource {
  readonly state: EntryState;
  readonly bytes: number;
  readonly error: Error | null;
  readonly waiters: Set<() => void>;
}

/** The gzip copy of a completed spool file. */
interface CompressedCopy {
  state: 'compressing' | 'complete' | 'failed';
  readonly file: string;
  bytes: number;
  readonly abort: AbortController;
  /** The copy's bytes, when held in memory. */
  data: Buffer | null;
}

class SpoolEntry implements SpoolSource {
  state: EntryState = 'queued';
  key: string;
  version: number;
  total = 0;
  /** Bytes written so far (readable by followers). */
  bytes = 0;
  error: Error | null = null;
  readonly file: string;
  readonly createdAt = Date.now();
  lastUsedAt = Date.now();
  /** Requests waiting for the total (the response headers). */
  interested = 0;
  /** Requests served this file, or waiting for it (decides when a gzip copy is worth making). */
  requests = 0;
  /** The gzip copy, once one has been started. */
  compressed: CompressedCopy | null = null;
  /** Followers blocked on more bytes, the end or a failure. */
  readonly waiters = new Set<() => void>();
  readonly started: Promise<number>;
  resolveStarted: (total: number) => void = () => undefined;
  rejectStarted: (error: Error) => void = () => undefined;
  /** Removes the entry from the slot queue when the last interested request leaves. */
  dequeue: (() => void) | null = null;
  /** The job while queued. */
  job: ExportJob | null = null;
  /** Stops a running generation (its source stream) when the entry is dropped. */
  stopGeneration: (() => void) | null = null;

  constructor(
    readonly list: ImageList,
    readonly identity: string,
    version: number,
    dir: string,
  ) {
    this.version = version;
    this.key = spoolKey(list, identity, version);
    this.file = path.join(dir, `${randomUUID()}.csv`);
    this.started = new Promise<number>((resolve, reject) => {
      this.resolveStarted = resolve;
      this.rejectStarted = reject;
    });
    // Nobody may be listening when a queued generation is dropped or fails early.
    this.started.catch(() => undefined);
  }

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

function spoolKey(list: ImageList, identity: string, version: number): string {
  return `${list}\u0000${version}\u0000${identity}`;
}

/** Streams a spool file from its start while it may still be growing (tailing). */
class SpoolFollower extends Readable {
  private position = 0;
  private reading = false;
  private readonly wake = () => this.pump();

  constructor(
    private readonly entry: SpoolSource,
    private readonly fd: number,
  ) {
    super({ highWaterMark: READ_CHUNK });
  }

  override _read(): void {
    this.pump();
  }

  private pump(): void {
    if (this.reading || this.destroyed) return;
    const entry = this.entry;
    if (this.position < entry.bytes) {
      this.reading = true;
      const length = Math.min(READ_CHUNK, entry.bytes - this.position);
      const buffer = Buffer.allocUnsafe(length);
      read(this.fd, buffer, 0, length, this.position, (error, bytesRead) => {
        this.reading = false;
        if (this.destroyed) return;
        if (error || bytesRead === 0) {
          this.destroy(error ?? new Error('export spool file ended early'));
          return;
        }
        this.position += bytesRead;
        // Readable calls _read again once the consumer wants more (backpressure). Not pumping
        // here also means a failure is only signalled after the bytes already pushed were taken.
        this.push(buffer.subarray(0, bytesRead));
      });
    } else if (entry.state === 'complete') {
      this.push(null);
    } else if (entry.state === 'failed') {
      this.destroy(entry.error ?? new Error('export generation failed'));
    } else {
      entry.waiters.add(this.wake);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.entry.waiters.delete(this.wake);
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    callback(error);
  }
}

export class ExportSpool {
  /** Generations started since creation (tests count shared generations with it). */
  generations = 0;
  /** Gzip copies started since creation. */
  compressions = 0;
  /** Bytes of gzip copies held in memory. */
  memoryBytes = 0;
  private readonly entries = new Map<string, SpoolEntry>();
  private readonly queue: SpoolEntry[] = [];
  private running = 0;
  /** Smoothed duration of a generation, for the wait estimate. */
  private generationMs = INITIAL_GENERATION_MS;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  private readonly options: Required<ExportSpoolOptions>;

  constructor(options: ExportSpoolOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new Error('export concurrency must be a positive integer');
    this.options = {
      queueLimit: DEFAULT_QUEUE_LIMIT,
      maxWaitMs: DEFAULT_MAX_WAIT_MS,
      maxBytes: DEFAULT_MAX_BYTES,
      memoryBytes: DEFAULT_MEMORY_BYTES,
      compressInlineMaxBytes: DEFAULT_COMPRESS_INLINE_MAX_BYTES,
      maxAgeMs: DEFAULT_MAX_AGE_MS,
      removeDirOnClose: false,
      ...options,
    };
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    // Files left by a previous process are of unknown versions and nobody reads them.
    for (const name of readdirSync(options.dir)) {
      if (SPOOL_FILE.test(name)) rmSync(path.join(options.dir, name), { force: true });
    }
    this.sweeper = setInterval(() => this.evict(), Math.min(60_000, this.options.maxAgeMs));
    this.sweeper.unref();
  }

  /** Generations waiting for a slot, and running (tests and diagnostics). */
  get queuedGenerations(): number {
    return this.queue.length;
  }
  get runningGenerations(): number {
    return this.running;
  }

  /**
   * The export for `job`: a completed or in-progress generation of the same identity at the
   * same version is shared; otherwise one is queued for a slot. Resolves once the snapshot's
   * row count is known (send it before the body). Throws ExportBusyError (429) or
   * ExportAbortedError (the signal fired while waiting), or the generation's own error.
   */
  async serve(
    job: ExportJob,
    signal: AbortSignal,
    options: ServeOptions = {},
  ): Promise<ServedExport> {
    if (this.closed) throw new Error('export spool is closed');
    this.evictOlderThan(job.list, job.version);
    let entry = this.entries.get(spoolKey(job.list, job.identity, job.version));
    if (entry === undefined) {
      this.refuseIfBusy();
      entry = new SpoolEntry(job.list, job.identity, job.version, this.options.dir);
      this.entries.set(entry.key, entry);
      this.enqueue(entry, job);
    }
    entry.lastUsedAt = Date.now();
    entry.interested += 1;
    entry.requests += 1;
    const current = entry;
    let total: number;
    try {
      total = await abortable(current.started, signal);
    } finally {
      current.interested -= 1;
      if (current.interested === 0 && current.state === 'queued') current.dequeue?.();
    }
    // Opened in the same tick as the state check: eviction (also synchronous) cannot come
    // between them, and an unlinked file stays readable through an open descriptor.
    if (current.state === 'failed') throw current.error ?? new Error('export generation failed');
    if (current.state === 'complete') this.compressIfPopular(current);
    const copy = current.compressed;
    if (options.gzip === true && copy?.data) {
      return { total, encoding: 'gzip', body: Readable.from([copy.data], { objectMode: false }) };
    }
    if (options.gzip === true && copy?.state === 'complete') {
      const fd = openSync(copy.file, 'r');
      const source: SpoolSource = {
        state: 'complete',
        bytes: copy.bytes,
        error: null,
        waiters: new Set(),
      };
      return { total, encoding: 'gzip', body: new SpoolFollower(source, fd) };
    }
    const fd = openSync(current.file, 'r');
    return { total, encoding: 'identity', body: new SpoolFollower(current, fd) };
  }

  /** Removes every spool file; in-progress generations and followers fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const entry of this.queue.splice(0)) this.fail(entry, new Error('server closing'));
    for (const entry of [...this.entries.values()]) this.remove(entry);
    await Promise.resolve();
    if (this.options.removeDirOnClose) rmSync(this.options.dir, { recursive: true, force: true });
  }

  private refuseIfBusy(): void {
    const { concurrency, queueLimit, maxWaitMs } = this.options;
    if (this.running < concurrency) return;
    // This request would start after every queued generation and one running slot frees.
    const rounds = Math.floor(this.queue.length / concurrency) + 1;
    const estimatedWaitMs = rounds * this.generationMs;
    if (this.queue.length >= queueLimit || estimatedWaitMs > maxWaitMs)
      throw new ExportBusyError(Math.min(estimatedWaitMs, 60_000));
  }

  private enqueue(entry: SpoolEntry, job: ExportJob): void {
    entry.job = job;
    entry.dequeue = () => {
      const index = this.queue.indexOf(entry);
      if (index >= 0) this.queue.splice(index, 1);
      this.fail(entry, new ExportAbortedError());
    };
    this.queue.push(entry);
    this.pumpQueue();
  }

  private pumpQueue(): void {
    while (this.running < this.options.concurrency && !this.closed) {
      const entry = this.queue.shift();
      if (entry === undefined) break;
      const job = entry.job;
      entry.job = null;
      if (job === null) continue;
      this.running += 1;
      void this.generate(entry, job).finally(() => {
        this.running -= 1;
        this.pumpQueue();
      });
    }
  }

  private async generate(entry: SpoolEntry, job: ExportJob): Promise<void> {
    entry.state = 'generating';
    entry.dequeue = null;
    this.generations += 1;
    const startedAt = Date.now();
    let fd: number | null = null;
    try {
      fd = openSync(entry.file, 'wx', 0o600);
      const generated = await job.generate();
      entry.stopGeneration = () => generated.body.destroy();
      if (entry.state !== 'generating') {
        generated.body.destroy();
        throw entry.error ?? new Error('export spool closed');
      }
      this.rekey(entry, generated.version);
      entry.total = generated.total;
      // Followers start once the first bytes (the CSV head) are on disk: a stream's first
      // chunk is what makes Fastify send the headers, and a failure after the headers must
      // destroy the socket rather than turn into an error body under a text/csv type.
      await pipeline(
        generated.body,
        spoolWriter(entry, fd, () => entry.resolveStarted(entry.total)),
      );
      entry.resolveStarted(entry.total);
      entry.state = 'complete';
      entry.notify();
      this.compressIfPopular(entry);
      const elapsed = Date.now() - startedAt;
      this.generationMs = Math.round(this.generationMs * 0.7 + elapsed * 0.3);
      this.evict();
    } catch (error) {
      this.fail(entry, error instanceof Error ? error : new Error(String(error)));
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }

  /** The snapshot may be newer than the version the request read: file it under the snapshot's. */
  private rekey(entry: SpoolEntry, version: number): void {
    if (version === entry.version) return;
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.version = version;
    entry.key = spoolKey(entry.list, entry.identity, version);
    // Another generation already holds that key (a rare race): this one stays private.
    if (!this.entries.has(entry.key)) this.entries.set(entry.key, entry);
  }

  private fail(entry: SpoolEntry, error: Error): void {
    if (entry.state === 'complete' || entry.state === 'failed') return;
    entry.state = 'failed';
    entry.error = error;
    entry.stopGeneration?.();
    entry.rejectStarted(error);
    entry.notify();
    this.remove(entry);
  }

  private remove(entry: SpoolEntry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    if (entry.state === 'generating' || entry.state === 'queued') {
      this.fail(entry, new Error('export spool closed'));
      return;
    }
    rmSync(entry.file, { force: true });
    const copy = entry.compressed;
    if (copy !== null) {
      copy.abort.abort();
      rmSync(copy.file, { force: true });
    }
  }

  /**
   * Starts the gzip copy of a completed file that has been asked for again. Followers already
   * streaming the plain file go on; requests after the copy is complete get it. A failed copy
   * is not retried (the plain file still serves everyone).
   */
  private compressIfPopular(entry: SpoolEntry): void {
    if (entry.requests < COMPRESS_AFTER_REQUESTS || entry.compressed !== null || this.closed)
      return;
    const copy: CompressedCopy = {
      state: 'compressing',
      file: `${entry.file}.gz`,
      bytes: 0,
      abort: new AbortController(),
      data: null,
    };
    entry.compressed = copy;
    this.compressions += 1;
    if (entry.bytes <= this.options.compressInlineMaxBytes) this.compressInline(entry, copy);
    else this.compressStreaming(entry, copy);
  }

  /**
   * A small file in one piece, at once, on this thread: ~10 ms for 2 MB at level 1. Done in the
   * background instead, the copy of a file that hundreds of requests are reading would queue
   * behind their file reads on the thread pool, and all of them would be sent plain meanwhile.
   */
  private compressInline(entry: SpoolEntry, copy: CompressedCopy): void {
    try {
      const compressed = gzipSync(readFileSync(entry.file), { level: GZIP_LEVEL });
      copy.bytes = compressed.length;
      if (this.memoryBytes + compressed.length <= this.options.memoryBytes) {
        copy.data = compressed;
        this.memoryBytes += compressed.length;
        // Released with the entry (remove() aborts the copy).
        copy.abort.signal.addEventListener('abort', () => {
          copy.data = null;
          this.memoryBytes -= compressed.length;
        });
      } else {
        writeFileSync(copy.file, compressed, { mode: 0o600, flag: 'wx' });
      }
      copy.state = 'complete';
    } catch {
      this.copyFailed(copy);
    }
  }

  /** A large file chunk by chunk, into a file (never held in memory). */
  private compressStreaming(entry: SpoolEntry, copy: CompressedCopy): void {
    const output = createWriteStream(copy.file, { flags: 'wx', mode: 0o600 });
    pipeline(
      createReadStream(entry.file, { highWaterMark: READ_CHUNK }),
      createGzip({ level: GZIP_LEVEL }),
      output,
      { signal: copy.abort.signal },
    ).then(
      () => {
        // The entry may have been removed as the copy finished.
        if (copy.abort.signal.aborted) return this.copyFailed(copy);
        copy.bytes = output.bytesWritten;
        copy.state = 'complete';
        this.evict();
      },
      () => this.copyFailed(copy),
    );
  }

  private copyFailed(copy: CompressedCopy): void {
    copy.state = 'failed';
    rmSync(copy.file, { force: true });
  }

  /** Completed files of `list` at an older version than `version` can never be served again. */
  private evictOlderThan(list: ImageList, version: number): void {
    for (const entry of this.entries.values()) {
      if (entry.list === list && entry.state === 'complete' && entry.version < version)
        this.remove(entry);
    }
  }

  /** Age, then total size (least recently used first). */
  private evict(): void {
    const now = Date.now();
    const complete = [...this.entries.values()].filter((entry) => entry.state === 'complete');
    for (const entry of complete) {
      if (now - entry.createdAt > this.options.maxAgeMs) this.remove(entry);
    }
    const kept = complete
      .filter((entry) => this.entries.get(entry.key) === entry)
      .sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    // Disk bytes: a copy held in memory has no file (memoryBytes bounds it).
    const sizeOf = (entry: SpoolEntry) =>
      entry.bytes + (entry.compressed?.data ? 0 : (entry.compressed?.bytes ?? 0));
    let bytes = kept.reduce((sum, entry) => sum + sizeOf(entry), 0);
    for (const entry of kept) {
      if (bytes <= this.options.maxBytes) break;
      bytes -= sizeOf(entry);
      this.remove(entry);
    }
  }
}

/** Appends the generated bytes to the spool file, waking followers after each write. */
function spoolWriter(entry: SpoolEntry, fd: number, onFirstBytes: () => void): Writable {
  const append = (chunk: Buffer, callback: (error?: Error | null) => void) => {
    write(fd, chunk, 0, chunk.length, entry.bytes, (error, written) => {
      if (error) return callback(error);
      if (written !== chunk.length) return callback(new Error('short write to export spool'));
      entry.bytes += written;
      if (entry.bytes === written) onFirstBytes();
      entry.notify();
      callback();
    });
  };
  return new Writable({
    highWaterMark: READ_CHUNK,
    write: (chunk: Buffer, _encoding, callback) => append(chunk, callback),
    // Batches that queued while a write was in flight go out as one write.
    writev: (chunks, callback) =>
      append(Buffer.concat(chunks.map(({ chunk }) => chunk as Buffer)), callback),
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ExportAbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ExportAbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
