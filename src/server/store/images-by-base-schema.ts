// Migration 0055's tables and triggers: each scanned list's images by base (issue 22), so that a
// page under a basic-image filter walks only the images on that base, in the page's order,
// instead of walking every image of the account and probing basic_images for each (a filter
// matching 6 % of the images walked ~9,500 rows to reach offset 600).
//
// `<list>_by_base` holds one row per image and value of each of its bases, by facet: `os`
// (os_name), `os_version`, `layer` (layer_digest), and one `eol` row (value '') carrying the
// earliest end-of-life date of its bases when one is known. A (facet, value) pair names an image
// once however many of its bases share it, so a walk of one pair meets each image once. Each row
// carries the image's sort columns (scan time, tie break), in the two orders the list's own walked
// indexes have (0052): scan time, and the default order.
//
// Kept in the writing transaction, as 0042's sums: an image's rows are rewritten when it is
// written with another digest, scan time or tie break, or removed; a digest's images' rows when
// one of its bases appears, disappears or gets another end-of-life date (basic_image_bases, 0042,
// holds the distinct bases of each digest). Row triggers on both dialects.
import { sql, type Kysely } from 'kysely';
import { createTrigger } from './base-image-aggregates-schema';
import { dialectOf } from './dialect';

/** The lists with basic images, their key and the columns their tie break orders by (frozen). */
export const BY_BASE_LISTS = [
  {
    table: 'registry_images',
    key: 'id',
    tieBreak: (row = '') => [`length(${row}id)`, `${row}id`],
    columns: ['id'],
  },
  {
    table: 'cicd_images',
    key: 'record_key',
    tieBreak: (row = '') => [`${row}image_id`, `${row}record_key`],
    columns: ['image_id', 'record_key'],
  },
] as const;

type ByBaseList = (typeof BY_BASE_LISTS)[number];

/** The kept table of a list's images by base. */
export const byBaseTable = (listTable: string) => `${listTable}_by_base`;

export const BY_BASE_TABLES = BY_BASE_LISTS.map((list) => byBaseTable(list.table));

/**
 * Its walked indexes, named by the list index whose order each has (`<list>_id_order`,
 * `<list>_sort_latest_scan_time`): `<list>_by_base_id_order`, `…_sort_latest_scan_time`. They end
 * with the end-of-life date, which the `eol` walk tests without reading the row.
 */
export const byBaseIndex = (listTable: string, listIndexSuffix: string) =>
  `${byBaseTable(listTable)}_${listIndexSuffix}`;

export const BY_BASE_WALKED_SUFFIXES = ['id_order', 'sort_latest_scan_time'] as const;

/**
 * The rows of the images of relation `images` (columns: account, the list's columns,
 * latest_scan_time, image_digest): a row per facet value of their bases, and their earliest
 * end-of-life date. Rows already there are left (a digest's refresh after its images' own).
 */
function insertRows(list: ByBaseList, images: string): string {
  const own = list.columns.map((column) => `i.${column}`).join(', ');
  const bases = `from ${images} i join basic_image_bases b on b.account = i.account
    and b.image_digest = i.image_digest and b.kind = 'base' and b.positions > 0
    where i.image_digest <> ''`;
  const facet = (name: string, value: string) =>
    `select distinct i.account, ${own}, i.latest_scan_time, '${name}', ${value}, '' ${bases}`;
  return `
    insert into ${byBaseTable(list.table)} (account, ${list.columns.join(', ')},
      latest_scan_time, facet, value, eol_date)
    select * from (
      ${facet('os', 'b.os_name')}
      union all ${facet('os_version', 'b.os_version')}
      union all ${facet('layer', 'b.layer_digest')}
      union all select i.account, ${own}, i.latest_scan_time, 'eol', '',
        min(nullif(b.eol_date, '')) ${bases}
      group by i.account, ${own}, i.latest_scan_time having min(nullif(b.eol_date, '')) is not null
    ) r where true
    on conflict do nothing;`;
}

/** An image row (`new`/`old`) as the relation `insertRows` reads. */
const imageRow = (list: ByBaseList, row: 'new' | 'old') =>
  `(select ${row}.account as account, ${list.columns
    .map((column) => `${row}.${column} as ${column}`)
    .join(', ')}, ${row}.latest_scan_time as latest_scan_time,
    ${row}.image_digest as image_digest)`;

