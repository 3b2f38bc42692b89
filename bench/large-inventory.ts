// The large inventory of the scale benchmarks (issue 25): 1,000,000 repository images and
// 100,000 CI/CD images by default, generated ONCE into bench/.cache/ (gitignored) and reused by
// every later run, since filling it through the crawl's parse and upsert would take minutes.
//
// Generation: a generated estate of at most TEMPLATE_IMAGES rows per list (the simulator's own
// distributions) is parsed through the crawl's normalising schema once, then repeated with ids,
// image ids and namespaces made unique per copy (copy r > 0 lives in namespace `<ns>-<r>`), all
// inserted in one transaction through one prepared statement. The file name carries
// GENERATION_VERSION (change the generation, bump it) and the schema's latest migration: a file
// built before a migration was added is migrated forward in place (minutes), except one built on
// a branch whose migrations were later renumbered: refused as foreign, it is generated anew.
// Version 2 adds the basic-image enrichment's answers for every digest (as the 200k query
// benchmark has them): the base-image facets and filters are measured with their joins filled.
// A version 1 file of the same size is upgraded in place of a new generation (see upgradeFrom).
import {
  existsSync,
  mkdirSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { CicdImageSchema, RegistryImageSchema } from '../src/shared/contracts';
import { DEMO_HUAWEI_ACCOUNT_ID } from '../src/server/config';
import { CICD_LIST } from '../src/server/lists/cicd';
import { REGISTRY_LIST } from '../src/server/lists/registry';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { BASE_IMAGE_AGGREGATE_TABLES } from '../src/server/store/base-image-aggregates-schema';
import { LATEST_MIGRATION } from '../src/server/store/migrations';
import { CICD_IMAGE_COLUMNS, REGISTRY_IMAGE_COLUMNS } from '../src/server/store/tables';
import { parseJsonLossless } from '../src/server/upstream/json';
import {
  compareIds,
  generateEstate,
  type CicdImageRecord,
  type Estate,
  type RegistryImageRecord,
} from '../src/simulator/estate';
import { cicdImageJson, registryImageJson } from '../src/simulator/serialise';
import { fillBasicImages } from './bench-util';

/** The account the rows belong to (the demo's Huawei account, as the other benchmarks use). */
export const LARGE_INVENTORY_ACCOUNT = DEMO_HUAWEI_ACCOUNT_ID;
export const LARGE_INVENTORY_SEED = 42;
const GENERATION_VERSION = 2;
/** Distinct generated rows per list; larger inventories repeat them (see the file comment). */
const TEMPLATE_IMAGES = 100_000;
const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));

type ImageRecord = RegistryImageRecord | CicdImageRecord;

export interface LargeInventory {
  db: InventoryDb;
  /** The directory holding `inventory.sqlite` (DATA_DIR for a BFF over it). */
  dataDir: string;
  registryImages: number;
  cicdImages: number;
  /** Closes the database (and removes the directory of a copy). */
  close(): Promise<void>;
}

export interface LargeInventoryOptions {
  /** CI/CD images (default a tenth of `count`). */
  cicdImages?: number;
  /**
   * Open a private copy in a temporary directory (for benchmarks that write: a sync, a restart
   * test that must not change the shared file). Without it the cached file itself is opened.
   */
  copy?: boolean;
}

/** Where the inventory of this size lives (generated on the first call of openLargeInventory). */
export function largeInventoryDir(count: number, cicdImages = Math.floor(count / 10)): string {
  return path.join(
    CACHE_DIR,
    `inventory-v${GENERATION_VERSION}-${LATEST_MIGRATION}-${count}-${cicdImages}`,
  );
}

/**
 * An inventory of `count` repository images (and a tenth as many CI/CD images), generated on
 * first use into bench/.cache/ and reused afterwards.
 */
