// The sync engine under every fault the simulator injects, each against an inventory already
// mirrored, with the engine running on its own timer (short timings, same code): it backs off
// instead of looping, keeps the inventory exactly as it was, reports the error on /api/sync
// (message, upstream code, request id where the upstream sent one), shows the circuit breaker
// when the upstream itself fails, and recovers by itself on a later tick once the fault is gone.
// Each fault gets its own small simulator, so the cases run side by side.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultKind } from '../../simulator';
import {
  SyncResponseSchema,
  type CicdImage,
  type ErrorCode,
  type ListSyncStatus,
  type RegistryImage,
  type SyncResponse,
} from '../../shared/contracts';
import { createClients } from '../clients';
import { syncAccountsOf } from '../compose';
import { demoAccounts } from '../config';
import { openInventory, type InventoryDb } from '../store/db';
import { registerErrorHandler } from '../plugins/error-handler';
import { registerSyncRoutes } from '../routes/sync';
import type { CrawlErrorCode } from './crawl-errors';
import { retryDelayMs, SyncEngine } from './sync-engine';
import {
  callsOf,
  mirroredCicdImages,
  mirroredRegistryImages,
  silentLogger,
  startHarness,
  upstreamCicdImages,
  upstreamRegistryImages,
  type Harness,
} from '../test-support/sync-harness';
import type { SyncAccount } from './types';
import { actAs } from '../test-support/principal';

const TIMING = {
  /** The engine's regular cycle; also the cap of its backoff. */
  intervalMs: 1_500,
  firstRetryMs: 100,
  clientTimeoutMs: 600,
  clientRetries: 1,
  breakerThreshold: 3,
  breakerCoolDownMs: 1_000,
  simSlowMs: 200,
  /** How long the fault is watched before it is cleared. */
  observeMs: 2_000,
} as const;

const LIST_APIS = ['hss.ListRegistryImages', 'hss.ListCicdImages'] as const;

interface Expectation {
  /** The engine's error code; a fault the breaker counts may also show `upstream_unavailable`. */
  code: ErrorCode | CrawlErrorCode | null;
  upstreamCode?: string;
  /** The upstream answered with a request id (every fault but a hung request). */
  requestId: boolean;
  /** The fault is a failure of the upstream itself, so the circuit breaker opens. */
  breaker: boolean;
}

// A Record over FAULT_KINDS: a new simulator fault fails type checking until it is covered here.
const EXPECTED: Record<FaultKind, Expectation> = {
  slow: { code: null, requestId: true, breaker: false }, // within the client's timeout: no error
  timeout: { code: 'upstream_timeout', requestId: false, breaker: true },
  '429': { code: 'throttled', upstreamCode: 'APIG.0308', requestId: true, breaker: false },
  '429-bare': { code: 'throttled', upstreamCode: 'APIG.0308', requestId: true, breaker: false },
  '500': { code: 'upstream_error', upstreamCode: 'HSS.0041', requestId: true, breaker: true },
  '503': { code: 'upstream_error', upstreamCode: 'APIG.0203', requestId: true, breaker: true },
  malformed: { code: 'upstream_error', requestId: true, breaker: true },
  truncated: { code: 'upstream_error', requestId: true, breaker: true },
  'content-type': { code: 'upstream_error', requestId: true, breaker: true },
  oversize: { code: 'upstream_error', requestId: true, breaker: true },
  auth: { code: 'upstream_error', upstreamCode: 'APIG.0301', requestId: true, breaker: false },
  // A page without a usable total: the cycle stops there, changes nothing, and says where.
  'no-total': { code: 'unreadable_page', requestId: true, breaker: false },
  'bad-total': { code: 'unreadable_page', requestId: true, breaker: false },
  'empty-object': { code: 'unreadable_page', requestId: true, breaker: false },
  // One bad association member: dropped on its own and counted; the cycle completes.
  'bad-member': { code: null, requestId: true, breaker: false },
};

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The most engine attempts that fit in `windowMs` when each retry waits as the engine's backoff
 * says (a tight loop would make hundreds).
 */
function attemptsWithin(windowMs: number): number {
  let attempts = 1;
  let elapsed = 0;
  for (let failures = 1; ; failures += 1) {
    elapsed += retryDelayMs(failures, TIMING.intervalMs, undefined, TIMING.firstRetryMs);
    if (elapsed > windowMs) return attempts;
    attempts += 1;
  }
}

interface Rig {
  harness: Harness;
  db: InventoryDb;
  engine: SyncEngine;
  accountId: string;
  syncStatus(): Promise<SyncResponse>;
  close(): Promise<void>;
}

