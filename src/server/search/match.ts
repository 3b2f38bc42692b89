// The SQL condition a search key puts on a searchable list's rows (search-key.ts says what each
// key kind is). Digest and name keys are equalities and ranges the indexes of migration 0029
// serve; text is the lists' own free-text search (lists/filters.ts), plus an exact image id.
import { sql, type RawBuilder } from 'kysely';
import { freeText, parseSearch, searchRank } from '../lists/filters';
import { SEARCH_DIGEST, SEARCH_REFERENCE, SEARCH_TRIGRAM_TABLES } from '../store/migrations';
import type { InventoryDialect } from '../store/dialect';
import type { SearchKey } from './search-key';

const DIGEST_ALGORITHM = 'sha256:';

/**
 * The exclusive upper bound of a digest prefix's range: every continuation of a prefix is lower-
 * case hex, and `g` sorts after each of them (byte order: SQLite's BINARY, PostgreSQL's "C").
 */
const AFTER_HEX = 'g';

/** The splits of `a/b/c` into namespace and name: (a, b/c), (a/b, c); HSS names may hold `/`. */
function namespaceSplits(path: string): Array<{ namespace: string; name: string }> {
  const segments = path.split('/');
  const splits: Array<{ namespace: string; name: string }> = [];
  for (let cut = 1; cut < segments.length; cut++)
    splits.push({
      namespace: segments.slice(0, cut).join('/'),
      name: segments.slice(cut).join('/'),
    });
  return splits;
}

export function keyCondition(key: SearchKey): RawBuilder<unknown> {
  switch (key.kind) {
    case 'digest': {
      // HSS image ids are 64 hex too: the same text names a record by its image id.
      const hex = key.digest.slice(DIGEST_ALGORITHM.length);
      return sql`(image_digest = ${key.digest} or image_id in (${hex}, ${key.digest}))`;
    }
    case 'digest_prefix':
      return sql`(image_digest >= ${key.prefix} and image_digest < ${key.prefix + AFTER_HEX})`;
    case 'name_tag':
      return sql`(image_name = ${key.name} and image_version = ${key.tag})`;
    case 'reference': {
      const tag = key.tag === undefined ? sql`` : sql` and image_version = ${key.tag}`;
      const splits = namespaceSplits(key.path).map(
        ({ namespace, name }) => sql`(namespace = ${namespace} and image_name = ${name}${tag})`,
      );
      return sql`(${sql.join(splits, sql` or `)})`;
    }
    case 'text':
      return sql`(${freeText(key.text) ?? sql`1 = 0`} or image_id = ${key.text})`;
  }
}

/**
 * The conditions whose matches, together, are the rows `key` finds in `table`: one select each
 * (union all), so that each can read an index of its own. Free text is the lists' own search
 * narrowed first by the list's trigram index (migration 0037) when every needle it tests is long
 * enough for one, and an exact image id; the exact condition still decides, so the rows are those
 * of the scan on both databases.
 */
export function keyBranches(
  key: SearchKey,
  table: string,
  dialect: InventoryDialect,
): Array<RawBuilder<unknown>> {
  if (key.kind !== 'text') return [keyCondition(key)];
  const exact = freeText(key.text) ?? sql`1 = 0`;
  const narrowed = SEARCH_TRIGRAM_TABLES.includes(table)
    ? trigramCandidates(key.text, table, dialect)
    : undefined;
  return [
    ...(narrowed === undefined
      ? [exact]
      : narrowed.map((candidates) => sql`(${candidates} and ${exact})`)),
    sql`image_id = ${key.text}`,
  ];
}

/** A trigram index finds only needles of at least three characters. */
const TRIGRAM = 3;

export interface Needle {
  column: 'reference' | 'digest';
  text: string;
}

/**
 * The needles free text tests (lists/filters.ts freeText), and whether a row needs all of them
 * (`@`: reference and digest) or any (no `@`: reference or the whole text in the digest).
 */
export function needlesOf(q: string): { all: boolean; needles: Needle[] } | undefined {
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

/**
 * Supersets of the rows free text matches, read from the trigram index: one per needle when a row
 * needs any of them (each its own select: PostgreSQL then reads one index for each, where an OR of
 * two GIN scans in one select prices itself out), one for all of them; undefined when the index
 * cannot narrow them (a needle of any-of shorter than a trigram, or no long one in all-of).
 */
function trigramCandidates(
  q: string,
  table: string,
  dialect: InventoryDialect,
): Array<RawBuilder<unknown>> | undefined {
  const read = needlesOf(q);
  if (read === undefined) return undefined;
  const long = read.needles.filter((needle) => [...needle.text].length >= TRIGRAM);
  if (long.length === 0 || (!read.all && long.length < read.needles.length)) return undefined;
  const groups = read.all ? [long] : long.map((needle) => [needle]);
  if (dialect === 'postgres') {
    // The expressions of 0037's GIN indexes; LIKE (backslash escapes) is what they serve.
    const like = ({ column, text }: Needle) =>
      sql`${sql.raw(column === 'reference' ? SEARCH_REFERENCE : SEARCH_DIGEST)} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
    return groups.map((needles) => sql`(${sql.join(needles.map(like), sql` and `)})`);
  }
  const phrase = ({ column, text }: Needle) => `${column} : "${text.replaceAll('"', '""')}"`;
  const fts = `${table}_search`;
  return groups.map(
    (needles) =>
      sql`rowid in (select rowid from ${sql.table(fts)} where ${sql.table(fts)} match ${needles.map(phrase).join(' AND ')})`,
  );
}

/** How well a row matches (lower first): the lists' search rank for text, else all equal. */
export function keyRank(key: SearchKey): RawBuilder<unknown> {
  return key.kind === 'text' ? (searchRank(key.text) ?? sql`0`) : sql`0`;
}
