// Detail calls that wait for the call budget answer 202 with a QueuedResponse instead of the data
// (contracts bff.ts). A fetcher turns either answer into one result the panel can show, and the
// query asks again after `retry_after_ms` until the data is there.
import { z } from 'zod';
import { QueuedResponseSchema, type QueuedResponse } from '../../../shared/contracts';

export type Queueable<T> =
  { state: 'queued'; queued: QueuedResponse } | { state: 'ready'; data: T };

/**
 * A schema accepting the queued body or the data. The queued body is tried first: the tolerant
 * data schemas would otherwise read it as an empty answer.
 */
export function queueableSchema<T>(data: z.ZodType<T>): z.ZodType<Queueable<T>> {
  return z.union([
    QueuedResponseSchema.transform((queued) => ({ state: 'queued' as const, queued })),
    data.transform((value) => ({ state: 'ready' as const, data: value })),
  ]);
}

/** Shortest wait between asks, so a 0 from the server does not become a busy loop. */
const MIN_RETRY_MS = 500;

/** For TanStack Query's `refetchInterval`: ask again when queued, never once the data is in. */
export function refetchWhileQueued<T>(result: Queueable<T> | undefined): number | false {
  if (result?.state !== 'queued') return false;
  return Math.max(MIN_RETRY_MS, result.queued.retry_after_ms);
}