const deleteImage = (list: ByBaseList, row: 'new' | 'old') =>
  `delete from ${byBaseTable(list.table)} where account = ${row}.account
    and ${list.key} = ${row}.${list.key};`;

/** Every row of the images of the digest of basic_image_bases row `row`, rewritten. */
function refreshDigest(list: ByBaseList, row: 'new' | 'old'): string {
  const digestImages = `select ${list.key} from ${list.table}
    where account = ${row}.account and image_digest = ${row}.image_digest`;
  return `
    delete from ${byBaseTable(list.table)} where account = ${row}.account
      and ${list.key} in (${digestImages});
    ${insertRows(
      list,
      `(select account, ${list.columns.join(', ')}, latest_scan_time, image_digest
        from ${list.table} where account = ${row}.account and image_digest = ${row}.image_digest)`,
    )}`;
}

/** Creates the tables, indexes and triggers of 0055 and fills them from the tables as they are. */
export async function createByBaseTables(db: Kysely<unknown>): Promise<void> {
  const text = dialectOf(db) === 'postgres' ? 'text collate "C"' : 'text';
  for (const list of BY_BASE_LISTS) {
    const table = byBaseTable(list.table);
    const own = list.columns.map((column) => `${column} ${text} not null`).join(', ');
    await sql
      .raw(
        `create table ${table} (account ${text} not null, ${own}, latest_scan_time bigint,
          facet ${text} not null, value ${text} not null, eol_date ${text} not null,
          constraint ${table}_pk primary key (account, ${list.key}, facet, value))`,
      )
      .execute(db);
    const orders: Record<(typeof BY_BASE_WALKED_SUFFIXES)[number], string> = {
      id_order: list.tieBreak().join(', '),
      sort_latest_scan_time: `latest_scan_time, ${list.tieBreak().join(', ')}`,
    };
    for (const [suffix, order] of Object.entries(orders))
      await sql
        .raw(
          `create index ${byBaseIndex(list.table, suffix)} on ${table}
            (account, facet, value, ${order}, eol_date)`,
        )
        .execute(db);
    await createByBaseTriggers(db, list);
    await sql.raw(insertRows(list, list.table)).execute(db);
  }
}

async function createByBaseTriggers(db: Kysely<unknown>, list: ByBaseList): Promise<void> {
  const name = (event: string) => `${byBaseTable(list.table)}_${event}`;
  await createTrigger(
    db,
    name('image_insert'),
    { event: 'insert', table: list.table },
    insertRows(list, imageRow(list, 'new')),
  );
  await createTrigger(
    db,
    name('image_delete'),
    { event: 'delete', table: list.table },
    deleteImage(list, 'old'),
  );
  // A sync rewrites every row it sees: only a new digest, scan time or tie break moves the rows,
  // and a rescan (a new scan time alone) updates them in place: rewriting them cost a 2,000-image
  // rescan's write +32 % of CPU, in place +5 % (alternated in one process, load 15-20).
  const changed = (columns: readonly string[]) =>
    columns.map((column) => `old.${column} is distinct from new.${column}`).join(' or ');
  const moved = changed(['image_digest', ...list.columns]);
  await createTrigger(
    db,
    name('image_update'),
    { event: 'update', table: list.table, when: moved },
    deleteImage(list, 'old') + insertRows(list, imageRow(list, 'new')),
  );
  await createTrigger(
    db,
    name('image_rescan'),
    {
      event: 'update',
      table: list.table,
      when: `(${changed(['latest_scan_time'])}) and not (${moved})`,
    },
    `update ${byBaseTable(list.table)} set latest_scan_time = new.latest_scan_time
      where account = new.account and ${list.key} = new.${list.key};`,
  );
  await createTrigger(
    db,
    name('base_insert'),
    {
      event: 'insert',
      table: 'basic_image_bases',
      when: `new.kind = 'base' and new.positions > 0`,
    },
    refreshDigest(list, 'new'),
  );
  await createTrigger(
    db,
    name('base_update'),
    {
      event: 'update',
      table: 'basic_image_bases',
      when: `(old.kind = 'base' or new.kind = 'base') and ((old.positions > 0) <> (new.positions > 0)
        or old.eol_date <> new.eol_date)`,
    },
    refreshDigest(list, 'new'),
  );
  await createTrigger(
    db,
    name('base_delete'),
    { event: 'delete', table: 'basic_image_bases', when: `old.kind = 'base'` },
    refreshDigest(list, 'old'),
  );
}
