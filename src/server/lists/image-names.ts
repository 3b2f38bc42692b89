// An image name filter is a substring: no index can seek it. Under it, on SQLite, the names of
// the account that it matches are read once (a loose scan of 0070's index led by the name, one
// seek a name: a few hundred at 1M), then their ranges of that index, which holds every column
// the facets and the risk summary read under the name and the other filters on those columns
// (1M, 'nginx': 24,460 of 1M entries, where every entry or table row was read).
import { sql, type RawBuilder } from 'kysely';
import type { ReadTrx } from '../serving/query-cache';
import { dialectOf, sqliteIndexedBy } from '../store/dialect';
import type { InventoryTables } from '../store/tables';
import type { ListQuery } from './spec';

/** More images matching an image name than this are not read by their names' ranges. */
export const MAX_NAMED_IMAGES = 50_000;

/** More matching image names than this are not named (bound parameters are limited). */
export const MAX_NAMED_IMAGE_NAMES = 10_000;

/** 0070's index of a list table led by the image name (SQLite). */
export const nameIndex = (table: string) => `${table}_name_facets`;

/** The images of the names `names` (their ranges of 0070's index led by the name). */
export function namedIn(names: readonly string[]): RawBuilder<unknown> {
  return names.length === 0
    ? sql`1 = 0`
    : sql`image_name in (${sql.join(names.map((name) => sql`${name}`))})`;
}

/**
 * SQLite, under an image name filter (a substring every part has): the account's names it
 * matches, so that each part reads their ranges of 0070's index (`<list>_name_facets`, led by the
 * name, with every column the facets read) instead of testing the substring on each of its 1M
 * entries (173 ms) or seeking the matching rows (1M, 'nginx': 24,460 rows, ~75 ms of CPU). The
 * substring is tested once per distinct name (a loose index scan: one seek a name, a few hundred
 * at 1M). Undefined on PostgreSQL, without the filter, past MAX_NAMED_IMAGES matching images (a
 * walk of the index costs less) or MAX_NAMED_IMAGE_NAMES names (bound parameters are limited).
 */
export async function imageNamesMatching<Q extends ListQuery>(
  trx: ReadTrx,
  account: string,
  table: string,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
): Promise<string[] | undefined> {
  if (query.image_name === undefined || dialectOf<InventoryTables>(trx) !== 'sqlite')
    return undefined;
  const images = sql.table(table);
  const byName = sqliteIndexedBy('sqlite', nameIndex(table));
  const nameQuery = Object.fromEntries([['image_name', query.image_name]]) as Q;
  const { rows } = await sql<{ names: string; n: number }>`with recursive
      seen(image_name) as (
        select min(image_name) from ${images} ${byName} where account = ${account}
        union all
        select (select min(image_name) from ${images} ${byName} where account = ${account}
          and image_name > seen.image_name) from seen where seen.image_name is not null),
      named(image_name) as (select image_name from (select cast(${account} as text) as account,
          image_name from seen where image_name is not null) s where ${where(nameQuery)})
    select (select json_group_array(image_name) from named) as names,
      (select count(*) from (select 1 from ${images} ${byName}
        where account = ${account} and image_name in (select image_name from named)
        limit ${MAX_NAMED_IMAGES + 1})) as n`.execute(trx);
  const [row] = rows;
  const names = JSON.parse(row?.names ?? '[]') as string[];
  return Number(row?.n ?? 0) > MAX_NAMED_IMAGES || names.length > MAX_NAMED_IMAGE_NAMES
    ? undefined
    : names;
}
