// Opens the inventory through Kysely and brings its schema up to date: the embedded SQLite file
// by default, or PostgreSQL (DATABASE_URL) when several replicas share one inventory. Both run
// the same migrations and the same queries (differences live in dialect.ts).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { dialectOf, pgTypes } from './dialect';
import { BASE_IMAGE_AGGREGATE_TABLES } from './base-image-aggregates-schema';
import { BASE_TUPLES_TABLE } from './base-group-aggregates-schema';
import { BY_BASE_TABLES } from './images-by-base-schema';
import { inventoryMigrations, SEARCH_TRIGRAM_TABLES } from './migrations';
import type { InventoryTables } from './tables';
import { copyInMemory, templateOf, type InMemoryTemplate } from './in-memory-copy';
import { withKeptStatements } from './statement-cache';

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
 * SQLite reads each index whole, one index per statement with the event loop free between them
 * (the largest took 0.53 s at 1,000,000 images, 7.6 s for all 139): a sampled ANALYZE
 * (`analysis_limit`) held the loop once but reports each leading column's rows per value from its
 * sample alone, so at 1M every index looked selective on `account` and the sync's statements chose
 * badly (rescans shown after 7-8.7 s instead of 1.4 s). PostgreSQL's ANALYZE samples on its own,
 * scaled to the table, and runs off the event loop.
 */
export async function analyzeInventory(db: InventoryDb): Promise<void> {
  if (dialectOf(db) !== 'sqlite') {
    await sql`analyze`.execute(db);
    return;
  }
  const { rows } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'index'`.execute(db);
  await analyzeIndexes(
    db,
    rows.map((row) => row.name),
  );
}

/** Rows a list table holds before its first statistics are worth taking during a crawl. */
export const FIRST_ANALYSIS_ROWS = 1_000;

/**
 * During a first crawl (17 hours at 1,000,000 images and the documented budget) the planner would
 * otherwise have no statistics until the crawl ends, and without them a page at 1M took 215 ms
 * against 14 ms: SQLite's statistics are taken again each time the table holds twice the rows
 * they were taken over, so the passes cost at most twice the last one. `rows` is what the
 * crawl has written so far. PostgreSQL's autovacuum analyses growing tables on its own.
 */
export async function analyzeWhenOutgrown(
  db: InventoryDb,
  table: string,
  rows: number,
): Promise<boolean> {
  if (dialectOf(db) !== 'sqlite') return false;
  const analysedRows = await rowsAtLastAnalysis(db, table);
  if (rows < Math.max(FIRST_ANALYSIS_ROWS, 2 * analysedRows)) return false;
  await analyzeInventory(db);
  return true;
}

/** The table's rows when SQLite last took its statistics (0 when it never did). */
async function rowsAtLastAnalysis(db: InventoryDb, table: string): Promise<number> {
  if (!(await hasStatistics(db))) return 0;
  const { rows } = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${table}
    limit 1`.execute(db);
  // Each entry's text begins with the table's rows.
  return Number.parseInt(rows[0]?.stat ?? '0', 10) || 0;
}

