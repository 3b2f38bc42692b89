// The list filters, shared by both image lists. They implement exactly the simulator's (and so
// the upstream's) semantics, plus the BFF's documented extensions (contracts/bff.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf, sqliteIndexedBy, sqliteRowsPerAccount } from './dialect';

export type Condition = RawBuilder<unknown>;

const column = (name: string) => sql.ref(name);

/** Case-insensitive substring (instr, not LIKE, so that % and _ in the needle are literal). */
export function containsText(name: string, needle: string | undefined): Condition | undefined {
  if (needle === undefined || needle === '') return undefined;
  return sql`instr(lower(${column(name)}), ${needle.toLowerCase()}) > 0`;
}

export function equalsText(name: string, value: string | undefined): Condition | undefined {
  // An empty value (the upstream allows length 0) matches rows where the field is empty.
  if (value === undefined) return undefined;
  return sql`${column(name)} = ${value}`;
}

/** One of several enum values (a single value is the upstream's own exact match). */
export function anyOf(
  name: string,
  values: readonly string[] | string | undefined,
): Condition | undefined {
  if (values === undefined) return undefined;
  const list = typeof values === 'string' ? [values] : values;
  if (list.length === 0) return undefined;
  return sql`${column(name)} in (${sql.join(list.map((value) => sql`${value}`))})`;
}

/**
 * `severity_level` filter values: the documented levels, plus the extension `unrated` for images
 * without a level (stored as the empty string).
 */
export function severityIn(values: readonly string[] | undefined): Condition | undefined {
  if (values === undefined) return undefined;
  return anyOf(
    'severity_level',
    values.map((value) => (value === 'unrated' ? '' : value)),
  );
}

/** `has_vul=true` → count > 0, `false` → count = 0. */
export function hasCount(name: string, wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted ? sql`${column(name)} > 0` : sql`${column(name)} = 0`;
}

export function isTrue(name: string, wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return sql`${column(name)} = ${wanted ? 1 : 0}`;
}

/** `latest_version=true` keeps only latest versions; `false` does not filter. */
export function onlyLatest(name: string, wanted: boolean | undefined): Condition | undefined {
  return wanted === true ? sql`${column(name)} = 1` : undefined;
}

/** `risky=true` → any of the three counts > 0; `false` → all three zero. */
export function risky(wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted
    ? sql`(vul_num > 0 or malicious_file_num > 0 or unsafe_setting_num > 0)`
    : sql`(vul_num = 0 and malicious_file_num = 0 and unsafe_setting_num = 0)`;
}

/** Extension `never_scanned`: true → no scan time at all; false → scanned at least once. */
export function neverScanned(wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted ? sql`latest_scan_time is null` : sql`latest_scan_time is not null`;
}

export function sizeBetween(min: number | undefined, max: number | undefined): Condition[] {
  const out: Condition[] = [];
  if (min !== undefined) out.push(sql`image_size >= ${min}`);
  if (max !== undefined) out.push(sql`image_size <= ${max}`);
  return out;
}

/**
 * Inclusive time range over an epoch-ms column. Only a start → [start, now]; only an end →
 * [0, end]; rows without the time are excluded. Bounds go up to 2^63-1, so bind them as BigInt.
 */
export function timeRange(
  name: string,
  start: string | undefined,
  end: string | undefined,
  now: number,
): Condition[] {
  if (start === undefined && end === undefined) return [];
  const lower = start === undefined ? 0n : BigInt(start);
  const upper = end === undefined ? BigInt(now) : BigInt(end);
  return [
    sql`${column(name)} is not null`,
    sql`${column(name)} >= ${lower}`,
    sql`${column(name)} <= ${upper}`,
  ];
}

/** Free text (`q`): case-insensitive substring over name, namespace, tag and digest. */
export function freeText(q: string | undefined): Condition | undefined {
  if (q === undefined || q === '') return undefined;
  const needle = q.toLowerCase();
  return sql`(${sql.join(
    ['image_name', 'namespace', 'image_version', 'image_digest'].map(
      (name) => sql`instr(lower(${column(name)}), ${needle}) > 0`,
    ),
    sql` or `,
  )})`;
}

