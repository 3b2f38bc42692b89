// One export generation's spool file and its state, shared by the writer that appends to it, the
// followers that tail it and the spool that files, serves and evicts it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { InventoryList } from '../lists/spec';

/** Large reads and writes: fewer thread-pool round trips and socket writes per file. */
export const READ_CHUNK = 256 * 1024;

/** What a generation produces: the row count of its snapshot, that snapshot's version, the bytes. */
export interface GeneratedExport {
  total: number;
  version: number;
  body: Readable;
}

export interface ExportJob {
  list: InventoryList;
  /** Everything that decides the file's bytes except the version (account, filters, sort, columns). */
  identity: string;
  /** The list's version as last read outside any snapshot: finds a file generated at it. */
  version: number;
  /** Opens the snapshot and starts formatting; called once per generation, inside a slot. */
  generate: () => Promise<GeneratedExport>;
}

export type EntryState = 'queued' | 'generating' | 'complete' | 'failed';

/** What a follower reads: a file that may still be growing, its length so far, how it ended. */
export interface SpoolSource {
  readonly state: EntryState;
  readonly bytes: number;
  readonly error: Error | null;
  readonly waiters: Set<() => void>;
}

/** The gzip copy of a completed spool file. */
export interface CompressedCopy {
  state: 'compressing' | 'complete' | 'failed';
  readonly file: string;
  bytes: number;
  readonly abort: AbortController;
  /** The copy's bytes, when held in memory. */
  data: Buffer | null;
}

export class SpoolEntry implements SpoolSource {
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
    readonly list: InventoryList,
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

export function spoolKey(list: InventoryList, identity: string, version: number): string {
  return `${list}\u0000${version}\u0000${identity}`;
}