/** Whether SQLite has taken statistics (its table exists from the first ANALYZE on). */
async function hasStatistics(db: InventoryDb): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master
    where name = 'sqlite_stat1'`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** ANALYZE of each named SQLite index, read whole, yielding to the event loop after each. */
async function analyzeIndexes(db: InventoryDb, names: readonly string[]): Promise<void> {
  await sql`pragma analysis_limit = 0`.execute(db);
  for (const name of names) {
    await sql`analyze ${sql.ref(name)}`.execute(db);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const OUR_TABLES = new Set([
  'registry_images',
  'cicd_images',
  'sync_state',
  'basic_image_cache',
  'risk_history',
  'kysely_migration',
  'kysely_migration_lock',
  'sync_lease',
  'call_budget',
  'call_budget_log',
  'inventory_version',
  'sync_requests',
  'sessions',
  'api_tokens',
  'registry_images_changes',
  'cicd_images_changes',
  'registry_images_change_snapshots',
  'cicd_images_change_snapshots',
  'saved_views',
  'watch_rules',
  'watch_rule_cursors',
  'rule_deliveries',
  'basic_images',
  // 0029's JSON aggregate, dropped by 0042: an inventory written before 0042 still holds it.
  'base_image_aggregates',
  ...BASE_IMAGE_AGGREGATE_TABLES,
  ...BY_BASE_TABLES,
  // 0034's and 0053's, dropped by 0063: an inventory written before 0063 still holds them.
  'change_event_counts',
  'change_event_namespaces',
  'change_event_groups',
  'registry_images_risk_counts',
  'registry_images_risk_namespaces',
  'registry_images_risk_days',
  'cicd_images_risk_counts',
  'cicd_images_risk_namespaces',
  'cicd_images_risk_days',
  'registry_images_risk_bases',
  'cicd_images_risk_bases',
  'registry_images_risk_base_groups',
  'cicd_images_risk_base_groups',
  'registry_images_risk_namespace_base_groups',
  'cicd_images_risk_namespace_base_groups',
  'cicd_images_risk_pipeline_base_groups',
  BASE_TUPLES_TABLE,
  'registry_images_risk_namespace_registries',
  'cicd_images_risk_namespace_registries',
  'registry_images_risk_namespace_days',
  'cicd_images_risk_namespace_days',
  'registry_images_risk_namespace_facets',
  'cicd_images_risk_namespace_facets',
  'registry_images_risk_name_facets',
  'cicd_images_risk_name_facets',
  'registry_images_risk_name_base_groups',
  'cicd_images_risk_name_base_groups',
  'registry_images_risk_namespace_bases',
  'cicd_images_risk_namespace_bases',
  'registry_images_risk_namespace_severity_bases',
  'cicd_images_risk_namespace_severity_bases',
  // SQLite's trigram indexes of the lists' free text (migration 0037) and their FTS5 tables.
  ...SEARCH_TRIGRAM_TABLES.flatMap((table) =>
    ['', '_data', '_idx', '_docsize', '_config'].map((part) => `${table}_search${part}`),
  ),
  'audit_log',
  'acr_repositories',
  'acr_tags',
  'acr_sync_state',
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

/** Brings a freshly opened inventory's schema up to date (concurrent replicas: see below). */
async function migrate(db: InventoryDb, where: string): Promise<void> {
  // On PostgreSQL, Kysely's migrator holds an advisory lock, so replicas starting together
  // run each migration once.
  const migrator = new Migrator({ db, provider: inventoryMigrations });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined && (results ?? []).some((result) => result.status === 'Success'))
    await analyzeIndexesWithoutStatistics(db);
  if (error) {
    await db.destroy();
    throw new InventoryOpenError(
      `The inventory database ${where} could not be migrated (${error instanceof Error ? error.message : String(error)}). It was left as it was.`,
      { cause: error },
    );
  }
}

/**
 * A migration that rebuilds or adds an index leaves it without SQLite statistics (0052 rebuilt the
 * two indexes every sorted page walks): the planner of an analysed 1,000,000-image inventory then
 * picked another index, and a page took 215 ms instead of 15 until the next sweep's ANALYZE, about
 * 17 hours later at the documented budget. So an upgraded inventory that had statistics gets them
 * for exactly the indexes that have none, read whole (a sampled ANALYZE reports each leading
 * column's rows per value from its sample alone: at 1M it made the sync's plans 7 times slower),
 * which costs a few seconds once at 1,000,000 images; the others keep theirs.
 */
async function analyzeIndexesWithoutStatistics(db: InventoryDb): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  if (!(await hasStatistics(db))) return;
  const { rows: unanalysed } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'index' and name not in (select idx from sqlite_stat1 where idx is not null)`.execute(
    db,
  );
  await analyzeIndexes(
    db,
    unanalysed.map((row) => row.name),
  );
}