export async function openLargeInventory(
  count = 1_000_000,
  options: LargeInventoryOptions = {},
): Promise<LargeInventory> {
  const cicdImages = options.cicdImages ?? Math.floor(count / 10);
  const cached = largeInventoryDir(count, cicdImages);
  if (!existsSync(path.join(cached, 'inventory.sqlite'))) {
    const earlier = earlierMigration(count, cicdImages);
    const previous = previousGeneration(count, cicdImages);
    if (earlier !== undefined && (await migrateForward(earlier, cached))) {
      // This generation's file, moved forward to this tree's migrations in place.
    } else if (previous === undefined || !(await upgradeFrom(previous, cached)))
      await generateLargeInventory(cached, count, cicdImages);
  }
  let dataDir = cached;
  if (options.copy === true) {
    dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-large-'));
    copyFileSync(path.join(cached, 'inventory.sqlite'), path.join(dataDir, 'inventory.sqlite'));
  }
  const db = await openInventory({ dataDir });
  return {
    db,
    dataDir,
    registryImages: count,
    cicdImages,
    close: async () => {
      await db.destroy();
      if (dataDir !== cached) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The inventory file of the previous generation (version 1: no basic images) of this size, at
 * the latest migration found, if one is in the cache.
 */
function previousGeneration(count: number, cicdImages: number): string | undefined {
  if (!existsSync(CACHE_DIR)) return undefined;
  const pattern = new RegExp(`^inventory-v${GENERATION_VERSION - 1}-.+-${count}-${cicdImages}$`);
  return readdirSync(CACHE_DIR)
    .filter((name) => pattern.test(name))
    .map((name) => path.join(CACHE_DIR, name, 'inventory.sqlite'))
    .filter((file) => existsSync(file))
    .sort()
    .at(-1);
}

/**
 * This generation's file of this size built at an earlier migration than the tree's latest (the
 * latest such), if one is in the cache.
 */
function earlierMigration(count: number, cicdImages: number): string | undefined {
  if (!existsSync(CACHE_DIR)) return undefined;
  const pattern = new RegExp(
    `^inventory-v${GENERATION_VERSION}-(\\d{4}_[a-z0-9_]+)-${count}-${cicdImages}$`,
  );
  return readdirSync(CACHE_DIR)
    .map((name) => ({ name, migration: pattern.exec(name)?.[1] }))
    .filter(
      (entry): entry is { name: string; migration: string } =>
        entry.migration !== undefined &&
        entry.migration < LATEST_MIGRATION &&
        existsSync(path.join(CACHE_DIR, entry.name, 'inventory.sqlite')),
    )
    .sort((a, b) => a.migration.localeCompare(b.migration))
    .map((entry) => path.join(CACHE_DIR, entry.name))
    .at(-1);
}

/**
 * A file of this generation moved to `target` and migrated there by opening it (a new migration
 * costs minutes where generating anew takes about an hour at 1M), with the statistics of the
 * tables the migrations added read whole. The earlier directory is taken, not copied (the file is
 * gigabytes). False, with the file back where it was, when its migration history is foreign (a
 * branch's numbering): the caller generates anew.
 */
async function migrateForward(earlierDir: string, target: string): Promise<boolean> {
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  renameSync(earlierDir, partial);
  const started = performance.now();
  let db: InventoryDb;
  try {
    db = await openInventory({ dataDir: partial });
  } catch (error) {
    console.warn(`large inventory: ${earlierDir} not migrated (${String(error)})`);
    renameSync(partial, earlierDir);
    return false;
  }
  try {
    // Every generated file has statistics (generateLargeInventory and upgradeFrom read them).
    const { rows } = await sql<{ name: string }>`select name from sqlite_master
      where type = 'table' and name not like 'sqlite_%'
        and name not in (select tbl from sqlite_stat1)`.execute(db);
    await sql`pragma analysis_limit = 0`.execute(db);
    for (const { name } of rows) await sql`analyze ${sql.ref(name)}`.execute(db);
  } finally {
    await db.destroy();
  }
  renameSync(partial, target);
  console.log(
    `large inventory: ${path.basename(earlierDir)} migrated to ${path.basename(target)} ` +
      `in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  return true;
}

/**
 * Version 1 → 2 on a copy of `previousFile`: migrated to this tree's schema by opening it, then
 * the basic images added (the triggers keep the base-image aggregates), and the touched tables'
 * statistics read whole: a minute or two where a new generation takes 15. False when the copy
 * cannot be opened (a foreign migration history): the caller generates anew.
 */
async function upgradeFrom(previousFile: string, target: string): Promise<boolean> {
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const started = performance.now();
  copyFileSync(previousFile, path.join(partial, 'inventory.sqlite'));
  let db: InventoryDb;
  try {
    db = await openInventory({ dataDir: partial });
  } catch (error) {
    console.warn(`large inventory: ${previousFile} not upgraded (${String(error)})`);
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
  await completeInto(db, partial, target);
  console.log(
    `large inventory: upgraded ${path.basename(path.dirname(previousFile))} to ${path.basename(target)} ` +
      `in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  return true;
}

/**
 * The enrichment's answers for every digest of both lists (bench-util fillBasicImages, as the
 * query benchmark fills them), then the statistics of the tables that changed, each index read
 * whole (as analyzeInventory reads them after a sweep).
 */
async function addBasicImages(db: InventoryDb): Promise<void> {
  const started = performance.now();
  const { rows } = await sql<{ image_digest: string }>`select image_digest from registry_images
    where account = ${LARGE_INVENTORY_ACCOUNT}
    union select image_digest from cicd_images where account = ${LARGE_INVENTORY_ACCOUNT}`.execute(
    db,
  );
  await fillBasicImages(
    db,
    LARGE_INVENTORY_ACCOUNT,
    rows.map((row) => row.image_digest),
    Date.now(),
  );
  const filled = performance.now();
  const { rows: tables } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and (name in (${sql.join([
      'basic_images',
      ...BASE_IMAGE_AGGREGATE_TABLES,
    ])}) or name like '%_risk_bases' or name like '%_risk_namespace_bases')`.execute(db);
  await sql`pragma analysis_limit = 0`.execute(db);
  for (const { name } of tables) await sql`analyze ${sql.ref(name)}`.execute(db);
  console.log(
    `large inventory: basic images of ${rows.length} digests added in ` +
      `${Math.round((filled - started) / 1000)} s, statistics of ${tables.length} tables in ` +
      `${Math.round((performance.now() - filled) / 1000)} s`,
  );
}

/** Builds the inventory beside `target` and renames it into place when complete. */
async function generateLargeInventory(
  target: string,
  registryCount: number,
  cicdCount: number,
): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  // The schema, through the product's own migrations.
  await (await openInventory({ dataDir: partial })).destroy();
  const seenAt = Date.now();
  const estate = templateEstate(registryCount, cicdCount, seenAt);
  const registryTemplates = estate.registryImages.map((record) =>
    REGISTRY_LIST.toRow(
      LARGE_INVENTORY_ACCOUNT,
      RegistryImageSchema.parse(parseJsonLossless(registryImageJson(record, estate))),
      seenAt,
    ),
  );
  const cicdTemplates = estate.cicdImages.map((record) =>
    CICD_LIST.toRow(
      LARGE_INVENTORY_ACCOUNT,
      CicdImageSchema.parse(parseJsonLossless(cicdImageJson(record))),
      seenAt,
    ),
  );
  const sqlite = new Database(path.join(partial, 'inventory.sqlite'));
  try {
    // A rollback journal while filling (a WAL would grow by the whole inventory), WAL again after.
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    // Indexes are built after the rows (a sort each) rather than kept up to date row by row
    // (a random B-tree walk per row and index): minutes become tens of seconds.
    const indexes = sqlite
      .prepare(
        "select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('registry_images', 'cicd_images')",
      )
      .all() as Array<{ name: string; sql: string }>;
    for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);
    const fill = sqlite.transaction(() => {
      insertCopies(sqlite, 'registry_images', REGISTRY_IMAGE_COLUMNS, registryTemplates, {
        count: registryCount,
        uniqueColumns: ['id', 'image_id'],
      });
      insertCopies(sqlite, 'cicd_images', CICD_IMAGE_COLUMNS, cicdTemplates, {
        count: cicdCount,
        uniqueColumns: ['record_key', 'image_id'],
      });
    });
    fill();
    for (const index of indexes) sqlite.exec(index.sql);
    // The planner's statistics, as the sync engine leaves them after a crawl.
    sqlite.exec('analyze');
    sqlite.pragma('journal_mode = WAL');
  } finally {
    sqlite.close();
  }
  await completeInto(await openInventory({ dataDir: partial }), partial, target);
}

/** The last step of either way in: the basic images added, then the file moved into place. */
async function completeInto(db: InventoryDb, partial: string, target: string): Promise<void> {
  try {
    await addBasicImages(db);
  } finally {
    await db.destroy();
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
}

/** Inserts `count` rows: the templates in turn, copy r > 0 with its own ids and namespace. */
function insertCopies(
  sqlite: Database.Database,
  table: string,
  columns: readonly string[],
  templates: ReadonlyArray<object>,
  options: { count: number; uniqueColumns: readonly string[] },
): void {
  if (templates.length === 0) return;
  const insert = sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  );
  const unique = new Set(options.uniqueColumns);
  for (let index = 0; index < options.count; index += 1) {
    const copy = Math.floor(index / templates.length);
    const template = templates[index % templates.length] as Record<string, unknown>;
    insert.run(
      columns.map((column) => copiedValue(template[column], copy, unique.has(column), column)),
    );
  }
}

/** A template's value in copy `copy` (0: the template itself). */
function copiedValue(value: unknown, copy: number, unique: boolean, column: string): unknown {
  if (copy === 0) return value;
  // Ids stay decimal (the list orders them as numbers); the copy number is appended.
  if (unique && typeof value === 'string') return `${value}${String(copy).padStart(2, '0')}`;
  if (column === 'namespace') return `${String(value)}-${copy}`;
  return value;
}

/** The generated estate whose rows (repeated, see the file comment) the inventory holds. */
function templateEstate(registryCount: number, cicdCount: number, now: number): Estate {
  return generateEstate({
    seed: LARGE_INVENTORY_SEED,
    registryImages: Math.min(registryCount, TEMPLATE_IMAGES),
    cicdImages: Math.min(cicdCount, TEMPLATE_IMAGES),
    now,
  });
}

/** The records of `count` images: the templates in turn, copied as insertCopies copies rows. */
function repeatRecords<T extends ImageRecord>(
  templates: readonly T[],
  count: number,
  uniqueFields: ReadonlyArray<keyof T & string>,
): T[] {
  const records: T[] = [];
  for (let index = 0; index < count && templates.length > 0; index += 1) {
    const copy = Math.floor(index / templates.length);
    const template = templates[index % templates.length] as T;
    if (copy === 0) {
      records.push(template);
      continue;
    }
    // A shallow copy: only the ids and the namespace are its own (about 0.5 KiB a record).
    const own = Object.fromEntries(
      [...uniqueFields, 'namespace' as const].map((field) => [
        field,
        copiedValue(template[field], copy, field !== 'namespace', field),
      ]),
    );
    records.push({ ...template, ...own });
  }
  return records;
}

/**
 * The upstream estate that matches a large inventory: what the simulator serves so that a sweep
 * over that inventory finds it as a first crawl left it (the same rows, the same ids). The
 * inventory's rows were stored at the estate's generation time (their `seen_at`), from which the
 * template estate is generated again; the repeated records share the templates' strings.
 * Multi-architecture copies keep the templates' member ids, as the inventory's rows do.
 */
export async function largeInventoryEstate(inventory: LargeInventory): Promise<Estate> {
  const generated = await inventory.db
    .selectFrom('registry_images')
    .select((eb) => eb.fn.min('seen_at').as('seen_at'))
    .where('account', '=', LARGE_INVENTORY_ACCOUNT)
    .executeTakeFirst();
  const generatedAt = Number(generated?.seen_at ?? Number.NaN);
  if (!Number.isFinite(generatedAt)) throw new Error('the large inventory has no rows');
  const estate = templateEstate(inventory.registryImages, inventory.cicdImages, generatedAt);
  estate.registryImages = repeatRecords(estate.registryImages, inventory.registryImages, [
    'id',
    'image_id',
  ]).sort((a, b) => compareIds(a.id, b.id));
  estate.registryById = new Map(estate.registryImages.map((record) => [record.id, record]));
  estate.cicdImages = repeatRecords(estate.cicdImages, inventory.cicdImages, ['image_id']).sort(
    (a, b) => (a.image_id < b.image_id ? -1 : a.image_id > b.image_id ? 1 : 0),
  );
  estate.cicdById = new Map(estate.cicdImages.map((record) => [record.image_id, record]));
  return estate;
}
