// Tests only: the inventory backends a test file runs against. SQLite always; PostgreSQL when
// TEST_DATABASE_URL is set, else a throwaway cluster. Without the binaries the PostgreSQL cases
// fail with the command that installs them (never skipped).
import Database from 'better-sqlite3';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openInventory, type InventoryDb } from '../store/db';
import { inventoryMigrations } from '../store/migrations';
import { sharedTestPostgres, startTestPostgres, type TestPostgres } from './test-postgres';

export interface InventoryBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty, migrated inventory; the caller destroys it. */
  open(): Promise<InventoryDb>;
}

let cluster: Promise<TestPostgres> | undefined;

/**
 * This test file's databases on the run's cluster (postgres-global-setup.ts), dropped after the
 * file; under a Vitest config without that set-up, a cluster of the file's own, stopped after it.
 */
export function testPostgres(): Promise<TestPostgres> {
  if (cluster === undefined) {
    cluster = ofTheRun() ?? startTestPostgres();
    // Not awaited here: a failed start fails the PostgreSQL cases (with its message), not the file.
    cluster.catch(() => undefined);
    afterAll(async () => {
      await (await cluster?.catch(() => undefined))?.close();
      cluster = undefined;
    });
  }
  return cluster;
}

function ofTheRun(): Promise<TestPostgres> | undefined {
  const shared = inject('sharedPostgres');
  if (shared === undefined) return undefined;
  if ('failure' in shared) return Promise.reject(new Error(shared.failure));
  return Promise.resolve(sharedTestPostgres(shared));
}

/** Call at a test file's top level, and `describe.each` over the result. */
export function inventoryBackends(): InventoryBackend[] {
  const backends: InventoryBackend[] = [{ name: 'sqlite', open: () => openInventory(':memory:') }];
  const started = testPostgres();
  backends.push({
    name: 'postgres',
    async open() {
      const server = await started;
      return openInventory({ databaseUrl: await server.createMigratedDatabase() });
    },
  });
  return backends;
}

/** A new, empty, migrated inventory of `backend` given to `test`, destroyed after it, pass or fail. */
export async function withInventory<T>(
  backend: InventoryBackend,
  test: (db: InventoryDb) => Promise<T>,
): Promise<T> {
  const db = await backend.open();
  try {
    return await test(db);
  } finally {
    await db.destroy();
  }
}

/**
 * A database with no migration run yet, as `backend` opens it, for a test that migrates it up to
 * an older version, writes what an older release wrote, then migrates it to the latest. (On
 * PostgreSQL bigint columns read as strings here: this pool has not the inventory's parsers.)
 */
export async function openUnmigrated(backend: 'sqlite' | 'postgres'): Promise<Kysely<unknown>> {
  if (backend === 'sqlite')
    return new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  const server = await testPostgres();
  const pool = new pg.Pool({ connectionString: await server.createDatabase(), max: 1 });
  return new Kysely({ dialect: new PostgresDialect({ pool }) });
}

/**
 * `${dataDir}/inventory.sqlite` as a release that ended at `migration` left it, open for the test
 * to write what that release wrote (the caller destroys it, then opens the directory as today's
 * release does).
 */
export async function sqliteInventoryAt(
  dataDir: string,
  migration: string,
): Promise<Kysely<unknown>> {
  const older = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new Database(path.join(dataDir, 'inventory.sqlite')) }),
  });
  const { error } = await new Migrator({ db: older, provider: inventoryMigrations }).migrateTo(
    migration,
  );
  if (error !== undefined) throw new Error(`migrating to ${migration} failed`, { cause: error });
  return older;
}
