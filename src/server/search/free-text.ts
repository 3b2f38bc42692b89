// Free text in the one search (search.ts), bounded: no text reads more of a list than its answer
// needs. Per searchable table (and account) one of two plans:
//  - narrow: the text's rarest trigrams (at most CANDIDATES_MAX rows hold them, counted with a
//    cap in the trigram index of migrations 0037/0046) give every candidate row, and the lists'
//    exact condition decides; the table's matches are complete, ranks exact.
//  - broad (the text is in many rows, or too short for a trigram): the matching rows walked in
//    digest order, stopping after `limit + 1` digests (index account, image_digest), and the rows
//    whose rank is 0, 1 or 2 (an equality: lists/filters.ts searchRank) read through the
//    (lower(column), account, image_digest) indexes of migration 0046, in digest order with the
//    same stop, one select per column value and rank.
// The first `limit` artifacts by (best rank, digest) are then exactly those of reading every row:
// an artifact among them is among the first `limit + 1` digests of the select that holds its
// best row, since every digest before it there is before it in the answer too. The total is exact
// unless a walk stopped early; then it is a lower bound (`totalExact: false`, more than `limit`).
import { sql, type RawBuilder } from 'kysely';
import { freeText, parseSearch, searchRank } from '../lists/filters';
import type { SearchableList } from '../lists';
import type { ReadTrx } from '../serving/query-cache';
import { dialectOf, type InventoryDialect } from '../store/dialect';
import { SEARCH_DIGEST, SEARCH_REFERENCE, SEARCH_TRIGRAM_TABLES } from '../store/migrations';
import type { InventoryTables } from '../store/tables';

/** Candidate rows a narrow plan re-checks at most; more, and the table is read broad. */
export const CANDIDATES_MAX = 2000;
/** Trigrams of one needle whose rows are counted (the likeliest rare ones first). */
const TRIGRAMS_TRIED = 8;
/** A trigram index finds only needles of at least three characters. */
const TRIGRAM = 3;

export interface TextTable {
  spec: SearchableList;
  accounts: readonly string[];
}

export interface TextMatches {
  /** Every digest found, best rank first, then by digest. */
  digests: string[];
  /** False when a broad walk stopped early: more digests match than were found. */
  complete: boolean;
}

interface Needle {
  column: 'reference' | 'digest';
  text: string;
}

/**
 * The needles free text tests (lists/filters.ts freeText), and whether a row needs all of them
 * (`@`: reference and digest) or any (no `@`: reference or the whole text in the digest).
 */
function needlesOf(q: string): { all: boolean; needles: Needle[] } | undefined {
  const terms = parseSearch(q);
  if (terms === undefined) return undefined;
  if (terms.digest === undefined)
    return {
      all: false,
      needles: [
        { column: 'reference', text: terms.reference },
        { column: 'digest', text: terms.text },
      ],
    };
  const needles: Needle[] = [{ column: 'digest', text: terms.digest }];
  if (terms.reference !== '') needles.push({ column: 'reference', text: terms.reference });
  return { all: true, needles };
}

/** The distinct trigrams of `text`, those with fewer letters first (digits and marks are rarer). */
function trigramsOf(text: string): string[] {
  const chars = [...text];
  const seen = new Set<string>();
  for (let at = 0; at + TRIGRAM <= chars.length; at++)
    seen.add(chars.slice(at, at + TRIGRAM).join(''));
  const letters = (trigram: string) => trigram.replace(/[^a-z]/g, '').length;
  return [...seen].sort((a, b) => letters(a) - letters(b)).slice(0, TRIGRAMS_TRIED);
}

/**
 * An FTS5 query for rows holding `trigram` in any column: a superset of those holding it in the
 * needle's column (the exact condition decides), read with a stop; a column filter would read the
 * trigram's whole list when the column has none.
 */
const phrase = (trigram: string) => `"${trigram.replaceAll('"', '""')}"`;

/**
 * SQLite: the rows that can hold `needle`, as an FTS5 query whose rows are at most
 * `candidatesMax`; undefined when no trigram of it is that rare. Every trigram's rows are counted
 * with a cap in one statement (an index read of at most `candidatesMax + 1` entries each), then
 * the two rarest ANDed.
 */