/** The URL without its password, for messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

export interface PostgresInventoryOptions {
  databaseUrl: string;
  /** Connections per replica (default 10). */
  poolSize?: number;
  /** Called when an idle pooled connection fails (the database went away); never throws. */
  onPoolError?: (error: Error) => void;
}

/** A pool of `max` connections (the main one, and the read pool's in read-pool.ts). */
export function createPostgresPool(
  options: Pick<PostgresInventoryOptions, 'databaseUrl' | 'onPoolError'>,
  max: number,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max,
    // A request fails within seconds (503) when the database is unreachable, never hangs.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: pgTypes,
    application_name: 'imagewatch',
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  return pool;
}

async function openPostgresInventory(options: PostgresInventoryOptions): Promise<InventoryDb> {
  const where = redactDatabaseUrl(options.databaseUrl);
  const pool = createPostgresPool(options, options.poolSize ?? 10);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new InventoryOpenError(
      `The inventory database ${where} cannot be reached (${error instanceof Error ? error.message : String(error)}). ` +
        'Check DATABASE_URL and that PostgreSQL is running.',
      { cause: error },
    );
  }
  const db = new Kysely<InventoryTables>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db, where);
  return db;
}

/**
 * Whether the last process that wrote the file ended without closing it (a crash, a kill, a power
 * cut): SQLite deletes the write-ahead log when the last connection closes, so a log left beside
 * the file says so. Only then is the whole file checked at start (`quick_check` reads every page:
 * seconds at 2 GB); see store/README.md.
 */
function endedUncleanly(file: string): boolean {
  return existsSync(`${file}-wal`);
}

/**
 * The first in-memory inventory this process migrated, as it stood then: the next ones are copies
 * of it (in-memory-copy.ts), whose migrations are then found done, as on an up-to-date file.
 */
let migratedInMemory: InMemoryTemplate | undefined;

/**
 * Opens (creating if needed) `${dataDir}/inventory.sqlite`, an in-memory database when
 * `location` is ':memory:', or PostgreSQL with `{ databaseUrl }`. A corrupt or foreign SQLite
 * file is reported, never deleted or rewritten.
 */
export async function openInventory(
  location: { dataDir: string } | ':memory:' | PostgresInventoryOptions,
): Promise<InventoryDb> {
  if (location !== ':memory:' && 'databaseUrl' in location) return openPostgresInventory(location);
  let file = ':memory:';
  if (location !== ':memory:') {
    file = path.join(location.dataDir, 'inventory.sqlite');
    restrictToOwner(location.dataDir, file);
  }
  const fullCheck = file !== ':memory:' && endedUncleanly(file);
  let sqlite: Database.Database;
  try {
    sqlite =
      file === ':memory:' && migratedInMemory ? copyInMemory(migratedInMemory) : new Database(file);
    // Only reads until the file is known to be ours: switching to WAL rewrites the header.
    sqlite.pragma('busy_timeout = 5000');
    // The header and the schema (a file that is not a database fails here).
    sqlite.prepare('select count(*) from sqlite_master').get();
    if (fullCheck) {
      const integrity = sqlite.pragma('quick_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`integrity check failed: ${String(integrity)}`);
    }
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
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<InventoryTables>({
    dialect: new SqliteDialect({ database: withKeptStatements(sqlite) }),
  });
  await migrate(db, file);
  if (file === ':memory:') migratedInMemory ??= templateOf(sqlite);
  return db;
}

/**
 * A read-only transaction that sees one snapshot: REPEATABLE READ on PostgreSQL (its default,
 * READ COMMITTED, would let a count and the page after it disagree); SQLite ignores the settings,
 * its transactions always read one snapshot.
 */
export function readTransaction(db: InventoryDb) {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only');
}
