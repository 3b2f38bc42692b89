// Any image list in the inventory, by its spec (spec.ts): upsert a crawled page, sweep what a
// finished crawl did not see, and answer list queries with the upstream's semantics.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { InventoryDb } from '../store/db';
import {
  dialectOf,
  exactColumnList,
  numberOrNull,
  sqliteIndexedBy,
  type InventoryDialect,
} from '../store/dialect';
import { byBaseIndex } from '../store/images-by-base-schema';
import { lockInventoryVersions, readInventoryVersion } from '../store/inventory-version';
import type { InventoryTables } from '../store/tables';
import {
  NO_QUERY_CACHE,
  withoutPaging,
  type AnswerRequest,
  type QueryCache,
  type ReadTrx,
} from '../serving/query-cache';
import {
  anyOf,
  basicImageFilters,
  containsText,
  countMatching,
  equalsText,
  freeText,
  hasCount,
  isTrue,
  namespaceMatches,
  neverScanned,
  onlyLatest,
  queryPage,
  ranked,
  risky,
  searchRank,
  severityIn,
  sizeBetween,
  sortExpression,
  sortIndexSuffix,
  timeRange,
  whereClause,
} from './filters';
import { byBaseImages, byBaseRows, byBaseWalk } from './images-by-base';
import type { ColumnScans } from './column-scan';
import { columnCount } from './column-count';
import { columnPageOf, columnPagePlan, type ColumnPage } from './column-page';
import { isScannedList, type InventoryListSpec, type ListQuery, type ListSpec } from './spec';
import { aggregateTable, answersFromAggregate, type AggregateKind } from './aggregates';
import { scopeNamespacesOf } from '../auth/request-scope';
import { recordRemovals, recordSuperseded, recordUpsertChanges } from '../changes/change-log';

/**
 * How a read runs: at which `now` (open time ranges end there), through which cache, and for
 * which client request (`signal` aborts on disconnect; with it, admission control may refuse a
 * computation with 429; without it, the read is background work that waits its turn).
 */
export interface ReadContext {
  now?: number;
  cache?: QueryCache;
  signal?: AbortSignal | undefined;
  /** Counts by scanning the images even where an aggregate could answer (tests compare). */
  scan?: boolean;
  /** Pages come with their families (the spec's `families`), as the list route shows them. */
  families?: boolean;
  /** The rows as columns (column-scan.ts), for facets no kept aggregate answers. */
  columns?: ColumnScans | undefined;
}

/** The list tables as the generic store sees them: named by the spec, columns by name. */
type ListTables = Record<string, Record<string, unknown>>;
const tablesOf = (db: InventoryDb) => db as unknown as Kysely<ListTables>;
/**
 * A spec's stored row by column name (tables.ts types it; here any list's will do). The columns
 * an answer joins in (`withBasicImage`) are not the list's: an image read from an answer and
 * written back stores only what the upstream sent.
 */
const storedRow = <Image>(
  spec: ListSpec<ListQuery, Image>,
  account: string,
  image: Image,
  seenAt: number,
) => {
  const {
    basic_image: _image,
    basic_image_digest: _digest,
    ...row
  } = spec.toRow(account, image, seenAt) as Record<string, unknown>;
  return row;
};

/** Rows per insert: SQLite allows 32766 bound variables; 32 columns × 200 rows fits. */
const UPSERT_CHUNK = 200;

/**
 * How a write treats the change feed: with `changesAt`, each change it applies is recorded as an
 * event at that time, in the same transaction (changes/change-log.ts); without it (before a
 * list's first complete crawl, which leaves a baseline instead), none is.
 */
export interface WriteChanges {
  changesAt?: number | undefined;
}

