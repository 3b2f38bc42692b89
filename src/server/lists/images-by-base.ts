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
 * The walk of a page of `table` sorted through its index `sortIndex` (list-store.ts
 * listSortIndex), or undefined: no basic-image filter it can walk (`basic_image_eol=false` is
 * every image but some), a list without basic images, or an order the kept rows do not have. Of
 * several filters, the narrowest: a layer is one base, an OS version fewer images than its OS.
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
  if (list === undefined || suffix === undefined) return undefined;
  const walkedOrder = list.tieBreak().map((own, i) => `${own} = ${list.tieBreak('x.')[i] ?? ''}`);
  // `is`: an image never scanned has no scan time (SQLite seeks an index on `is` too).
  if (suffix === 'sort_latest_scan_time')
    walkedOrder.unshift('latest_scan_time is x.latest_scan_time');
  const listIndexSeek = sql.raw(walkedOrder.join(' and '));
  // The parameters as listWhere reads them (contracts/bff.ts: the scanned lists' queries).
  const params = query as Readonly<Record<string, unknown>>;
  const text = (name: string) => params[name] as string | undefined;
  const rows = (facet: string, value: string, more: RawBuilder<unknown> = sql``) => ({
    table: byBaseTable(table),
    index: byBaseIndex(table, suffix),
    where: sql`x.account = ${account} and x.facet = ${facet} and x.value = ${value}${more}`,
    listIndexSeek,
  });
  const layer = text('basic_image_digest');
  const osVersion = text('basic_image_os_version');
  const os = text('basic_image_os');
  if (layer !== undefined) return rows('layer', layer);
  if (osVersion !== undefined) return rows('os_version', osVersion);
  if (os !== undefined) return rows('os', os);
  if (params.basic_image_eol === true) {
    // The same day as basicImageFilters' (filters.ts): past its end on `now`'s UTC day.
    const today = new Date(now).toISOString().slice(0, 10);
    return rows('eol', '', sql` and x.eol_date < ${today}`);
  }
  return undefined;
}
