// Admission control of computations: the queue bound, the wait estimate, cancellation on
// disconnect, background work never shed; and, through the query cache, that hits and
// single-flight waiters bypass it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateEstate } from '../../simulator';

import {
  ConfigError,
  DEFAULT_QUERY_QUEUE_LIMIT,
  DEFAULT_QUERY_QUEUE_MAX_WAIT_MS,
  loadConfig,
} from '../config';

import { mirrorEstate } from '../test-support/sync-harness';

import { HttpError } from '../plugins/error-handler';

import { ComputationCancelledError, ComputeAdmission } from './admission';

import { openInventory, type InventoryDb } from '../store/db';

import { QueryCache } from './query-cache';

import { RegistryImagesListQuerySchema } from '../../shared/contracts';

import { mkdtempSync, rmSync } from 'node:fs';

import { tmpdir } from 'node:os';

import path from 'node:path';
import { REGISTRY_LIST } from '../lists';
import { queryList } from '../lists/list-store';
import { manualClock } from '../test-support/manual-clock';

/** A computation the test finishes by hand. */
function gate<T>(value: T) {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let started = false;
  return {
    compute: async () => {
      started = true;
      await opened;
      return value;
    },
    open: () => open(),
    get started() {
      return started;
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

/** Lets the event loop turn until `condition` holds (a database read takes a few turns). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !condition(); turn += 1)
    await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

function busyError(error: unknown): HttpError {
  expect(error).toBeInstanceOf(HttpError);
  const http = error as HttpError;
  expect(http.status).toBe(429);
  expect(http.code).toBe('server_busy');
  return http;
}

describe('QUERY_QUEUE_LIMIT and QUERY_QUEUE_MAX_WAIT_MS', () => {
  const base = { DASHBOARD_TOKEN: 'admission-test-token-0123456789abcdef' };
  it('default sensibly, and refuse what is not a bound by name', () => {
    const config = loadConfig(base);
    expect(config.queryQueueLimit).toBe(DEFAULT_QUERY_QUEUE_LIMIT);
    expect(config.queryQueueMaxWaitMs).toBe(DEFAULT_QUERY_QUEUE_MAX_WAIT_MS);
    expect(loadConfig({ ...base, QUERY_QUEUE_LIMIT: '4' }).queryQueueLimit).toBe(4);
    expect(() => loadConfig({ ...base, QUERY_QUEUE_LIMIT: '0' })).toThrow(/QUERY_QUEUE_LIMIT/);
    expect(() => loadConfig({ ...base, QUERY_QUEUE_MAX_WAIT_MS: '5s' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, QUERY_QUEUE_MAX_WAIT_MS: '10' })).toThrow(
      /QUERY_QUEUE_MAX_WAIT_MS/,
    );
  });
});

describe('ComputeAdmission', () => {
  it('runs one at a time in arrival order and refuses past the queue bound', async () => {
    const admission = new ComputeAdmission({ maxQueued: 3, maxWaitMs: 60_000 });
    const client = new AbortController().signal;
    const first = gate('first');
    const second = gate('second');
    const third = gate('third');
    const results = [
      admission.run(client, first.compute),
      admission.run(client, second.compute),
      admission.run(client, third.compute),
    ];
    await settle();
    expect(first.started).toBe(true);
    expect(second.started).toBe(false);
    expect(admission.stats()).toMatchObject({ running: 1, queued: 2, admitted: 1 });

    // Three running or waiting: the fourth is told to come back, without running.
    const fourth = gate('fourth');
    const refused = await admission.run(client, fourth.compute).catch((error: unknown) => error);
    const http = busyError(refused);
    expect(http.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(http.message).toMatch(/busy/);
    expect(fourth.started).toBe(false);

    first.open();
    await until(() => second.started);
    expect(third.started).toBe(false);
    second.open();
    third.open();
    await expect(Promise.all(results)).resolves.toEqual(['first', 'second', 'third']);
    expect(admission.stats()).toMatchObject({
      running: 0,
      queued: 0,
      admitted: 3,
      shed: 1,
      cancelled: 0,
    });
  });

  it('estimates the wait from recent computation times and sheds past the bound', async () => {
    const clock = manualClock();
    const admission = new ComputeAdmission({
      maxQueued: 100,
      maxWaitMs: 1_000,
      now: clock.now,
    });
    const client = new AbortController().signal;
    // Teach it that computations take 400 ms.
    for (let i = 0; i < 60; i += 1)
      await admission.run(client, async () => {
        clock.advance(400);
      });
    expect(admission.stats().mean_compute_ms).toBeCloseTo(400, 0);
    expect(admission.estimatedWaitMs()).toBe(0);

    const running = gate(0);
    const waiting = gate(0);
    const admittedRuns = [
      admission.run(client, running.compute),
      admission.run(client, waiting.compute),
    ];
    await settle();
    // Two ahead of a newcomer × 400 ms = 800 ms: still under the 1 s bound.
    expect(admission.estimatedWaitMs()).toBeCloseTo(800, 0);
    const third = gate(0);
    admittedRuns.push(admission.run(client, third.compute));
    await settle();
    // Three ahead: 1.2 s > 1 s, so the next client is refused and told 2 s (rounded up later).
    expect(admission.estimatedWaitMs()).toBeCloseTo(1_200, 0);
    const refused = busyError(
      await admission.run(client, async () => 0).catch((error: unknown) => error),
    );
    expect(refused.retryAfterMs).toBeCloseTo(1_200, 0);
    expect(admission.stats()).toMatchObject({ shed: 1, queued: 2, running: 1 });

    // Background work (no client) is never shed: it waits its turn.
    const background = admission.run(undefined, async () => 'warm');
    expect(admission.stats()).toMatchObject({ shed: 1, queued: 3 });

    running.open();
    waiting.open();
    third.open();
    await expect(background).resolves.toBe('warm');
    await Promise.all(admittedRuns);
  });

  it('estimates each kind of computation by its own recent times', async () => {
    const clock = manualClock();
    const admission = new ComputeAdmission({ maxQueued: 100, maxWaitMs: 3_000, now: clock.now });
    const client = new AbortController().signal;
    for (let i = 0; i < 3; i += 1) {
      await admission.run(client, async () => void clock.advance(20), 'page');
      await admission.run(client, async () => void clock.advance(1_500), 'facets');
    }
    expect(admission.expectedComputeMs('page')).toBe(20);
    expect(admission.expectedComputeMs('facets')).toBe(1_500);
    const held = gate(0);
    const runs = [admission.run(client, held.compute, 'page')];
    // Ten pages wait 0.2 s in all: queued.
    for (let i = 0; i < 10; i += 1) runs.push(admission.run(client, async () => 0, 'page'));
    expect(admission.estimatedWaitMs()).toBeCloseTo(220, 0);
    // Two facets ahead make it 3.2 s: the next one is shed, whatever its kind.
    runs.push(admission.run(client, async () => 0, 'facets'));
    runs.push(admission.run(client, async () => 0, 'facets'));
    busyError(await admission.run(client, async () => 0, 'page').catch((e: unknown) => e));
    held.open();
    await Promise.all(runs);
  });

  it('drops a waiting computation whose client disconnects, freeing its slot', async () => {
    const admission = new ComputeAdmission({ maxQueued: 2, maxWaitMs: 60_000 });
    const running = gate('running');
    const leaving = new AbortController();
    const first = admission.run(new AbortController().signal, running.compute);
    let computedForLeaver = false;
    const second = admission.run(leaving.signal, async () => {
      computedForLeaver = true;
      return 'never';
    });
    await settle();
    // The queue is full now.
    busyError(
      await admission.run(new AbortController().signal, async () => 0).catch((e: unknown) => e),
    );

    leaving.abort();
    await expect(second).rejects.toBeInstanceOf(ComputationCancelledError);
    expect(admission.stats()).toMatchObject({ queued: 0, running: 1, cancelled: 1 });
    // Its slot is free: a new client is queued, not refused.
    const third = admission.run(new AbortController().signal, async () => 'third');
    running.open();
    await expect(first).resolves.toBe('running');
    await expect(third).resolves.toBe('third');
    expect(computedForLeaver).toBe(false);

    // A client already gone is not even queued.
    const gone = new AbortController();
    gone.abort();
    await expect(admission.run(gone.signal, async () => 0)).rejects.toBeInstanceOf(
      ComputationCancelledError,
    );
  });

  it('frees the slot when a computation fails', async () => {
    const admission = new ComputeAdmission({ maxQueued: 1, maxWaitMs: 60_000 });
    const client = new AbortController().signal;
    await expect(
      admission.run(client, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(admission.run(client, async () => 'next')).resolves.toBe('next');
  });
});

describe('admission through the query cache', () => {
  // The client's signal travels as a parameter: list store → query cache → admission.
  let db: InventoryDb;
  let dataDir: string;
  const NOW = Date.UTC(2025, 0, 15);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-admission-'));
    db = await openInventory({ dataDir });
    const estate = generateEstate({ seed: 5, registryImages: 120, cicdImages: 10, now: NOW });
    await mirrorEstate(db, 'a', estate, NOW);
  }, 60_000);

  afterAll(async () => {
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = (offset: number) =>
    RegistryImagesListQuerySchema.parse({ offset: String(offset), limit: '10' });

  /** A query cache behind its own admission; `read` asks for the page at `offset` for a client. */
  function cachedReads(maxQueued: number) {
    const admission = new ComputeAdmission({ maxQueued, maxWaitMs: 60_000 });
    const cache = new QueryCache({ maxBytes: 16 * 1024 * 1024, admission });
    const read = (offset: number, client?: AbortSignal) =>
      queryList(REGISTRY_LIST, db, 'a', page(offset), { now: NOW, cache, signal: client });
    return { admission, cache, read };
  }

  /** Holds one admission slot with a background computation until `release`. */
  async function holdSlot(admission: ComputeAdmission) {
    const held = gate(undefined);
    const holding = admission.run(undefined, held.compute);
    await settle();
    return async () => {
      held.open();
      await holding;
    };
  }

  it('answers hits and single-flight waiters while computations are refused', async () => {
    const { admission, cache, read } = cachedReads(1);
    const ask = (offset: number) => read(offset, new AbortController().signal);

    const cached = await ask(0);
    expect(admission.stats().admitted).toBe(1);

    // Hold the only slot with a background computation, so every new computation is refused.
    const release = await holdSlot(admission);

    // A hit does not queue.
    await expect(ask(0)).resolves.toEqual(cached);
    // A new query is refused at once.
    busyError(await ask(10).catch((error: unknown) => error));
    expect(admission.stats()).toMatchObject({ shed: 1, admitted: 2 });

    await release();
    // Two identical requests: one computation, the other waits for it (not admitted twice).
    const [a, b] = await Promise.all([ask(20), ask(20)]);
    expect(a).toEqual(b);
    expect(admission.stats().admitted).toBe(3);
    expect(cache.stats().coalesced).toBeGreaterThanOrEqual(1);
  });

  it('takes the client signal as a read parameter: a client already gone is not computed', async () => {
    const { admission, read } = cachedReads(5);
    const gone = new AbortController();
    gone.abort();
    await expect(read(50, gone.signal)).rejects.toBeInstanceOf(ComputationCancelledError);
    // Without a signal (background work) the same read is computed.
    const background = await read(50);
    expect(background.data_list).toHaveLength(10);
    // The cache refused the gone client before queueing it: only the background read ran.
    expect(admission.stats().admitted).toBe(1);
  });

  it('keeps a queued computation while one of the clients sharing it is still there', async () => {
    const { admission, cache, read } = cachedReads(5);
    const release = await holdSlot(admission);

    const leaver = new AbortController();
    const stayer = new AbortController();
    const left = read(30, leaver.signal);
    await until(() => admission.stats().queued === 1);
    const stayed = read(30, stayer.signal);
    await until(() => cache.stats().coalesced === 1);
    leaver.abort();
    await release();
    // The computation ran for the client that stayed (both share its answer).
    const answer = await stayed;
    expect(answer.data_list).toHaveLength(10);
    await expect(left).resolves.toEqual(answer);
    expect(admission.stats().cancelled).toBe(0);

    // Once every client sharing it has gone, it is never computed.
    const releaseAgain = await holdSlot(admission);
    const onlyClient = new AbortController();
    const dropped = read(40, onlyClient.signal);
    await until(() => admission.stats().queued === 1);
    onlyClient.abort();
    await expect(dropped).rejects.toBeInstanceOf(ComputationCancelledError);
    await releaseAgain();
    expect(admission.stats().cancelled).toBe(1);
  });
});