/** Upserts one crawled page in one transaction, marking every row as seen at `seenAt`. */
export async function upsertImages<Image>(
  spec: ListSpec<ListQuery, Image>,
  db: InventoryDb,
  account: string,
  images: readonly Image[],
  seenAt: number,
  changes: WriteChanges = {},
): Promise<void> {
  if (images.length === 0) return;
  await tablesOf(db)
    .transaction()
    .execute(async (trx) => {
      await lockInventoryVersions(trx, [spec.name]);
      for (let start = 0; start < images.length; start += UPSERT_CHUNK) {
        // One row per key in a statement: PostgreSQL refuses to update a row twice in one (a
        // page can repeat a record); the last one wins, as it does on SQLite.
        const byKey = new Map<unknown, Record<string, unknown>>();
        for (const image of images.slice(start, start + UPSERT_CHUNK)) {
          const row = storedRow(spec, account, image, seenAt);
          byKey.set(row[spec.key], row);
        }
        const rows = [...byKey.values()];
        const updated = Object.keys(rows[0] ?? {}).filter(
          (column) => column !== 'account' && column !== spec.key,
        );
        const upsert = () =>
          trx
            .insertInto(spec.table)
            .values(rows)
            .onConflict((oc) =>
              oc
                .columns(['account', spec.key])
                .doUpdateSet((eb) =>
                  Object.fromEntries(
                    updated.map((column) => [column, eb.ref(`excluded.${column}`)]),
                  ),
                ),
            )
            .execute();
        if (changes.changesAt === undefined) await upsert();
        else await recordUpsertChanges(trx, spec, account, rows, changes.changesAt, upsert);
      }
    });
}

/**
 * Deletes the account's rows that a crawl begun at `crawlStartedAt` did not see. A crawl split by
 * update-time windows cannot see rows without an update time, so it keeps them (`keepUntimed`).
 */
