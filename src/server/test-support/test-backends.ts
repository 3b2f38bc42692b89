// Tests only: the inventory backends a test file runs against. SQLite always; PostgreSQL when
// TEST_DATABASE_URL is set or a throwaway cluster can be started (the binaries are installed).
// Without the binaries the PostgreSQL cases are skipped with the reason printed, never silently.
import { afterAll } from 'vitest';
import { openInventory, type InventoryDb } from '../store/db';
import { postgresUnavailableReason, startTestPostgres, type TestPostgres } from './test-postgres';

export interface InventoryBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty, migrated inventory; the caller destroys it. */
  open(): Promise<InventoryDb>;
}

let cluster: Promise<TestPostgres | undefined> | undefined;

/** The shared throwaway cluster of this test file (started on first use, stopped after it). */
export function testPostgres(): Promise<TestPostgres | undefined> {
  if (cluster === undefined) {
    cluster = startTestPostgres();
    afterAll(async () => {
      await (await cluster)?.close();
      cluster = undefined;
    });
  }
  return cluster;
}

/** Call at a test file's top level, and `describe.each` over the result. */
export function inventoryBackends(): InventoryBackend[] {
  const backends: InventoryBackend[] = [{ name: 'sqlite', open: () => openInventory(':memory:') }];
  const reason = postgresUnavailableReason();
  if (reason !== undefined) {
    console.warn(reason);
    return backends;
  }
  const started = testPostgres();
  backends.push({
    name: 'postgres',
    async open() {
      const server = await started;
      if (!server) throw new Error('the PostgreSQL test cluster did not start');
      return openInventory({ databaseUrl: await server.createDatabase() });
    },
  });
  return backends;
}