async function rareTrigrams(
  trx: ReadTrx,
  fts: string,
  needle: Needle,
  candidatesMax: number,
): Promise<string | undefined> {
  const capped = (query: string) =>
    sql`(select count(*) from (select rowid from ${sql.table(fts)}
      where ${sql.table(fts)} match ${query} limit ${candidatesMax + 1}) c)`;
  const counts = async (queries: string[]) => {
    const row = (
      await sql<Record<string, number>>`select ${sql.join(
        queries.map((query, at) => sql`${capped(query)} as ${sql.ref(`n${at}`)}`),
      )}`.execute(trx)
    ).rows[0];
    return queries.map((query, at) => ({ query, rows: Number(row?.[`n${at}`] ?? 0) }));
  };
  const queries = trigramsOf(needle.text).map(phrase);
  if (queries.length === 0) return undefined;
  const [rarest, next] = (await counts(queries)).sort((a, b) => a.rows - b.rows);
  if (rarest === undefined) return undefined;
  if (rarest.rows <= candidatesMax) return rarest.query;
  if (next === undefined) return undefined;
  const both = `${rarest.query} AND ${next.query}`;
  const [counted] = await counts([both]);
  return counted !== undefined && counted.rows <= candidatesMax ? both : undefined;
}

/** LIKE's pattern for `text` anywhere (backslash escapes), as 0037's GIN indexes serve it. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The narrow plan's candidate condition for `table`, or undefined when the text must be read
 * broad. PostgreSQL: the trigram GIN indexes (0037/0046) counted with the same cap.
 */
async function narrowCandidates(
  trx: ReadTrx,
  table: TextTable,
  q: string,
  dialect: InventoryDialect,
  candidatesMax: number,
): Promise<RawBuilder<unknown> | undefined> {
  const name = table.spec.table;
  const read = needlesOf(q);
  if (read === undefined || !SEARCH_TRIGRAM_TABLES.includes(name)) return undefined;
  const long = read.needles.filter((needle) => [...needle.text].length >= TRIGRAM);
  if (long.length === 0 || (!read.all && long.length < read.needles.length)) return undefined;
  if (dialect === 'postgres') {
    const like = ({ column, text }: Needle) =>
      sql`${sql.raw(column === 'reference' ? SEARCH_REFERENCE : SEARCH_DIGEST)} like ${likePattern(text)}`;
    const condition = sql`(${sql.join(long.map(like), read.all ? sql` and ` : sql` or `)})`;
    const counted = await sql<{ n: number | string }>`select count(*) as n from (select 1
      from ${sql.table(name)} where ${condition} limit ${candidatesMax + 1}) c`.execute(trx);
    return Number(counted.rows[0]?.n ?? 0) <= candidatesMax ? condition : undefined;
  }
  const fts = `${name}_search`;
  const queries: string[] = [];
  // The trigrams are counted in every column: a text that is both needles is counted once.
  const counted = new Map<string, string | undefined>();
  for (const needle of long) {
    const query = counted.has(needle.text)
      ? counted.get(needle.text)
      : await rareTrigrams(trx, fts, needle, candidatesMax);
    counted.set(needle.text, query);
    // All-of: one rare needle narrows the rows; any-of: every needle must be rare.
    if (read.all && query !== undefined) return ftsRows(fts, [query]);
    if (!read.all && query === undefined) return undefined;
    if (query !== undefined) queries.push(query);
  }
  return read.all ? undefined : ftsRows(fts, Array.from(new Set(queries)));
}

const ftsRows = (fts: string, queries: string[]) =>
  sql`rowid in (${sql.join(
    queries.map(
      (query) => sql`select rowid from ${sql.table(fts)} where ${sql.table(fts)} match ${query}`,
    ),
    sql` union `,
  )})`;

/**
 * The column values whose rows can rank 0-2 for reference `r` (searchRank), each with the ranks
 * its rows can have: the namespace, name or tag `r` (2); the namespace `r` up to a `/`
 * (namespace/name[:tag] = r: 0, 1); the name `r` up to a `:` (name:tag = r: 1). A select per
 * value and rank walks only rows of that rank, so that its stop is exact.
 */
function equalityLookups(
  reference: string,
): Array<{ column: string; value: string; ranks: number[] }> {
  const prefixes = (separator: string) =>
    Array.from(
      new Set(
        [...reference].flatMap((char, at) =>
          char === separator && at > 0 ? [reference.slice(0, at)] : [],
        ),
      ),
    );
  if (reference === '') return [];
  return [
    { column: 'namespace', value: reference, ranks: [2] },
    { column: 'image_name', value: reference, ranks: [2] },
    { column: 'image_version', value: reference, ranks: [2] },
    ...prefixes('/').map((value) => ({ column: 'namespace', value, ranks: [0, 1] })),
    ...prefixes(':').map((value) => ({ column: 'image_name', value, ranks: [1] })),
  ];
}

