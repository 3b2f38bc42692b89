// Set-ups a test file (or a describe block) starts before its tests and stops after them, handing
// what they started to the tests through a callback (as useFakeUpstream and useHarness do).
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { generateEstate, type GenerateEstateOptions } from '../../simulator';
import { openInventory, type InventoryDb } from '../store/db';
import {
  mirrorEstate,
  startHarness,
  startTestBff,
  type Harness,
  type TestBff,
} from './sync-harness';
import { waitFor } from './wait-for';

/**
 * Call at the top of a test file or describe block: opens an empty in-memory inventory before its
 * tests (with `each`, before each test, so that every test starts empty), hands it to `opened` and
 * closes it after them (or after each).
 */
export function useMemoryInventory(
  opened: (db: InventoryDb) => void,
  { each = false }: { each?: boolean } = {},
): void {
  let db: InventoryDb | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    db = await openInventory(':memory:');
    opened(db);
  });
  (each ? afterEach : afterAll)(async () => {
    await db?.destroy();
  });
}

/**
 * Call at a test file's top level: before its tests, opens an in-memory inventory holding account
 * 'a''s mirror of the estate `options` generate (seen at `options.now`) and hands it to `opened`;
 * closes it after the last test.
 */
export function useMirroredEstate(
  options: GenerateEstateOptions & { now: number },
  opened: (db: InventoryDb) => void,
): void {
  let db: InventoryDb | undefined;
  beforeAll(async () => {
    db = await openInventory(':memory:');
    await mirrorEstate(db, 'a', generateEstate(options), options.now);
    opened(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });
}

/**
 * Call at the top of a test file or describe block: starts a simulator harness with `options`
 * before its tests (handing it to `started`) and closes the simulator after the last.
 */
export function useSyncHarness(
  options: Parameters<typeof startHarness>[0],
  started: (harness: Harness) => void,
): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
    started(harness);
  });
  afterAll(async () => {
    await harness?.sim.close();
  });
}

/**
 * Call at the top of a test file or describe block: starts a BFF beside its simulator before its
 * tests (`startTestBff`'s estate, environment and options), with `firstSync` starts its sync and
 * waits until the inventory is ready, runs `prepare` (which may prepare more through the handle)
 * and closes both after the last test. `timeoutMs` bounds the whole set-up (the hook's time-out).
 * Returns a handle to the BFF, usable from the first test (or in `prepare`) on.
 */
export function useTestBff(
  harnessOptions: Parameters<typeof startTestBff>[0],
  env: NodeJS.ProcessEnv,
  {
    firstSync = false,
    timeoutMs = 60_000,
    prepare,
    ...options
  }: Parameters<typeof startTestBff>[2] & {
    firstSync?: boolean;
    timeoutMs?: number;
    prepare?: () => unknown;
  } = {},
): TestBff {
  let bff: TestBff | undefined;
  const started = (): TestBff => {
    if (bff === undefined) throw new Error('the BFF is used before its set-up has run');
    return bff;
  };
  beforeAll(async () => {
    bff = await startTestBff(harnessOptions, env, options);
    if (firstSync) {
      const { sync } = bff.server;
      sync.start();
      // A deadline before the hook's own, so that the failure names what did not happen.
      await waitFor('the first sync', () => sync.isReady(), timeoutMs - 5_000, 50);
    }
    await prepare?.();
  }, timeoutMs);
  afterAll(async () => {
    await bff?.close();
  });
  return {
    get harness() {
      return started().harness;
    },
    get server() {
      return started().server;
    },
    get db() {
      return started().db;
    },
    get url() {
      return started().url;
    },
    close: () => started().close(),
  };
}