async function startRig(
  seed: number,
  wrap: (account: SyncAccount) => SyncAccount = (account) => account,
): Promise<Rig> {
  const harness = await startHarness({
    seed,
    registryImages: 260,
    cicdImages: 60,
    faultTimings: { slowMs: TIMING.simSlowMs, timeoutMs: 30_000 },
  });
  const instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
  const accounts = demoAccounts(harness.keys, harness.sim.url, instanceId);
  const clients = createClients({
    accounts,
    hssCallBudget: '100000/min',
    logger: silentLogger,
    timeoutMs: TIMING.clientTimeoutMs,
    maxRetries: TIMING.clientRetries,
    circuitBreaker: {
      failureThreshold: TIMING.breakerThreshold,
      coolDownMs: TIMING.breakerCoolDownMs,
    },
  });
  const [configured] = syncAccountsOf({ accounts }, clients);
  if (!configured) throw new Error('no Huawei demo account');
  const account = wrap(configured);
  const db = await openInventory(':memory:');
  const engine = new SyncEngine({
    db,
    accounts: [account],
    budgets: clients.budgets,
    breakers: clients.breakers,
    intervalMs: TIMING.intervalMs,
    firstRetryMs: TIMING.firstRetryMs,
    logger: silentLogger,
  });
  await engine.init();
  // /api/sync as the BFF serves it (auth aside, which the hardening tests cover).
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  actAs(app);
  registerSyncRoutes(app, { accounts, sync: engine });
  await app.ready();
  return {
    harness,
    db,
    engine,
    accountId: account.id,
    async syncStatus() {
      const response = await app.inject({ method: 'GET', url: '/api/sync' });
      expect(response.statusCode).toBe(200);
      return SyncResponseSchema.parse(response.json());
    },
    async close() {
      await engine.stop();
      await app.close();
      await harness.sim.close();
      await db.destroy();
    },
  };
}

function listsOf(status: SyncResponse): ListSyncStatus[] {
  return status.accounts[0]?.lists ?? [];
}

function listCalls(harness: Harness): number {
  return LIST_APIS.reduce((sum, api) => sum + callsOf(harness, api), 0);
}

async function mirrorOf(rig: Rig): Promise<{ registry: RegistryImage[]; cicd: CicdImage[] }> {
  return {
    registry: await mirroredRegistryImages(rig.db, rig.accountId),
    cicd: await mirroredCicdImages(rig.db, rig.accountId),
  };
}

