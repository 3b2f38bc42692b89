// The BFF contract parts built from shared pieces (sort keys, error origin, counters), pinned: the
// snapshot was taken before they were shared, so a change in what they accept or output fails.
import { describe, expect, it } from 'vitest';
import {
  CICD_SORT_KEYS,
  ErrorBodySchema,
  QueryAdmissionStatsSchema,
  QueryCacheStatsSchema,
  REGISTRY_SORT_KEYS,
  SyncErrorSchema,
} from './bff';

const UPSTREAM = { status: 429, code: 'APIGW.0308', message: 'throttled', request_id: 'up-1' };

describe('BFF contract shapes', () => {
  it('accept and output the same as before they shared their pieces', async () => {
    const outputs = {
      REGISTRY_SORT_KEYS,
      CICD_SORT_KEYS,
      errorBody: ErrorBodySchema.safeParse({
        error: { upstream: UPSTREAM, request_id: 'r-1', field: 'limit', message: 'm', code: 'c' },
      }),
      errorBodyBare: ErrorBodySchema.safeParse({ error: { code: 'c', message: 'm', extra: 1 } }),
      errorBodyBadOrigin: ErrorBodySchema.safeParse({
        error: { code: 'c', message: 'm', request_id: 5, upstream: { status: 'x' } },
      }),
      syncError: SyncErrorSchema.safeParse({
        offset: 40,
        upstream: UPSTREAM,
        request_id: 'r-2',
        code: 'upstream_error',
        message: 'm',
        at: 1,
      }),
      queryCache: QueryCacheStatsSchema.safeParse({
        enabled: true,
        hits: 1,
        misses: 2,
        coalesced: 3,
        evictions: 4,
        entries: 5,
        bytes: 6,
        max_bytes: 7,
      }),
      queryCacheInvalid: QueryCacheStatsSchema.safeParse({
        enabled: true,
        hits: -1,
        misses: 1.5,
        coalesced: '3',
      }),
      queryAdmissionInvalid: QueryAdmissionStatsSchema.safeParse({ running: -2, concurrency: 0 }),
    };
    await expect(`${JSON.stringify(outputs, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/bff-shapes.json',
    );
  });
});
