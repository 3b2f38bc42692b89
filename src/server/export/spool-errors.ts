// What a request for an export may be refused with, before any byte is sent.

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

/** `promise`, or ExportAbortedError once `signal` fires. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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
