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
// This file queues, serves and evicts; a file's state is in spool-entry.ts, its writer and
// followers in spool-file-stream.ts, the gzip copies in gzip-copies.ts.
import { closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { InventoryList } from '../lists/spec';
import { GzipCopies } from './gzip-copies';
import { SpoolEntry, spoolKey, type ExportJob, type SpoolSource } from './spool-entry';
import { SpoolFollower, spoolWriter } from './spool-file-stream';
import { abortable, ExportAbortedError, ExportBusyError } from './spool-errors';

export type { ExportJob, GeneratedExport } from './spool-entry';
export { ExportAbortedError, ExportBusyError } from './spool-errors';

const DEFAULT_QUEUE_LIMIT = 100;
const DEFAULT_MAX_WAIT_MS = 20_000;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const DEFAULT_COMPRESS_INLINE_MAX_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
/** Until a generation has been timed, assume this long for the wait estimate. */
const INITIAL_GENERATION_MS = 2_000;
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

export class ExportSpool {
  /** Generations started since creation (tests count shared generations with it). */
  generations = 0;
  private readonly entries = new Map<string, SpoolEntry>();
  private readonly queue: SpoolEntry[] = [];
  private running = 0;
  /** Smoothed duration of a generation, for the wait estimate. */
  private generationMs = INITIAL_GENERATION_MS;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  private readonly options: Required<ExportSpoolOptions>;
  private readonly gzip: GzipCopies;

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
    this.gzip = new GzipCopies(this.options, {
      isClosed: () => this.closed,
      evict: () => this.evict(),
    });
    this.sweeper = setInterval(() => this.evict(), Math.min(60_000, this.options.maxAgeMs));
    this.sweeper.unref();
  }

  /** Gzip copies started since creation. */
  get compressions(): number {
    return this.gzip.compressions;
  }
  /** Bytes of gzip copies held in memory. */
  get memoryBytes(): number {
    return this.gzip.memoryBytes;
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
    if (current.state === 'complete') this.gzip.compressIfPopular(current);
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
      this.gzip.compressIfPopular(entry);
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

  /** Completed files of `list` at an older version than `version` can never be served again. */
  private evictOlderThan(list: InventoryList, version: number): void {
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
