// A page under a basic-image filter walks the list's images by base (migration 0055,
// store/images-by-base-schema.ts) rather than the list's sort index: it visits only the images
// on the filter's base, in the page's order, instead of every image of the account with a probe
// of basic_images each (issue 22). The page's whole filter still decides (filters.ts pageKeys).
import { sql, type RawBuilder } from 'kysely';
import {
  BY_BASE_LISTS,
  BY_BASE_WALKED_SUFFIXES,
  byBaseIndex,
  byBaseTable,
} from '../store/images-by-base-schema';
import { sqliteIndexedBy, type InventoryDialect } from '../store/dialect';

/** The kept rows a page walks: their table, the index in the page's order, which rows. */
export interface ByBaseWalk {
  table: string;
  index: string;
  /** Over the walked rows, aliased `x`. */
  where: RawBuilder<unknown>;
  /**
   * SQLite: the image of a walked row `x` in the list's own index of the same order (its columns
   * equal), which covers the risk filters and the digest: no table row for most filters.
   */
  listIndexSeek: RawBuilder<unknown>;
}

/**
 * The kept rows of the images on a query's basic-image filter (over the walked rows, aliased `x`),
 * or undefined: no filter they answer (`basic_image_eol=false` is every image but some) or a list
 * without basic images. Of several filters, the narrowest: a layer is one base, an OS version
 * fewer images than its OS. `answers` names the filter the rows are exactly (an image meets a
 * (facet, value) pair once), so that a reader can drop it; with another exact base filter beside
 * it (one basic image must match both) none: the whole filter must still be applied.
 */
export function byBaseRows(
  table: string,
  account: string,
  query: object,
  now: number,
): ByBaseRows | undefined {
  const list = BY_BASE_LISTS.find((candidate) => candidate.table === table);
  if (list === undefined) return undefined;
  // The parameters as listWhere reads them (contracts/bff.ts: the scanned lists' queries).
  const params = query as Readonly<Record<string, unknown>>;
  const text = (name: string) => params[name] as string | undefined;
  const exact = EXACT_BASE_FILTERS.filter(([name]) => text(name) !== undefined);
  const rows = (
    facet: string,
    value: string,
    answers: string,
    more: RawBuilder<unknown> = sql``,
    groupsValue: RawBuilder<unknown> = sql`value = ${value}`,
  ): ByBaseRows => ({
    table: byBaseTable(table),
    key: list.key,
    facet,
    value,
    where: sql`x.account = ${account} and x.facet = ${facet} and x.value = ${value}${more}`,
    groupsWhere: sql`facet = ${facet} and ${groupsValue}`,
    answers: exact.length <= 1 ? answers : undefined,
  });
  const [narrowest] = exact;
  if (narrowest !== undefined) {
    const [name, facet] = narrowest;
    return rows(facet, text(name) ?? '', name);
  }
  if (params.basic_image_eol === true) {
    // The same day as basicImageFilters' (filters.ts): past its end on `now`'s UTC day.
    const today = new Date(now).toISOString().slice(0, 10);
    // 0064's groups keep the earliest date as the value (never '').
    return rows(
      'eol',
      '',
      'basic_image_eol',
      sql` and x.eol_date < ${today}`,
      sql`value < ${today}`,
    );
  }
  return undefined;
}

export interface ByBaseRows {
  /** The kept table and the list's key column in it. */
  table: string;
  key: string;
  /** The walked (facet, value) pair: `os`, `os_version`, `layer` or `eol` (value ''). */
  facet: string;
  value: string;
  /** Over the walked rows, aliased `x`. */
  where: RawBuilder<unknown>;
  /** The same images' (facet, value) in 0064's groups (`*_risk_base_groups`), unaliased. */
  groupsWhere: RawBuilder<unknown>;
  /** The query parameter the rows are exactly, if one is. */
  answers: string | undefined;
}

/** The exact basic-image filters, the narrowest first, with the kept rows' facet of each. */
const EXACT_BASE_FILTERS = [
  ['basic_image_digest', 'layer'],
  ['basic_image_os_version', 'os_version'],
  ['basic_image_os', 'os'],
] as const;

/**
 * The walk of a page of `table` sorted through its index `sortIndex` (list-store.ts
 * listSortIndex), or undefined: no basic-image filter it can walk (byBaseRows) or an order the
 * kept rows do not have.
 */
export function byBaseWalk(
  table: string,
  sortIndex: string | undefined,
  account: string,
  query: object,
  now: number,
): ByBaseWalk | undefined {
  const list = BY_BASE_LISTS.find((candidate) => candidate.table === table);
  const suffix = BY_BASE_WALKED_SUFFIXES.find((walked) => sortIndex === `${table}_${walked}`);
  const rows = byBaseRows(table, account, query, now);
  if (list === undefined || suffix === undefined || rows === undefined) return undefined;
  const walkedOrder = list.tieBreak().map((own, i) => `${own} = ${list.tieBreak('x.')[i] ?? ''}`);
  // `is`: an image never scanned has no scan time (SQLite seeks an index on `is` too).
  if (suffix === 'sort_latest_scan_time')
    walkedOrder.unshift('latest_scan_time is x.latest_scan_time');
  return {
    table: rows.table,
    index: byBaseIndex(table, suffix),
    where: rows.where,
    listIndexSeek: sql.raw(walkedOrder.join(' and ')),
  };
}

/**
 * `from … where …` of the images matching `filters` when a basic-image filter has kept rows
 * (byBaseRows): those rows joined to their image rows (aliased as the list table, so that the
 * list's WHERE reads them), the filter they are exactly left out. Undefined otherwise.
 */
export function byBaseImages<Q extends object>(
  table: string,
  account: string,
  filters: Q,
  now: number,
  where: (filters: Q) => RawBuilder<unknown>,
  dialect: InventoryDialect,
): RawBuilder<unknown> | undefined {
  const walked = byBaseRows(table, account, filters, now);
  if (walked === undefined) return undefined;
  const key = (alias: string) => sql.ref(`${alias}.${walked.key}`);
  const rest = { ...filters } as Record<string, unknown>;
  if (walked.answers !== undefined) delete rest[walked.answers];
  return sql`(select r.* from ${sql.table(walked.table)} as x
      ${sqliteIndexedBy(dialect, byBaseIndex(table, 'id_order'))}
      join ${sql.table(table)} as r on r.account = x.account and ${key('r')} = ${key('x')}
      where ${walked.where}) as ${sql.table(table)}
    where ${where(rest as Q)}`;
}
