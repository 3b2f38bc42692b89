// Opens the embedded SQLite inventory through Kysely (so PostgreSQL can be added later without
// rewriting queries) and brings its schema up to date.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { inventoryMigrations } from './migrations';
import type { InventoryTables } from './tables';

export type InventoryDb = Kysely<InventoryTables>;

export class InventoryOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InventoryOpenError';
  }
}

/**
 * Refreshes the query planner's statistics (after a full crawl): without them SQLite may pick
 * an index that matches most rows and sort afterwards, 20 times slower at 200,000 images.
 */
export async function analyzeInventory(db: InventoryDb): Promise<void> {
  await sql`analyze`.execute(db);
}

const OUR_TABLES = new Set([
  'registry_images',
  'cicd_images',
  'sync_state',
  'basic_image_cache',
  'risk_history',
  'kysely_migration',
  'kysely_migration_lock',
]);

/**
 * The inventory mirrors what the clouds know about the estate: readable by the owner only (0700
 * directory, 0600 file). SQLite creates its -wal and -shm files with the database file's mode.
 */
function restrictToOwner(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/**
 * Opens (creating if needed) `${dataDir}/inventory.sqlite`, or an in-memory database when
 * `location` is ':memory:'. A corrupt or foreign file is reported, never deleted or rewritten.
 */
export async function openInventory(
  location: { dataDir: string } | ':memory:',
): Promise<InventoryDb> {
  let file = ':memory:';
  if (location !== ':memory:') {
    file = path.join(location.dataDir, 'inventory.sqlite');
    restrictToOwner(location.dataDir, file);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const integrity = sqlite.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity check failed: ${String(integrity)}`);
  } catch (error) {
    throw new InventoryOpenError(
      `The inventory database ${file} cannot be opened (${error instanceof Error ? error.message : String(error)}). ` +
        'It was left untouched: move it aside or set DATA_DIR to another folder, and restart.',
      { cause: error },
    );
  }
  const foreign = (
    sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>
  )
    .map((row) => row.name)
    .filter((name) => !OUR_TABLES.has(name));
  if (foreign.length > 0) {
    sqlite.close();
    throw new InventoryOpenError(
      `${file} is not an Imagewatch inventory (it holds tables ${foreign.slice(0, 5).join(', ')}). ` +
        'It was left untouched: set DATA_DIR to another folder.',
    );
  }
  const db = new Kysely<InventoryTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: inventoryMigrations });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new InventoryOpenError(
      `The inventory database ${file} could not be migrated (${error instanceof Error ? error.message : String(error)}). It was left as it was.`,
      { cause: error },
    );
  }
  return db;
}