/**
 * What free text is asked: the text `q` in `tables` (each with its accounts) under `scope`, at
 * most `limit + 1` digests from each broad select; a table with more than `candidatesMax`
 * candidates is walked (the broad plan).
 */
type FreeTextQuestion = [
  trx: ReadTrx,
  tables: readonly TextTable[],
  q: string,
  limit: number,
  scope: RawBuilder<unknown>,
  candidatesMax?: number,
];

/** Free text's rows: walk > 0 numbers a broad walk, to see if it stopped. */
type TextRow = { digest: string; rank: number | string; walk: number | string };

/**
 * The one statement free text runs over `tables` (its plan, narrow or broad, chosen per table by
 * counting candidates); undefined when the text has no term to find.
 */
export async function freeTextSelect(
  ...[trx, tables, q, limit, scope, candidatesMax = CANDIDATES_MAX]: FreeTextQuestion
): Promise<RawBuilder<TextRow> | undefined> {
  const terms = parseSearch(q);
  const exact = freeText(q);
  const rank = searchRank(q);
  if (terms === undefined || exact === undefined || rank === undefined) return undefined;
  const dialect = dialectOf<InventoryTables>(trx);
  const stop = limit + 1;
  // Every select yields (digest, rank, walk): walk > 0 numbers a broad walk, to see if it stopped.
  const selects: Array<RawBuilder<unknown>> = [];
  let walks = 0;
  for (const table of tables) {
    const from = sql.table(table.spec.table);
    const accounts = sql`account in (${sql.join(table.accounts.map((account) => sql`${account}`))})`;
    const imageId = sql`select image_digest as digest, ${rank} as rank, 0 as walk from ${from}
      where ${accounts} and image_digest <> '' and image_id = ${q} and ${scope}`;
    selects.push(imageId);
    const candidates = await narrowCandidates(trx, table, q, dialect, candidatesMax);
    if (candidates !== undefined) {
      selects.push(sql`select image_digest as digest, ${rank} as rank, 0 as walk from ${from}
        where ${accounts} and image_digest <> '' and ${candidates} and ${exact} and ${scope}`);
      continue;
    }
    for (const account of table.accounts) {
      const own = sql`account = ${account} and image_digest <> '' and ${exact} and ${scope}`;
      walks += 1;
      selects.push(sql`select digest, 3 as rank, ${sql.lit(walks)} as walk from (select distinct
        image_digest as digest from ${from} where ${own} order by image_digest limit ${stop}) w`);
      const equalities = [
        ...equalityLookups(terms.reference).map(({ column, value, ranks }) => ({
          condition: sql`lower(${sql.ref(column)}) = ${value}`,
          ranks,
        })),
        { condition: sql`image_digest = ${terms.digest ?? terms.text}`, ranks: [0] },
      ];
      for (const { condition, ranks } of equalities)
        for (const level of ranks)
          selects.push(sql`select digest, ${sql.lit(level)} as rank, 0 as walk from (select distinct
            image_digest as digest from ${from} where ${condition} and ${own}
            and ${rank} = ${sql.lit(level)} order by image_digest limit ${stop}) e`);
    }
  }
  return sql<TextRow>`${sql.join(
    selects.map((select) => sql`select * from (${select}) s`),
    sql` union all `,
  )}`;
}

/** The digests free text finds in `tables`, with at most `limit + 1` from each broad select. */
export async function freeTextMatches(...question: FreeTextQuestion): Promise<TextMatches> {
  const statement = await freeTextSelect(...question);
  const [trx, , , limit] = question;
  if (statement === undefined) return { digests: [], complete: true };
  const stop = limit + 1;
  const rows = await statement.execute(trx);
  const best = new Map<string, number>();
  const walked = new Map<number, number>();
  for (const row of rows.rows) {
    const level = Number(row.rank);
    const previous = best.get(row.digest);
    if (previous === undefined || level < previous) best.set(row.digest, level);
    const walk = Number(row.walk);
    if (walk > 0) walked.set(walk, (walked.get(walk) ?? 0) + 1);
  }
  const digests = [...best.entries()]
    .sort(([a, rankA], [b, rankB]) => rankA - rankB || (a < b ? -1 : a > b ? 1 : 0))
    .map(([digest]) => digest);
  return { digests, complete: [...walked.values()].every((found) => found < stop) };
}
