// Downloads one CSV export from the BFF into a sink, checking that the file is whole before the
// sink keeps it: the BFF sends X-Total-Count before the first row and destroys the socket if
// anything fails mid-stream, so a file is kept only when the stream ended cleanly AND its data
// rows equal X-Total-Count. Framework-free (fetch + streams), so Node tests run it as-is.
import { EXPORT_HEADERS, ErrorBodySchema } from '../../../shared/contracts';
import { CsvRecordCounter } from '../csv-record-counter';

/** Where the bytes go. Nothing may become visible to the user before `commit`. */
export interface ExportSink {
  write(chunk: Uint8Array): Promise<void>;
  /** The file is whole: keep it (`fileName` is the server's suggestion). */
  commit(fileName: string): Promise<void>;
  /** The file is not whole (or cancelled): throw away what was written. */
  discard(): Promise<void>;
}

export interface ExportProgress {
  rows: number;
  total: number;
  bytes: number;
}

export type ExportFailureKind = 'rejected' | 'network' | 'incomplete' | 'cancelled' | 'sink';

/** What a failure's message says, as data, so that the page can say it in the user's language. */
export interface ExportFailureFacts {
  /** Data rows received before the failure, and the rows the server announced. */
  rows?: number;
  total?: number;
  /** The server's or the file system's own words. */
  detail?: string;
}

export class ExportFailure extends Error {
  readonly kind: ExportFailureKind;
  readonly facts: ExportFailureFacts;
  constructor(kind: ExportFailureKind, message: string, facts: ExportFailureFacts = {}) {
    super(message);
    this.name = 'ExportFailure';
    this.kind = kind;
    this.facts = facts;
  }
}

export interface ExportResult {
  rows: number;
  bytes: number;
  fileName: string;
}

const FILE_NAME = /filename="([^"]+)"/;

function rowsText(rows: number): string {
  return `${rows.toLocaleString('en')} row${rows === 1 ? '' : 's'}`;
}

async function rejection(response: Response): Promise<ExportFailure> {
  try {
    const parsed = ErrorBodySchema.safeParse(await response.json());
    if (parsed.success) {
      const detail = parsed.data.error.message;
      return new ExportFailure('rejected', `The server refused the export: ${detail}`, { detail });
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  const detail = `${response.status} ${response.statusText}`.trim();
  return new ExportFailure('rejected', `The server refused the export (${detail})`, { detail });
}

/** Seconds to wait from a 429's Retry-After (seconds or an HTTP date), within 1 s to 2 min. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  const seconds = Number(header);
  const wait = Number.isFinite(seconds) ? seconds : (Date.parse(header ?? '') - now) / 1000;
  return Number.isFinite(wait) ? Math.min(120, Math.max(1, Math.ceil(wait))) : 5;
}

/** Resolves after `seconds`, or rejects as soon as `signal` aborts. */
function waitOrAbort(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How many times a busy server (429) is asked again before the export gives up. */
const MAX_BUSY_RETRIES = 30;

export async function runExport(options: {
  url: string;
  sink: ExportSink;
  signal: AbortSignal;
  onStart?: (total: number) => void;
  onProgress?: (progress: ExportProgress) => void;
  /** The server is busy exporting (429): the export asks again in `retryInSeconds` by itself. */
  onBusy?: (retryInSeconds: number) => void;
  fetchImpl?: typeof fetch;
}): Promise<ExportResult> {
  const { sink, signal } = options;
  const fail = async (failure: ExportFailure): Promise<never> => {
    await sink.discard().catch(() => undefined);
    throw failure;
  };
  const cancelled = () => new ExportFailure('cancelled', 'Export cancelled: nothing was saved.');

  let response: Response;
  for (let attempt = 0; ; attempt += 1) {
    try {
      response = await (options.fetchImpl ?? fetch)(options.url, {
        credentials: 'same-origin',
        headers: { Accept: 'text/csv' },
        signal,
      });
    } catch {
      return fail(
        signal.aborted
          ? cancelled()
          : new ExportFailure('network', 'The dashboard server could not be reached.'),
      );
    }
    // Busy exporting for others: wait as told and ask again, rather than fail the user.
    if (response.status !== 429 || attempt >= MAX_BUSY_RETRIES) break;
    const seconds = retryAfterSeconds(response.headers.get('retry-after'));
    await response.body?.cancel().catch(() => undefined);
    options.onBusy?.(seconds);
    try {
      await waitOrAbort(seconds, signal);
    } catch {
      return fail(cancelled());
    }
  }
  if (!response.ok) return fail(await rejection(response));
  const total = Number(response.headers.get(EXPORT_HEADERS.totalCount));
  if (!response.body || !Number.isSafeInteger(total) || total < 0) {
    return fail(new ExportFailure('rejected', 'The server sent no row count: export refused.'));
  }
  const fileName =
    FILE_NAME.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'imagewatch.csv';
  options.onStart?.(total);

  const counter = new CsvRecordCounter();
  const reader = response.body.getReader();
  for (;;) {
    // Named through the reader: the DOM's name for this type is not global under Node's types.
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      // A destroyed socket (the BFF's signal for a failed stream) or our own abort.
      return fail(
        signal.aborted
          ? cancelled()
          : new ExportFailure(
              'network',
              `The download broke off after ${rowsText(counter.dataRows)} of ${rowsText(total)}: nothing was saved. Try again.`,
              { rows: counter.dataRows, total },
            ),
      );
    }
    if (chunk.done) break;
    counter.push(chunk.value);
    try {
      await sink.write(chunk.value);
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      const detail = error instanceof Error ? error.message : String(error);
      return fail(
        new ExportFailure('sink', `The file could not be written: ${detail}`, { detail }),
      );
    }
    options.onProgress?.({ rows: counter.dataRows, total, bytes: counter.bytes });
  }
  if (signal.aborted) return fail(cancelled());
  if (counter.dataRows !== total) {
    return fail(
      new ExportFailure(
        'incomplete',
        `The file holds ${rowsText(counter.dataRows)} but the server announced ${rowsText(total)}: it was not saved. Try again.`,
        { rows: counter.dataRows, total },
      ),
    );
  }
  await sink.commit(fileName);
  return { rows: counter.dataRows, bytes: counter.bytes, fileName };
}
