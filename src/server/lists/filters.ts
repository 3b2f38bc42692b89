// The list filters, shared by both image lists. They implement exactly the simulator's (and so
// the upstream's) semantics, plus the BFF's documented extensions (contracts/bff.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  dialectOf,
  inJsonStrings,
  sqliteIndexedBy,
  sqliteRowsPerAccount,
  type InventoryDialect,
} from '../store/dialect';
import { earlierColumn, readBatch } from '../store/read-pool';
import type { ByBaseWalk } from './images-by-base';

export type Condition = RawBuilder<unknown>;

const column = (name: string) => sql.ref(name);

/** Case-insensitive substring (instr, not LIKE, so that % and _ in the needle are literal). */
export function containsText(name: string, needle: string | undefined): Condition | undefined {
  if (needle === undefined || needle === '') return undefined;
  return sql`instr(lower(${column(name)}), ${needle.toLowerCase()}) > 0`;
}

/** Exact match. An empty value (the upstream allows length 0) does not filter, as upstream. */
export function equalsText(name: string, value: string | undefined): Condition | undefined {
  if (value === undefined || value === '') return undefined;
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

/** A `*` pattern as SQL LIKE text: `!` escapes the LIKE wildcards and itself. */
export function likePattern(pattern: string): string {
  return pattern.toLowerCase().replace(/[!%_]/g, '!$&').replace(/\*/g, '%');
}

/**
 * A scope's namespace patterns (auth/principal.ts: `*` any run, case ignored as `inScope` does):
 * the namespace matches one of them. `null` = unscoped; an empty list matches nothing.
 */
export function namespaceMatches(
  patterns: readonly string[] | null | undefined,
  name = 'namespace',
): Condition | undefined {
  if (patterns === null || patterns === undefined) return undefined;
  if (patterns.length === 0) return sql`1 = 0`;
  const ref = column(name);
  return sql`(${sql.join(
    patterns.map((pattern) => sql`lower(${ref}) like ${likePattern(pattern)} escape '!'`),
    sql` or `,
  )})`;
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

/**
 * `q` as written: lower-cased and trimmed; a pull reference loses its registry host, and the part
 * after `@` is a digest. A host is a first path segment with a dot, a port or `localhost`,
 * followed by at least two more (`namespace/name`), as in Docker's own references.
 */
export interface SearchTerms {
  /** All of q, lower-cased: a substring of the reference or of the digest. */
  text: string;
  /** What must be a substring of `namespace/name:tag` (q without host and digest). */
  reference: string;
  /** After `@`: a substring of the digest. */
  digest: string | undefined;
}

export function parseSearch(q: string | undefined): SearchTerms | undefined {
  const text = q?.trim().toLowerCase() ?? '';
  if (text === '') return undefined;
  const at = text.lastIndexOf('@');
  let reference = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const segments = reference.split('/');
  const first = segments[0] ?? '';
  if (segments.length >= 3 && (first.includes('.') || first.includes(':') || first === 'localhost'))
    reference = segments.slice(1).join('/');
  return { text, reference, digest: digest === '' ? undefined : digest };
}

/** `namespace/name:tag` of a row, lower-cased (both lists have these columns). */
const rowReference = sql`lower(namespace || '/' || image_name || ':' || image_version)`;
const rowName = sql`lower(image_name)`;
const rowDigest = sql`lower(image_digest)`;
const contains = (haystack: RawBuilder<unknown>, needle: string) =>
  sql`instr(${haystack}, ${needle}) > 0`;

/**
 * `q`: case-insensitive. Without `@`: the text is a substring of the row's
 * `namespace/name:tag` (so of its namespace, name or tag, or of `namespace/name`, `name:tag`...)
 * or of its digest; a host in front is dropped. With `@`: the part before it (if any) is a
 * substring of the reference and the part after it of the digest.
 */
export function freeText(q: string | undefined): Condition | undefined {
  const terms = parseSearch(q);
  if (terms === undefined) return undefined;
  if (terms.digest !== undefined) {
    const digest = contains(rowDigest, terms.digest);
    return terms.reference === ''
      ? digest
      : sql`(${contains(rowReference, terms.reference)} and ${digest})`;
  }
  return sql`(${contains(rowReference, terms.reference)} or ${contains(rowDigest, terms.text)})`;
}

/**
 * How exactly a row matches `q` (lower first): 0 the whole reference `namespace/name:tag` or the
 * digest; 1 `namespace/name` or `name:tag`; 2 the name, namespace or tag alone; 3 a substring.
 * Lists searched without a sort_key are ordered by it (exact matches first), then by id.
 */
export function searchRank(q: string | undefined): RawBuilder<unknown> | undefined {
  const terms = parseSearch(q);
  if (terms === undefined) return undefined;
  const reference = terms.reference;
  const digestExact =
    terms.digest !== undefined
      ? sql`${rowDigest} = ${terms.digest}`
      : sql`${rowDigest} = ${terms.text}`;
  return sql`(case
    when ${rowReference} = ${reference} or ${digestExact} then 0
    when lower(namespace || '/' || image_name) = ${reference}
      or lower(image_name || ':' || image_version) = ${reference} then 1
    when ${rowName} = ${reference} or lower(namespace) = ${reference}
      or lower(image_version) = ${reference} then 2
    else 3 end)`;
}

// Sort ranks. The SQL text must stay exactly that of migration 0021's indexes (an expression
// index serves only the identical expression), so it is raw text, never bound parameters.

/** A column's sort rank: its values' ranks in order, and the rank of any other value. */
export interface SortRanks {
  column: string;
  ranks: Readonly<Record<string, number>>;
  otherwise: number;
}

/** `(case column when 'value' then rank … else otherwise end)`, 0021's text. */
function rankCase({ column, ranks, otherwise }: SortRanks): string {
  const whens = Object.entries(ranks).map(([value, rank]) => `when '${value}' then ${rank}`);
  return `(case ${column} ${whens.join(' ')} else ${otherwise} end)`;
}

/** Ascending: not rated, Security, Low, Medium, High; so descending puts High first. */
export const SEVERITY_RANKS: SortRanks = {
  column: 'severity_level',
  ranks: { High: 4, Medium: 3, Low: 2, Security: 1 },
  otherwise: 0,
};
export const SEVERITY_RANK = sql.raw(rankCase(SEVERITY_RANKS));

/**
 * Ascending follows a scan's life: not scanned, waiting, scanning, scanned, then the failures
 * (failed, download failed, too large); values unknown to this version come last.
 */
export const SCAN_STATUS_RANKS: SortRanks = {
  column: 'scan_status',
  ranks: {
    unscan: 0,
    waiting_for_scan: 1,
    scanning: 2,
    success: 3,
    failed: 4,
    download_failed: 5,
    image_oversized: 6,
  },
  otherwise: 7,
};
export const SCAN_STATUS_RANK = sql.raw(rankCase(SCAN_STATUS_RANKS));

/** The expression a sort key orders by: a rank for severity and scan status, else the column. */
export function sortExpression(sortKey: string): RawBuilder<unknown> {
  if (sortKey === 'severity_level') return SEVERITY_RANK;
  if (sortKey === 'scan_status') return SCAN_STATUS_RANK;
  return sql`${sql.ref(sortKey)}`;
}

/**
 * Ranks are never null, so they are ordered without `nulls first/last`: PostgreSQL walks an
 * index for `desc` (backwards) only when the nulls placement is the index's own.
 */
export function ranked(sortKey: string): boolean {
  return sortKey === 'severity_level' || sortKey === 'scan_status';
}

/** The suffix of the sort index of a key (migration 0012's column indexes, 0021's ranks). */
export function sortIndexSuffix(sortKey: string): string {
  return ranked(sortKey) ? `${sortKey}_rank` : sortKey;
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
  table: string;
  /** The primary key's column (with `account`). */
  key: string;
  /** What to select of each row (see exactColumnList: image times as text). */
  columns: RawBuilder<unknown>;
  /** Joined to each row where its columns are read (`columns` may name the joined columns). */
  rowsJoin?: RawBuilder<unknown>;
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
  /**
   * SQLite: the page's rows by rowid in the page's order, already found at this snapshot
   * (column-page.ts): read as they are, with no walk of their own.
   */
  keys?: readonly number[] | undefined;
  /**
   * Under a basic-image filter, the list's images on that base in the page's order (migration
   * 0055, lists/images-by-base.ts): walked instead of the sort index, it visits only those images.
   */
  byBase?: ByBaseWalk | undefined;
  /**
   * Further reads about the page's rows, given a condition that a row of the list's table (under
   * `alias`) is one of them: sent with the keys and rows in one batch, so a page is one round trip
   * to a read worker.
   */
  lookups?: (
    isPageRow: (alias: string) => RawBuilder<unknown>,
    /** `column` holds one of the page rows' values of `pageColumn` (one of `columns`). */
    isPageValue: (column: RawBuilder<unknown>, pageColumn: string) => RawBuilder<unknown>,
  ) => ReadonlyArray<RawBuilder<unknown>>;
}

/** How many rows of `table` match `where`, in the caller's transaction. */
export async function countMatching<Tables>(
  db: Kysely<Tables>,
  table: string,
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
): Promise<{ total: number; rows: Row[]; lookups: Array<Array<Record<string, unknown>>> }> {
  const table = sql.table(page.table);
  const total = page.total ?? (await countMatching(db, page.table, page.where));
  if (total === 0 || page.offset >= total || page.limit === 0)
    return { total, rows: [], lookups: [] };

  const dialect = dialectOf(db);
  let access = sql``;
  let disqualifyIndexes = false;
  if (dialect === 'sqlite' && page.sortIndex !== undefined && page.keys === undefined) {
    const perAccount = await sqliteRowsPerAccount(db, page.sortIndex);
    if (perAccount !== undefined) {
      // Rows the walk visits to find offset + limit matches, if matches are spread evenly.
      const walked = ((page.offset + page.limit) * Math.max(perAccount, total)) / total;
      if (walked <= total * WALK_OVER_FILTER_COST)
        access = sqliteIndexedBy(dialect, page.sortIndex);
      else disqualifyIndexes = true;
    }
  }
  const { statement: keys, byRowid } =
    page.keys === undefined
      ? pageKeys(page, dialect, { access, disqualifyIndexes })
      : {
          // json_each yields the array's elements in order.
          statement: sql`select value as k from json_each(${JSON.stringify(page.keys)})`,
          byRowid: true,
        };
  // One batch: the page's rows in order, then their columns and the lookups about them
  // (read-pool.ts). On SQLite a row is named by its rowid, which every index entry ends with:
  // the walk reads it from the sort index as it would the key, and the rows and lookups then
  // find each row with one descent of the table instead of one of the (account, key) index and
  // one of the table (at 1,000,000 images, 0.4-0.6 ms of a page of 200's 5.5 ms of statements).
  // A walk of the images on a base names them by key.
  const pageRow = (alias: string) =>
    byRowid ? sql`${sql.ref(alias)}.rowid` : sql.ref(`${alias}.${page.key}`);
  const isPageRow = (alias: string) =>
    inJsonStrings(dialect, pageRow(alias), earlierColumn(0, 'k'));
  const isPageValue = (column: RawBuilder<unknown>, pageColumn: string) =>
    inJsonStrings(dialect, column, earlierColumn(1, pageColumn));
  const [pageRows = [], full = [], ...lookups] = await readBatch(db as unknown as Kysely<never>, [
    keys,
    sql`select ${pageRow(page.table)} as ${sql.ref(PAGE_ROW)}, ${page.columns} from ${table}
      ${page.rowsJoin ?? sql``} where account = ${page.account} and ${isPageRow(page.table)}`,
    ...(page.lookups?.(isPageRow, isPageValue) ?? []),
  ]);
  const byRow = new Map(full.map((row) => [String(row[PAGE_ROW]), row as Row]));
  const rows = pageRows.flatMap(({ k }) => {
    const row = byRow.get(String(k));
    return row === undefined ? [] : [row];
  });
  return { total, rows, lookups };
}

/** The column that names a page's row in its stored columns (queryPage), beside the list's own. */
const PAGE_ROW = 'page_row';

/**
 * The statement of a page's rows in order, and whether it names them by rowid (SQLite's walk of
 * the sort index) or by key. Walking the sort index (`access` forces it on SQLite)
 * or, under a basic-image filter, the images on the base (`page.byBase`, its index forced on
 * SQLite): each of its rows names an image, which must match the whole filter (a primary-key
 * seek); its order is the list's, on the same columns. With `disqualifyIndexes` (a walk would
 * visit too many rows) neither: the filters' indexes and a sort.
 */
export function pageKeys(
  page: PageQuery,
  dialect: InventoryDialect,
  plan: { access: RawBuilder<unknown>; disqualifyIndexes: boolean },
): { statement: RawBuilder<unknown>; byRowid: boolean } {
  const table = sql.table(page.table);
  const order = page.order({ disqualifyIndexes: plan.disqualifyIndexes });
  const byBase = plan.disqualifyIndexes ? undefined : page.byBase;
  if (byBase === undefined) {
    const byRowid = dialect === 'sqlite';
    const name = byRowid ? sql`${sql.ref(page.table)}.rowid` : sql.ref(page.key);
    return {
      statement: sql`select ${name} as k from ${table} ${plan.access}
        where ${page.where} order by ${order} limit ${page.limit} offset ${page.offset}`,
      byRowid,
    };
  }
  const walkedKey = sql.ref(`x.${page.key}`);
  // On SQLite the image is sought in the list's index of the page's order, which covers the risk
  // filters and the digest (a primary-key seek read the table row: 2-3 times the CPU a walked
  // row); PostgreSQL's planner takes the primary key.
  const image =
    dialect === 'sqlite' && page.sortIndex !== undefined
      ? sql`${sqliteIndexedBy(dialect, page.sortIndex)} where ${byBase.listIndexSeek}`
      : sql`where ${sql.ref(`${page.table}.${page.key}`)} = ${walkedKey}`;
  return {
    statement: sql`select ${walkedKey} as k
      from ${sql.table(byBase.table)} as x ${sqliteIndexedBy(dialect, byBase.index)}
      where ${byBase.where} and exists (select 1 from ${table} ${image}
        and ${sql.ref(`${page.table}.account`)} = x.account and ${page.where})
      order by ${order} limit ${page.limit} offset ${page.offset}`,
    byRowid: false,
  };
}

/**
 * The lists' basic-image extensions: images whose digest's basic image (basic_images, the
 * enrichment's answers) has this OS, OS version or layer digest, or (`basic_image_eol=true`) an
 * OS version past its end of life on `now`'s UTC day (`false`: every other image). `table` is the
 * one the condition reads its rows from (a list's or its change table). A correlated `exists`, a
 * primary-key probe per row read: a page walking its sort index stops after offset + limit
 * matches, where `image_digest in (select …)` first read every matching digest (issue 22).
 */
export function basicImageFilters(
  account: string,
  table: string,
  filters: {
    os?: string | undefined;
    osVersion?: string | undefined;
    digest?: string | undefined;
    eol?: boolean | undefined;
  },
  now: number,
): Condition[] {
  const out: Condition[] = [];
  // `kind <> 'none'`: the rows of kind 'base', but no index can seek on it, so that neither
  // dialect's planner reads the rows of an OS or an end-of-life range per image instead of the
  // image's own (basic_images_probe, migration 0048).
  const bases = (condition: Condition) =>
    sql`exists (select 1 from basic_images b where b.account = ${account}
      and b.image_digest = ${sql.ref(`${table}.image_digest`)} and b.kind <> 'none'
      and ${condition})`;
  const exact: Array<[string, string | undefined]> = [
    ['os_name', filters.os],
    ['os_version', filters.osVersion],
    ['layer_digest', filters.digest],
  ];
  const given = exact.filter((entry): entry is [string, string] => entry[1] !== undefined);
  // One basic image must match every given field (an image on two bases matches neither mix).
  if (given.length > 0)
    out.push(
      bases(
        sql.join(
          given.map(([name, value]) => sql`${sql.ref(`b.${name}`)} = ${value}`),
          sql` and `,
        ),
      ),
    );
  if (filters.eol !== undefined) {
    const today = new Date(now).toISOString().slice(0, 10);
    const pastEnd = bases(sql`b.eol_date <> '' and b.eol_date < ${today}`);
    out.push(filters.eol ? pastEnd : sql`not (${pastEnd})`);
  }
  return out;
}
