// The few places where SQLite and PostgreSQL differ, in one file: the queries stay one set.
import { sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import pg from 'pg';

export type InventoryDialect = 'sqlite' | 'postgres';

/**
 * Which database a Kysely instance (or transaction, or migration handle) talks to, from public
 * API only: PostgreSQL numbers its placeholders ($1), SQLite does not (?).
 */
export function dialectOf<Tables>(db: Kysely<Tables> | QueryExecutorProvider): InventoryDialect {
  return sql`select ${1}`.compile(db).sql.includes('$1') ? 'postgres' : 'sqlite';
}

/** Epoch milliseconds now, as the database's clock sees it (one clock for every replica). */
export function epochMsNow(dialect: InventoryDialect): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`
    : sql<number>`(unixepoch('subsec') * 1000)`;
}

/**
 * pg returns int8 (count(*), bigint columns) and numeric (sum of bigints) as strings to avoid
 * precision loss; every such value here is an epoch-ms time, a size or a count, all far below
 * 2^53, so they are parsed as numbers like SQLite returns them.
 */
export const PG_INT8_OID = 20;
export const PG_NUMERIC_OID = 1700;
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8_OID || oid === PG_NUMERIC_OID) return (text: string) => Number(text);
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A stored time as a number, for watermarks and day arithmetic that tolerate rounding past 2^53
 * (SQLite and pg's int8 parser already give numbers; text-cast times arrive as strings).
 */
export function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The select list of an image table: image times cast to text so that they arrive digit for
 * digit (better-sqlite3 and the int8 parser above would make doubles of them).
 */
export function exactColumnList(
  columns: readonly string[],
  timeColumns: ReadonlySet<string>,
  computed: Readonly<Record<string, RawBuilder<unknown>>> = {},
): RawBuilder<unknown> {
  return sql.join(
    columns.map((column) => {
      const expression = Object.prototype.hasOwnProperty.call(computed, column)
        ? computed[column]
        : undefined;
      if (expression) return sql`${expression} as ${sql.ref(column)}`;
      return timeColumns.has(column)
        ? sql`cast(${sql.ref(column)} as text) as ${sql.ref(column)}`
        : sql.ref(column);
    }),
  );
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * True when an error means the database cannot be reached (rather than a bad query): refused or
 * dropped connections, the server shutting down or starting up (SQLSTATE classes 08 and 57P).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') {
      if (CONNECTION_ERROR_CODES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    }
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error|database system is (starting up|shutting down)/i.test(
        message,
      )
    )
      return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable))
      return true;
    current = cause;
  }
  return false;
}

/**
 * Rows per account in one index, from SQLite's ANALYZE statistics (sqlite_stat1: the index's
 * row count, then the average rows per value of its leading column, `account`). Undefined on
 * PostgreSQL, before the first ANALYZE, or for an unknown index.
 */
export async function sqliteRowsPerAccount<Tables>(
  db: Kysely<Tables>,
  index: string,
): Promise<number | undefined> {
  if (dialectOf(db) !== 'sqlite') return undefined;
  // One statement (a page's round trip to a read worker): before the first ANALYZE the table
  // does not exist and it fails to compile, which leaves the caller's transaction as it was.
  const stat = await sql<{ stat: string }>`select stat from sqlite_stat1 where idx = ${index}`
    .execute(db)
    .catch((error: unknown) => {
      if (error instanceof Error && /no such table: sqlite_stat1/.test(error.message))
        return { rows: [] };
      throw error;
    });
  const perAccount = Number(stat.rows[0]?.stat.split(' ')[1]);
  return Number.isFinite(perAccount) && perAccount > 0 ? perAccount : undefined;
}

/**
 * The elements of a JSON array (one bound parameter) as the rows of a table `f` with one column
 * `value`, each read with `f.value ->> i`: a list of any length in a statement of fixed text.
 */
export function jsonArrayRows(dialect: InventoryDialect, json: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`jsonb_array_elements(cast(${json} as jsonb)) as f(value)`
    : sql`json_each(${json}) as f`;
}

/**
 * `column` is one of the strings of a JSON array parameter (which may also be a read batch's
 * `earlierColumn`, read-pool.ts, filled in by the batch). PostgreSQL: `= any(array(…))`, an array
 * computed once that the column's index takes as its condition (a join to the JSON's rows, whose
 * number its planner cannot tell, may read every row of the account instead).
 */
export function inJsonStrings(
  dialect: InventoryDialect,
  column: RawBuilder<unknown>,
  json: unknown,
): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`${column} = any(array(select jsonb_array_elements_text(cast(${json} as jsonb))))`
    : sql`${column} in (select value from json_each(${json}))`;
}

/** SQLite's `indexed by` (forces the access path); PostgreSQL's planner chooses on its own. */
export function sqliteIndexedBy(dialect: InventoryDialect, index: string): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`indexed by ${sql.raw(quoteIdentifier(index))}` : sql``;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
