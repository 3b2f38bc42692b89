// GET /api/sync: the engine's status, plus whatever the app composes in beside it (the query
// cache's counters) through an explicit `statusExtras` provider, not a wrapper of the engine.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { SyncResponseSchema, type SyncResponse } from '../../shared/contracts';
import { QueryCache } from '../serving/query-cache';
import { ComputeAdmission } from '../serving/admission';
import { queryCacheStatusExtras, registerSyncRoutes } from './sync';
import type { SyncService } from './types';
import { actAs } from '../test-support/principal';

const ENGINE_STATUS: SyncResponse = { now: 1_700_000_000_000, accounts: [] };

function fixedSyncService(): SyncService {
  return {
    getSyncStatus: () => Promise.resolve(ENGINE_STATUS),
    refreshNow: () => true,
    isReady: () => true,
    syncedAt: () => null,
  };
}

async function getSyncStatus(
  statusExtras?: Parameters<typeof registerSyncRoutes>[1]['statusExtras'],
): Promise<SyncResponse> {
  const app = Fastify({ logger: false });
  actAs(app);
  registerSyncRoutes(app, {
    accounts: [],
    sync: fixedSyncService(),
    ...(statusExtras ? { statusExtras } : {}),
  });
  const response = await app.inject({ method: 'GET', url: '/api/sync' });
  await app.close();
  expect(response.statusCode).toBe(200);
  return SyncResponseSchema.parse(response.json());
}

describe('GET /api/sync', () => {
  it("answers the engine's status alone when nothing is composed beside it", async () => {
    expect(await getSyncStatus()).toEqual(ENGINE_STATUS);
  });

  it("adds the query cache's and its admission control's counters", async () => {
    const admission = new ComputeAdmission({ maxQueued: 7, maxWaitMs: 1_000, concurrency: 3 });
    const cache = new QueryCache({ maxBytes: 1024 * 1024, admission });
    const status = await getSyncStatus(() => queryCacheStatusExtras(cache));
    expect(status.now).toBe(ENGINE_STATUS.now);
    expect(status.query_cache).toEqual(cache.stats());
    expect(status.query_admission).toMatchObject({ max_queued: 7, concurrency: 3, running: 0 });
  });

  it('leaves query_admission out for a cache without admission control', async () => {
    const cache = new QueryCache({ maxBytes: 1024 * 1024 });
    const status = await getSyncStatus(() => queryCacheStatusExtras(cache));
    expect(status.query_cache?.enabled).toBe(true);
    expect('query_admission' in status).toBe(false);
  });
});