export function whereClause(conditions: Array<Condition | undefined>): RawBuilder<unknown> {
  const present = conditions.filter((condition): condition is Condition => condition !== undefined);
  if (present.length === 0) return sql`1 = 1`;
  return sql.join(present, sql` and `);
}

/**
 * A walk of the sort index that has to visit up to this many times the rows a filter index
 * would read (and then sort) is still the cheaper plan: the walk needs no sort and stops early.
 */
const WALK_OVER_FILTER_COST = 2;

export interface PageQuery {
  table: 'registry_images' | 'cicd_images';
  /** The primary key's column (with `account`). */
  key: 'id' | 'image_id';
  /** What to select of each row (see exactColumnList: image times as text). */
  columns: RawBuilder<unknown>;
  account: string;
  where: RawBuilder<unknown>;
  /** Builds the `order by`; `disqualifyIndexes` (SQLite only) keeps indexes out of the sort. */
  order: (options: { disqualifyIndexes: boolean }) => RawBuilder<unknown>;
  /** The SQLite index that yields this order (leading with account), if there is one. */
  sortIndex: string | undefined;
  offset: number;
  limit: number;
  /** The count of `where`, when the caller already knows it at this snapshot (query-cache.ts). */
  total?: number;
}

/** How many rows of `table` match `where`, in the caller's transaction. */
export async function countMatching<Tables>(
  db: Kysely<Tables>,
  table: PageQuery['table'],
  where: RawBuilder<unknown>,
): Promise<number> {
  const count = await sql<{
    n: number;
  }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
  return Number(count.rows[0]?.n ?? 0);
}

/**
 * The count and one page of a list, in the caller's transaction. The page is read in two steps:
 * first only the keys in order (narrow tuples), then the full rows of those keys, put back in
 * order. On SQLite the plan is chosen from the count: when enough rows match that walking the
 * sort index reaches offset + limit matches sooner than reading and sorting every match, the
 * walk is forced (`indexed by`), otherwise the sort is kept off the indexes so that the filters'
 * indexes are used. PostgreSQL's planner has statistics of its own and is left to choose.
 */
export async function queryPage<Tables, Row extends Record<string, unknown>>(
  db: Kysely<Tables>,
  page: PageQuery,
): Promise<{ total: number; rows: Row[] }> {
  const table = sql.table(page.table);
  const key = sql.ref(page.key);
  const total = page.total ?? (await countMatching(db, page.table, page.where));
  if (total === 0 || page.offset >= total || page.limit === 0) return { total, rows: [] };

  const dialect = dialectOf(db);
  let access = sql``;
  let disqualifyIndexes = false;
  if (dialect === 'sqlite' && page.sortIndex !== undefined) {
    const perAccount = await sqliteRowsPerAccount(db, page.sortIndex);
    if (perAccount !== undefined) {
      // Rows the walk visits to find offset + limit matches, if matches are spread evenly.
      const walked = ((page.offset + page.limit) * Math.max(perAccount, total)) / total;
      if (walked <= total * WALK_OVER_FILTER_COST)
        access = sqliteIndexedBy(dialect, page.sortIndex);
      else disqualifyIndexes = true;
    }
  }
  const keys = await sql<Record<string, string>>`select ${key} as k from ${table} ${access}
    where ${page.where} order by ${page.order({ disqualifyIndexes })}
    limit ${page.limit} offset ${page.offset}`.execute(db);
  const ordered = keys.rows.map((row) => String(row.k));
  if (ordered.length === 0) return { total, rows: [] };
  const full = await sql<Row>`select ${page.columns} from ${table} where account = ${page.account}
    and ${key} in (${sql.join(ordered.map((value) => sql`${value}`))})`.execute(db);
  const byKey = new Map(full.rows.map((row) => [String(row[page.key]), row]));
  const rows = ordered.flatMap((value) => {
    const row = byKey.get(value);
    return row === undefined ? [] : [row];
  });
  return { total, rows };
}