export async function sweepImages(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
  crawlStartedAt: number,
  options: { keepUntimed?: boolean } & WriteChanges = {},
): Promise<number> {
  const untimed = options.keepUntimed ? sql` and latest_update_time is not null` : sql``;
  const unseen = sql`account = ${account} and seen_at < ${crawlStartedAt}${untimed}`;
  return tablesOf(db)
    .transaction()
    .execute(async (trx) => {
      await lockInventoryVersions(trx, [spec.name]);
      if (options.changesAt !== undefined)
        await recordRemovals(trx, spec, unseen, options.changesAt);
      const result = await sql`delete from ${sql.table(spec.table)} where ${unseen}`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
}

/** The newest value of each watermark field in the account's rows (the incremental watermarks). */
export async function latestTimes(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
): Promise<Record<string, number | null>> {
  const row = await tablesOf(db)
    .selectFrom(spec.table)
    .select((eb) => spec.watermarkFields.map((field) => eb.fn.max(field).as(field)))
    .where('account', '=', account)
    .executeTakeFirst();
  return Object.fromEntries(
    spec.watermarkFields.map((field) => [
      field,
      numberOrNull(row?.[field] as string | number | null | undefined),
    ]),
  );
}

/**
 * A new latest version supersedes the repository's previous one, whose own times do not change,
 * so an incremental cycle would never see it flip: clear latest_version on the other rows of the
 * same repository (the spec's supersede key). The next full sweep confirms it.
 */
export async function supersedeLatest<Image>(
  spec: ListSpec<ListQuery, Image>,
  db: InventoryDb,
  account: string,
  images: readonly Image[],
  changes: WriteChanges = {},
): Promise<void> {
  const latest = images
    .map((image) => storedRow(spec, account, image, 0))
    .filter((row) => row.latest_version === 1);
  if (latest.length === 0) return;
  await tablesOf(db)
    .transaction()
    .execute(async (trx) => {
      await lockInventoryVersions(trx, [spec.name]);
      for (const row of latest) {
        const sameRepository = spec.supersedeKey.map(
          (column) => sql` and ${sql.ref(column)} = ${row[column] as string}`,
        );
        const superseded = sql`account = ${account}${sql.join(sameRepository, sql``)}
          and latest_version = 1 and ${sql.ref(spec.key)} <> ${row[spec.key]}`;
        if (changes.changesAt !== undefined)
          await recordSuperseded(trx, spec, superseded, changes.changesAt);
        await sql`update ${sql.table(spec.table)} set latest_version = 0
          where ${superseded}`.execute(trx);
      }
    });
}

export async function countImages(
  spec: ListSpec,
  db: InventoryDb,
  account: string,
): Promise<number> {
  const row = await tablesOf(db)
    .selectFrom(spec.table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The list's WHERE: the filters every list has, with the spec's own after the names. `table` is
 * the one it reads (the list's, or its change table for the change feed).
 */
export function listWhere<Q extends ListQuery>(
  spec: InventoryListSpec<Q>,
  account: string,
  query: Q,
  now: number,
  table: string = spec.table,
): RawBuilder<unknown> {
  const params = query as Readonly<Record<string, unknown>>;
  const text = (name: string) => params[name] as string | undefined;
  const flag = (name: string) => params[name] as boolean | undefined;
  const own = spec.ownFilters;
  return whereClause([
    sql`account = ${account}`,
    containsText('namespace', text('namespace')),
    anyOf('namespace', params.namespaces as readonly string[] | undefined),
    namespaceMatches(scopeNamespacesOf(query)),
    containsText('image_name', text('image_name')),
    containsText('image_version', text('image_version')),
    ...own.contains.map((name) => containsText(name, text(name))),
    ...own.equals.map((name) => equalsText(name, text(name))),
    ...own.oneOf.map((name) => anyOf(name, params[name] as readonly string[] | undefined)),
    anyOf('scan_status', params.scan_status as readonly string[] | undefined),
    severityIn(params.severity_level as readonly string[] | undefined),
    onlyLatest('latest_version', flag('latest_version')),
    hasCount('vul_num', flag('has_vul')),
    hasCount('malicious_file_num', flag('has_malicious_file')),
    hasCount('unsafe_setting_num', flag('has_unsafe_setting')),
    risky(flag('risky')),
    ...Object.entries(own.flags).map(([name, column]) => isTrue(column, flag(name))),
    ...sizeBetween(
      params.image_size as number | undefined,
      params.max_image_size as number | undefined,
    ),
    neverScanned(flag('never_scanned')),
    ...basicImageFilters(
      account,
      table,
      {
        os: text('basic_image_os'),
        osVersion: text('basic_image_os_version'),
        digest: text('basic_image_digest'),
        eol: flag('basic_image_eol'),
      },
      now,
    ),
    ...spec.timeFields.flatMap((field) =>
      timeRange(field, text(`start_${field}`), text(`end_${field}`), now),
    ),
    freeText(query.q),
  ]);
}

/**
 * The list's `order by` (shared with the CSV export, whose rows must come in the list's order).
 * With a sort_key, desc is the exact reverse of asc (ties by the spec's tie break, images without
 * the value first in asc, as SQLite sorts NULL); severity and scan status by rank (filters.ts).
 * Without one, the tie break ascending whatever sort_dir says, after the search rank when `q` is
 * given (exact matches first). `disqualifyIndexes` (SQLite only) writes each term as `+term`: the
 * same order, but no index can yield it, so that SQLite reads the filters' index and sorts.
 */
export function listOrder(
  spec: InventoryListSpec,
  query: Pick<ListQuery, 'sort_key' | 'sort_dir' | 'q'>,
  options: { disqualifyIndexes?: boolean } = {},
): RawBuilder<unknown> {
  const plus = options.disqualifyIndexes === true ? sql`+` : sql``;
  const direction = query.sort_dir === 'desc' ? sql`desc` : sql`asc`;
  // Spelled out for PostgreSQL (which puts NULL last in asc); SQLite's own default, a no-op there.
  const keyDirection = query.sort_dir === 'desc' ? sql`desc nulls last` : sql`asc nulls first`;
  if (query.sort_key === undefined) {
    const rank = searchRank(query.q);
    const byKey = spec.tieBreak(plus, sql`asc`);
    return rank === undefined ? byKey : sql`${rank} asc, ${byKey}`;
  }
  return query.sort_key === spec.tieBreakKey
    ? spec.tieBreak(plus, direction)
    : sql`${plus}${sortExpression(query.sort_key)} ${ranked(query.sort_key) ? direction : keyDirection}, ${spec.tieBreak(plus, direction)}`;
}

/**
 * The index walked for a sort: (account, key, tie break), see migrations 0012, 0021 and 0022;
 * none for a search ordered by its rank, which depends on `q`.
 */
export function listSortIndex(
  spec: InventoryListSpec,
  query: Pick<ListQuery, 'sort_key' | 'q'>,
): string | undefined {
  if (query.sort_key === undefined && searchRank(query.q) !== undefined) return undefined;
  return query.sort_key === undefined || query.sort_key === spec.tieBreakKey
    ? `${spec.table}_id_order`
    : `${spec.table}_sort_${sortIndexSuffix(query.sort_key)}`;
}

/** Every column of the list's rows, image times read as text (exactColumnList). */
export const listColumns = (spec: InventoryListSpec) =>
  exactColumnList(spec.columns, spec.timeColumns);

/**
 * A page of the list and its total. One read transaction, so that the count and the page agree
 * even while a sync writes (repeatable read: one snapshot on PostgreSQL too). With a cache, the
 * page is cached under the full query and the count under the filter alone, so paging through
 * one filter counts it once per inventory version.
 */
export async function queryList<Q extends ListQuery, Row>(
  ...question: Parameters<typeof queryListJson<Q, Row>>
): Promise<{ total_num: number; data_list: Row[] }> {
  return JSON.parse(await queryListJson(...question)) as {
    total_num: number;
    data_list: Row[];
  };
}

/**
 * `queryList`'s answer as JSON text, `{"total_num":…,"data_list":[…]}`: what the list route
 * sends and the cache keeps. On SQLite each row arrives from its read worker as the JSON the
 * list answers (the spec's `sqliteRowJson`) with its basic image, read by the same statement
 * (joined), and the facts its family is found from (`sqlitePageColumns`); the page adds each
 * row's family to it and joins the rows, so no row is cloned as an object, re-shaped or
 * serialised again. Elsewhere the basic images and families are reads of their own in the
 * page's batch.
 */
export async function queryListJson<Q extends ListQuery, Row>(
  spec: InventoryListSpec<Q, Row>,
  db: InventoryDb,
  account: string,
  query: Q,
  read: ReadContext = {},
): Promise<string> {
  const cache = read.cache ?? NO_QUERY_CACHE;
  const now = read.now ?? Date.now();
  const where = listWhere(spec, account, query, now);
  // Basic images are HSS's findings for scanned images: only the scanned lists show them.
  const scanned = spec.search.scanned;
  const countRequest: AnswerRequest = {
    list: spec.name,
    kind: 'count',
    account,
    query: withoutPaging(query),
  };
  const families = read.families === true ? spec.families : undefined;
  const pageRequest: AnswerRequest = {
    list: spec.name,
    kind: families ? 'page-with-families' : 'page',
    account,
    query,
  };
  const dialect = dialectOf(db);
  const rowJson = dialect === 'sqlite' ? spec.sqliteRowJson : undefined;
  const familyColumns = rowJson === undefined ? undefined : families?.sqlitePageColumns;
  const basesJoined = scanned && rowJson !== undefined;
  const fromColumns = columnPageSource(spec, account, query, read, now, dialect);
  return cache.answer(
    db,
    pageRequest,
    async (trx, snapshotVersion) => {
      const columnPage = await fromColumns?.inTransaction(trx, snapshotVersion);
      const total = await cache.within(trx, countRequest, (t) =>
        columnPage !== undefined
          ? Promise.resolve(columnPage.total)
          : countList(spec, t, account, query, {
              now,
              scan: read.scan === true,
              columns: read.columns,
            }),
      );
      const page = await queryPage<InventoryTables, Record<string, unknown>>(trx, {
        table: spec.table,
        columns:
          rowJson === undefined
            ? listColumns(spec)
            : jsonPageColumns(spec, rowJson, {
                basesJoined,
                familyColumns: familyColumns?.columns(),
              }),
        rowsJoin: basesJoined ? primaryBasicImageJoin(account, spec.table) : undefined,
        key: spec.key,
        account,
        where,
        order: (options) => listOrder(spec, query, options),
        sortIndex: listSortIndex(spec, query),
        byBase: byBaseWalk(spec.table, listSortIndex(spec, query), account, query, now),
        offset: query.offset ?? 0,
        limit: query.limit ?? spec.defaultLimit,
        total,
        keys: columnPage?.rowids,
        // In the page's read batch: whichever of its basic images and its families' reads the
        // rows statement does not answer.
        lookups: (isPageRow, isPageValue) => [
          ...(scanned && !basesJoined ? [primaryBasicImagesRead(account, isPageValue)] : []),
          ...((familyColumns === undefined && families?.pageReads(dialect, account, isPageRow)) ||
            []),
        ],
      });
      const basesRead = scanned && !basesJoined;
      const [baseRows = [], ...lookedUp] = basesRead ? page.lookups : [[], ...page.lookups];
      const bases = basicImagesByDigest(baseRows as unknown as BasicImageRow[]);
      const familyRows = familyColumns?.reads(page.rows) ?? lookedUp;
      const familyOf =
        families && page.rows.length > 0 ? families.pageFamily(familyRows) : undefined;
      const rows = page.rows.map((stored) => {
        const own =
          rowJson === undefined ? JSON.stringify(spec.fromRow(stored)) : String(stored[ROW_JSON]);
        const added = {
          ...(basesRead ? basicImageFields(stored, bases) : {}),
          ...familyOf?.(stored),
        };
        return withFields(own, added);
      });
      return `{"total_num":${JSON.stringify(page.total)},"data_list":[${rows.join(',')}]}`;
    },
    read.signal,
    fromColumns?.beforeTransaction,
  );
}

/**
 * Where a page's rows and total come from the columns (column-page.ts): SQLite, a scanned list,
 * a filter tested row by row. With the worker's `answerAt` they are asked before the query cache
 * takes a read slot (`beforeTransaction`, which never answers by itself: the rows are read in
 * the transaction), and used there only at the same version; otherwise (no cache, in process)
 * they are asked in the transaction. A snapshot is never waited for: SQL answers meanwhile.
 */
function columnPageSource(
  spec: InventoryListSpec,
  account: string,
  query: ListQuery,
  read: ReadContext,
  now: number,
  dialect: InventoryDialect,
) {
  const columns = read.columns;
  if (columns === undefined || read.scan === true || dialect !== 'sqlite' || !isScannedList(spec))
    return undefined;
  const plan = columnPagePlan(spec, query, now);
  if (plan === undefined) return undefined;
  const { answerAt } = columns;
  let asked: { version: number; page: ColumnPage | undefined } | undefined;
  return {
    beforeTransaction:
      answerAt === undefined
        ? undefined
        : async (version: number): Promise<undefined> => {
            asked = { version, page: undefined };
            asked.page = columnPageOf(
              await answerAt(spec, account, version, plan, { wait: false }),
            );
            return undefined;
          },
    /** In the read transaction, which reads `snapshotVersion` (the query cache's). */
    async inTransaction(
      trx: ReadTrx,
      snapshotVersion: number | undefined,
    ): Promise<ColumnPage | undefined> {
      if (asked === undefined)
        return columnPageOf(await columns.answer(trx, spec, account, plan, { wait: false }));
      const { version, page } = asked;
      const readVersion = snapshotVersion ?? (await readInventoryVersion(trx, spec.name));
      return page !== undefined && version === readVersion ? page : undefined;
    },
  };
}

/** The alias of a page row's JSON text (`sqliteRowJson`). */
const ROW_JSON = 'answer_json';

/**
 * A JSON page's select list: the row's JSON (with its basic image when `basesJoined`: see
 * primaryBasicImageJoin) and the stored columns the page reads beside it (the key, the columns
 * its family is found from, and `familyColumns`).
 */
function jsonPageColumns(
  spec: InventoryListSpec,
  rowJson: NonNullable<InventoryListSpec['sqliteRowJson']>,
  options: { basesJoined: boolean; familyColumns: RawBuilder<unknown> | undefined },
) {
  const stored = new Set([spec.key, ...(spec.families?.pageColumns ?? [])]);
  const answer = rowJson(options.basesJoined ? PRIMARY_BASIC_IMAGE_FIELDS : undefined);
  return sql.join([
    ...[...stored].map((column) => sql.ref(column)),
    sql`${answer} as ${sql.ref(ROW_JSON)}`,
    ...(options.familyColumns === undefined ? [] : [options.familyColumns]),
  ]);
}

/**
 * SQLite: each page row's first basic image (position 0), joined to the statement that reads the
 * rows, so that its fields are part of the row's JSON (PRIMARY_BASIC_IMAGE_FIELDS): one primary
 * key seek per row, where a statement of its own found each digest again and its rows crossed to
 * the main thread to be merged into each row's text (docs/benchmarks.md, s37-page1m). Its columns
 * are renamed so that the row's own stay unambiguous.
 */
const primaryBasicImageJoin = (account: string, table: string) =>
  sql`left join (select account as base_account, image_digest as base_of, os_name as base_os,
      os_version as base_os_version, layer_digest as base_layer from basic_images
      where kind = 'base' and position = 0) as page_base
    on page_base.base_account = ${account} and page_base.base_of = ${sql.ref(`${table}.image_digest`)}
    and ${sql.ref(`${table}.image_digest`)} <> ''`;

/**
 * JavaScript's `String.prototype.trim` whitespace (WhiteSpace and LineTerminator), for SQLite's
 * `trim`, which takes only spaces otherwise.
 */
const JS_WHITESPACE = sql.raw(
  `char(${[9, 10, 11, 12, 13, 32, 160, 5760, ...Array.from({ length: 11 }, (_, i) => 8192 + i), 8232, 8233, 8239, 8287, 12288, 65279].join(', ')})`,
);

/** basicImageFields in SQL, from primaryBasicImageJoin's columns. */
const PRIMARY_BASIC_IMAGE_FIELDS = sql`'basic_image', case when page_base.base_of is null then null
    else trim(page_base.base_os || ' ' || page_base.base_os_version, ${JS_WHITESPACE}) end,
  'basic_image_digest', page_base.base_layer`;

/** A row's JSON object text with `fields` added after its own (as a spread would add them). */
function withFields(objectJson: string, fields: Readonly<Record<string, unknown>>): string {
  const added = JSON.stringify(fields);
  if (added === '{}') return objectJson;
  if (objectJson === '{}') return added;
  return `${objectJson.slice(0, -1)},${added.slice(1)}`;
}

/**
 * How many rows match the list's filters. When every filter is on the columns of an aggregate
 * of migration 0035 (by registry name, then by namespace), the sum of its matching groups: a few
 * thousand rows kept by triggers in the writing transaction, where count(*) would read every
 * match (hundreds of thousands of index entries at 1,000,000 images). Otherwise, or with `scan`,
 * count(*) over the images.
 */
export async function countList<Q extends ListQuery>(
  spec: InventoryListSpec<Q, unknown>,
  trx: Kysely<InventoryTables>,
  account: string,
  query: Q,
  options: { now: number; scan?: boolean; columns?: ColumnScans | undefined },
): Promise<number> {
  const where = (filters: Q) => listWhere(spec, account, filters, options.now);
  // Only the scanned (HSS) lists keep risk aggregates.
  const kind =
    options.scan || !isScannedList(spec)
      ? undefined
      : AGGREGATE_COUNT_KINDS.find((candidate) =>
          answersFromAggregate(trx, spec, candidate, query, where),
        );
  if (kind === undefined) {
    // Under a basic-image filter, the images on its base (0055's rows) counted, not every image
    // of the account tested against basic_images (a never-seen base filter's first page): the
    // rows alone (an index range) when they are the whole filter, else joined to the images.
    const base = options.scan ? undefined : byBaseRows(spec.table, account, query, options.now);
    const alone =
      base?.answers !== undefined &&
      where({ [base.answers]: undefined } as Q).compile(trx).sql ===
        where({ ...query, [base.answers]: undefined }).compile(trx).sql;
    // Under one OS or OS version with filters on an aggregate's columns: the groups kept per
    // base value (0049, 0056), as the facets read them.
    const answered = base?.answers;
    if (
      base !== undefined &&
      answered !== undefined &&
      isScannedList(spec) &&
      KEPT_BASE_FILTERS.includes(answered)
    ) {
      const rest = { ...query, [answered]: undefined };
      const keptKind = KEPT_BASE_COUNT_KINDS.find((candidate) =>
        answersFromAggregate(trx, spec, candidate, rest, where),
      );
      if (keptKind !== undefined) {
        const summed = await sql<{ n: number | string | null }>`select sum(images) as n
          from ${sql.table(aggregateTable(spec, keptKind))} where ${where(rest)}
            and facet = ${answered} and value = ${base.value}`.execute(trx);
        return Number(summed.rows[0]?.n ?? 0);
      }
    }
    const walked = alone
      ? sql`${sql.table(base.table)} as x
          ${sqliteIndexedBy(dialectOf(trx), byBaseIndex(spec.table, 'id_order'))}
          where ${base.where}`
      : options.scan
        ? undefined
        : byBaseImages(spec.table, account, query, options.now, where, dialectOf(trx));
    if (walked === undefined) {
      // The snapshot's columns, where count(*) would read every matching row (column-count.ts).
      const counted =
        options.scan || !isScannedList(spec)
          ? undefined
          : await columnCount(trx, options.columns, spec, account, query, options.now);
      return counted ?? countMatching(trx, spec.table, where(query));
    }
    const counted = await sql<{ n: number | string }>`select count(*) as n
      from ${walked}`.execute(trx);
    return Number(counted.rows[0]?.n ?? 0);
  }
  const summed = await sql<{ n: number | string | null }>`select sum(images) as n
    from ${sql.table(aggregateTable(spec, kind))} where ${where(query)}`.execute(trx);
  return Number(summed.rows[0]?.n ?? 0);
}

/** The basic-image filters whose values 0049's and 0056's aggregates are kept by (`facet`). */
const KEPT_BASE_FILTERS: readonly string[] = ['basic_image_os', 'basic_image_os_version'];
const KEPT_BASE_COUNT_KINDS: readonly AggregateKind[] = ['bases', 'namespace_bases'];

/**
 * The aggregates a total can be read from: the fewer groups first, then the one with both a
 * namespace and a registry name (0054) for filters on both.
 */
const AGGREGATE_COUNT_KINDS: readonly AggregateKind[] = [
  'counts',
  'namespaces',
  'namespace_registries',
];

/** The first basic image (position 0) of digests, as the lists' basic_image column shows it. */
const primaryBasicImagesOf = (account: string, digests: RawBuilder<unknown>) =>
  sql<BasicImageRow>`select image_digest, os_name, os_version, layer_digest from basic_images
    where account = ${account} and kind = 'base' and position = 0 and image_digest in ${digests}`;

/**
 * The same for a page's images, by the digests of the page's rows (`isPageValue`: in the page's
 * read batch), rather than by looking each key up again.
 */
const primaryBasicImagesRead = (
  account: string,
  isPageValue: (column: RawBuilder<unknown>, pageColumn: string) => RawBuilder<unknown>,
) =>
  sql<BasicImageRow>`select image_digest, os_name, os_version, layer_digest from basic_images
    where account = ${account} and kind = 'base' and position = 0
    and ${isPageValue(sql.ref('image_digest'), 'image_digest')} and image_digest <> ''`;

interface BasicImageRow {
  image_digest: string;
  os_name: string;
  os_version: string;
  layer_digest: string;
}

function basicImagesByDigest(
  rows: readonly BasicImageRow[],
): Map<string, { label: string; digest: string }> {
  const out = new Map<string, { label: string; digest: string }>();
  for (const row of rows) {
    out.set(row.image_digest, {
      label: `${row.os_name} ${row.os_version}`.trim(),
      digest: row.layer_digest,
    });
  }
  return out;
}

/** The first basic image of each digest (one image's, by key). */
async function primaryBasicImages(
  db: InventoryDb,
  account: string,
  digests: readonly unknown[],
): Promise<Map<string, { label: string; digest: string }>> {
  const wanted = [
    ...new Set(digests.filter((d): d is string => typeof d === 'string' && d !== '')),
  ];
  if (wanted.length === 0) return new Map();
  const list = sql`(${sql.join(wanted.map((digest) => sql`${digest}`))})`;
  return basicImagesByDigest((await primaryBasicImagesOf(account, list).execute(db)).rows);
}

/** A list row's basic_image extension (null while unknown or when HSS found none). */
function basicImageFields(
  stored: Record<string, unknown>,
  bases: ReadonlyMap<string, { label: string; digest: string }>,
): { basic_image: string | null; basic_image_digest: string | null } {
  const base = typeof stored.image_digest === 'string' ? bases.get(stored.image_digest) : undefined;
  return { basic_image: base?.label ?? null, basic_image_digest: base?.digest ?? null };
}

/** A list row with its basic_image extension. */
function withBasicImage<Row>(
  row: Row,
  stored: Record<string, unknown>,
  bases: ReadonlyMap<string, { label: string; digest: string }>,
): Row {
  return { ...row, ...basicImageFields(stored, bases) };
}

/**
 * The image with this key (the table's primary key with account), or undefined. A spec with a
 * `fallbackKey` also answers a key that is that column's value in exactly one row (links made
 * before CI/CD rows had record keys name an image_id).
 */
export async function imageByKey<Row>(
  spec: ListSpec<ListQuery, unknown, Row>,
  db: InventoryDb,
  account: string,
  key: string,
  scopeNamespaces?: readonly string[],
): Promise<Row | undefined> {
  const columns = listColumns(spec);
  const table = sql.table(spec.table);
  // An image outside the user's namespaces is as if it did not exist.
  const inScope = namespaceMatches(scopeNamespaces) ?? sql`1 = 1`;
  const byKey = await sql<Record<string, unknown>>`select ${columns} from ${table}
    where account = ${account} and ${inScope} and ${sql.ref(spec.key)} = ${key}`.execute(db);
  const found = async (stored: Record<string, unknown>) =>
    withBasicImage(
      spec.fromRow(stored),
      stored,
      await primaryBasicImages(db, account, [stored.image_digest]),
    );
  const row = byKey.rows[0];
  if (row) return found(row);
  if (spec.fallbackKey === undefined) return undefined;
  const byOther = await sql<Record<string, unknown>>`select ${columns} from ${table}
    where account = ${account} and ${inScope} and ${sql.ref(spec.fallbackKey)} = ${key}
    limit 2`.execute(db);
  const [only, other] = byOther.rows;
  return only && !other ? found(only) : undefined;
}

/**
 * SQLite statements that read, whole and once, the b-trees a page of each list reads row by row:
 * the list's table (its rows by rowid), its key's index (a family's members are sought by key),
 * the indexes its families' reads seek and, for the scanned lists, the basic images joined to the
 * rows (primaryBasicImageJoin). After a restart with the file out of the OS page cache a page of
 * 200 at 1,000,000 images read ~1.5 MiB of scattered pages from disk, one at a time (47 ms
 * against 14 warm, docs/benchmarks.md s41-pagecold); these reads bring them in at the disk's
 * sequential speed (read-pool.ts warmFileCache). `count(*)` walks every page of a b-tree without
 * decoding its rows, `not indexed` making it the table's rather than the smallest index's;
 * `sum(1)` is not a count, so `indexed by` holds. A list table's key is its primary key: SQLite's
 * first automatic index of the table.
 */
export function pageFileWarmUp(specs: readonly InventoryListSpec[]): string[] {
  const statements = specs.flatMap((spec) => [
    `select count(*) from "${spec.table}" not indexed`,
    `select sum(1) from "${spec.table}" indexed by "sqlite_autoindex_${spec.table}_1"`,
    ...(spec.families?.sqliteWarmUp ?? []),
  ]);
  if (specs.some((spec) => spec.search.scanned && spec.sqliteRowJson !== undefined))
    statements.push('select count(*) from "basic_images" not indexed');
  return statements;
}