describe('sync engine under upstream faults', () => {
  it('covers every fault kind the simulator injects', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it.concurrent.each(FAULT_KINDS.map((kind, index) => [kind, index] as const))(
    '%s',
    async (kind, index) => {
      const expected = EXPECTED[kind];
      const rig = await startRig(100 + index);
      const { harness, engine, accountId } = rig;
      try {
        // The first mirror, retried when a busy machine makes a page miss the 600 ms timeout.
        for (const list of ['registry', 'cicd'] as const) {
          for (let attempt = 0; attempt < 5; attempt += 1) {
            await engine.runNow(accountId, list, 'crawl');
            if (engine.record(accountId, list)?.lastFullSync !== null) break;
          }
        }
        const mirrored = await mirrorOf(rig);
        expect(mirrored.registry.length).toBe(260);

        // Changes waiting upstream: the first successful cycle after the fault must bring them.
        harness.sim.control.rescanImages(4);
        harness.sim.control.addImages(3);
        harness.sim.control.setFaults(`${kind}:1`);
        const callsBefore = listCalls(harness);
        const faultAt = Date.now();
        engine.start();
        engine.refreshNow(accountId, 'registry');
        engine.refreshNow(accountId, 'cicd');

        if (expected.code === null) {
          // A slow answer within the timeout is no error: the cycle simply takes longer.
          await waitFor('a slow cycle to complete', async () =>
            listsOf(await rig.syncStatus()).every(
              (list) => (list.last_incremental_sync ?? 0) >= faultAt && list.state === 'idle',
            ),
          );
          harness.sim.control.setFaults('');
          expect(await mirrorOf(rig)).toEqual({
            registry: await upstreamRegistryImages(harness.oracle),
            cicd: await upstreamCicdImages(harness.oracle),
          });
          if (kind === 'bad-member') {
            const registry = listsOf(await rig.syncStatus()).find((l) => l.list === 'registry');
            expect(registry?.warnings?.skipped_members).toBeGreaterThan(0);
            expect(registry?.warnings?.request_id).toMatch(/^[0-9a-f-]{36}$/);
          }
          return;
        }

        await waitFor('both lists to report the error', async () =>
          listsOf(await rig.syncStatus()).every(
            (list) => list.state === 'error' && list.last_error !== null,
          ),
        );
        if (expected.breaker) {
          await waitFor('the circuit breakers to open', async () => {
            const breakers = (await rig.syncStatus()).accounts[0]?.breakers ?? {};
            return LIST_APIS.every((api) => breakers[api] && breakers[api].state !== 'closed');
          });
        }
        const left = faultAt + TIMING.observeMs - Date.now();
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
        const observedMs = Date.now() - faultAt;
        const status = await rig.syncStatus();
        const calls = listCalls(harness) - callsBefore;

        // Backoff, not a tight loop: per list at most the engine's backoff schedule of attempts,
        // each with the client's own retries (the breaker and Retry-After only lower this).
        const bound = LIST_APIS.length * (TIMING.clientRetries + 1) * attemptsWithin(observedMs);
        expect(calls).toBeGreaterThan(0);
        expect(calls).toBeLessThanOrEqual(bound);

        // Nothing lost, nothing partly overwritten: the inventory is exactly as it was.
        expect(await mirrorOf(rig)).toEqual(mirrored);

        // Reported on /api/sync: message, codes, request id, and when the next try is.
        for (const list of listsOf(status)) {
          const error = list.last_error;
          expect(error?.message).toMatch(/\w/);
          const codes: Array<string | null> = [expected.code];
          if (expected.breaker) codes.push('upstream_unavailable');
          expect(codes).toContain(error?.code);
          if (expected.upstreamCode) expect(error?.upstream?.code).toBe(expected.upstreamCode);
          if (expected.requestId) expect(error?.request_id).toMatch(/^[0-9a-f-]{36}$/);
          else expect(error?.request_id).toBeUndefined();
          expect(list.rows).toBe(list.list === 'registry' ? 260 : mirrored.cicd.length);
          // A next try is scheduled; on a loaded machine its timer may be a moment overdue.
          if (!list.running) expect(list.next_run).toBeGreaterThan(status.now - 5_000);
        }
        const breakers = status.accounts[0]?.breakers ?? {};
        for (const api of LIST_APIS) {
          if (expected.breaker) {
            // Open, or half-open while its trial call runs: either way it stopped the hammering.
            expect(breakers[api]?.consecutive_failures).toBeGreaterThanOrEqual(
              TIMING.breakerThreshold,
            );
            expect(breakers[api]?.opened_at).toEqual(expect.any(Number));
          } else {
            expect(breakers[api]?.state).toBe('closed');
          }
        }

        // Cleared: the engine's own next tick (no manual refresh) brings the waiting changes.
        harness.sim.control.setFaults('');
        const clearedAt = Date.now();
        await waitFor('the engine to recover by itself', async () =>
          listsOf(await rig.syncStatus()).every(
            (list) =>
              list.state === 'idle' &&
              list.last_error === null &&
              (list.last_incremental_sync ?? 0) >= clearedAt,
          ),
        );
        expect(await mirrorOf(rig)).toEqual({
          registry: await upstreamRegistryImages(harness.oracle),
          cicd: await upstreamCicdImages(harness.oracle),
        });
        const recovered = (await rig.syncStatus()).accounts[0]?.breakers ?? {};
        for (const api of LIST_APIS) expect(recovered[api]?.state).toBe('closed');
      } finally {
        harness.sim.control.setFaults('');
        await rig.close();
      }
    },
    30_000,
  );

  it('a sweep broken off by a fault keeps every row, and resumes once the fault is gone', async () => {
    let pages = 0;
    let failFromPage = Number.POSITIVE_INFINITY;
    const rigRef: { rig?: Rig } = {};
    const rig = await startRig(99, (account) => ({
      ...account,
      client: {
        listRegistryImages(query, options) {
          pages += 1;
          if (pages >= failFromPage) rigRef.rig?.harness.sim.control.setFaults('truncated:1');
          return account.client.listRegistryImages(query, options);
        },
        listCicdImages: (query, options) => account.client.listCicdImages(query, options),
      },
    }));
    rigRef.rig = rig;
    const { engine, accountId, harness } = rig;
    try {
      await engine.runNow(accountId, 'registry', 'crawl');
      const mirrored = await mirrorOf(rig);
      // Images removed upstream: a sweep that completed would delete them; a broken one must not.
      harness.sim.control.removeImages(5);
      failFromPage = pages + 2;
      await engine.runNow(accountId, 'registry', 'crawl');
      const failed = engine.record(accountId, 'registry');
      expect(failed?.state).toBe('error');
      expect(failed?.crawlOffset).toBe(200);
      expect(await mirrorOf(rig)).toEqual(mirrored);

      failFromPage = Number.POSITIVE_INFINITY;
      harness.sim.control.setFaults('');
      await engine.runNow(accountId, 'registry', 'crawl');
      expect(engine.record(accountId, 'registry')?.state).toBe('idle');
      // A removal needs two complete crawls in a row that miss the image (full-crawl.ts).
      await engine.runNow(accountId, 'registry', 'crawl');
      expect((await mirrorOf(rig)).registry).toEqual(await upstreamRegistryImages(harness.oracle));
    } finally {
      harness.sim.control.setFaults('');
      await rig.close();
    }
  });
});
