// The gzip copies of popular completed spool files: small ones compressed at once and held in
// memory within a byte budget, large ones streamed into a file beside the plain one.
import { createReadStream, createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { READ_CHUNK, type CompressedCopy, type SpoolEntry } from './spool-entry';

/** Fast, and most of the gain on CSV: higher levels cost several times the CPU for ~20% less. */
const GZIP_LEVEL = 1;
/** A completed file gets its gzip copy once it has been asked for this many times. */
const COMPRESS_AFTER_REQUESTS = 2;

export class GzipCopies {
  /** Gzip copies started since creation. */
  compressions = 0;
  /** Bytes of gzip copies held in memory. */
  memoryBytes = 0;

  constructor(
    private readonly options: { memoryBytes: number; compressInlineMaxBytes: number },
    private readonly hooks: {
      /** The spool is closed: no copy is started. */
      isClosed: () => boolean;
      /** A copy into a file completed: the spool's disk bytes grew. */
      evict: () => void;
    },
  ) {}

  /**
   * Starts the gzip copy of a completed file that has been asked for again. Followers already
   * streaming the plain file go on; requests after the copy is complete get it. A failed copy
   * is not retried (the plain file still serves everyone).
   */
  compressIfPopular(entry: SpoolEntry): void {
    if (
      entry.requests < COMPRESS_AFTER_REQUESTS ||
      entry.compressed !== null ||
      this.hooks.isClosed()
    )
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
        this.hooks.evict();
      },
      () => this.copyFailed(copy),
    );
  }

  private copyFailed(copy: CompressedCopy): void {
    copy.state = 'failed';
    rmSync(copy.file, { force: true });
  }
}
