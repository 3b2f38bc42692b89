// CI/CD images (ListCicdImages) in the inventory, keyed by `record_key` (cicd-record-key.ts): they
// have no record id, and their image_id may be empty or shared by distinct records.
import { sql } from 'kysely';
import {
  CICD_LIMIT,
  type CicdImage,
  type CicdImageRow,
  type CicdImagesListQuery,
} from '../../shared/contracts';
import { cicdRecordKey } from './cicd-record-key';
import type { InventoryDb } from '../store/db';
import { exactColumnList, numberOrNull } from '../store/dialect';
import {
  anyOf,
  containsText,
  countMatching,
  equalsText,
  freeText,
  hasCount,
  neverScanned,
  onlyLatest,
  queryPage,
  risky,
  searchRank,
  severityIn,
  sortExpression,
  sortIndexSuffix,
  ranked,
  sizeBetween,
  timeRange,
  whereClause,
} from './filters';
import {
  NO_QUERY_CACHE,
  withoutPaging,
  type AnswerRequest,
  type QueryCache,
} from '../serving/query-cache';
import {
  CICD_IMAGE_COLUMNS,
  IMAGE_TIME_COLUMNS,
  type CicdImagesTable,
  type InventoryTables,
} from '../store/tables';

function toRow(account: string, image: CicdImage, seenAt: number): CicdImagesTable {
  return {
    account,
    record_key: cicdRecordKey(image),
    ...image,
    latest_version: image.latest_version ? 1 : 0,
    seen_at: seenAt,
  };
}

export function fromRow(row: CicdImagesTable): CicdImageRow {
  const { account: _account, seen_at: _seenAt, ...rest } = row;
  return { ...rest, latest_version: row.latest_version === 1 };
}

export async function upsertCicdImages(
  db: InventoryDb,
  account: string,
  images: readonly CicdImage[],
  seenAt: number,
): Promise<void> {
  if (images.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < images.length; start += 200) {
      // One row per key in a statement: PostgreSQL refuses to update a row twice in one (a page
      // can repeat a record); the last one wins, as it does on SQLite.
      const byKey = new Map<string, CicdImagesTable>();
      for (const image of images.slice(start, start + 200)) {
        const row = toRow(account, image, seenAt);
        byKey.set(row.record_key, row);
      }
      const rows = [...byKey.values()];
      await trx
        .insertInto('cicd_images')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['account', 'record_key']).doUpdateSet((eb) => {
            const update: Record<string, unknown> = {};
            for (const key of Object.keys(rows[0] ?? {})) {
              if (key !== 'account' && key !== 'record_key')
                update[key] = eb.ref(`excluded.${key as keyof CicdImagesTable}`);
            }
            return update;
          }),
        )
        .execute();
    }
  });
}

/** As `sweepRegistryImages`: rows a crawl begun at `crawlStartedAt` did not see. */
export async function sweepCicdImages(
  db: InventoryDb,
  account: string,
  crawlStartedAt: number,
  options: { keepUntimed?: boolean } = {},
): Promise<number> {
  let query = db
    .deleteFrom('cicd_images')
    .where('account', '=', account)
    .where('seen_at', '<', crawlStartedAt);
  if (options.keepUntimed) query = query.where('latest_update_time', 'is not', null);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest update and scan times in the account's rows (the incremental watermarks). */
export async function latestCicdTimes(
  db: InventoryDb,
  account: string,
): Promise<Record<'latest_update_time' | 'latest_scan_time', number | null>> {
  const row = await db
    .selectFrom('cicd_images')
    .select((eb) => [
      eb.fn.max('latest_update_time').as('latest_update_time'),
      eb.fn.max('latest_scan_time').as('latest_scan_time'),
    ])
    .where('account', '=', account)
    .executeTakeFirst();
  return {
    latest_update_time: numberOrNull(row?.latest_update_time),
    latest_scan_time: numberOrNull(row?.latest_scan_time),
  };
}

/** As `supersedeRegistryLatest`, for a pipeline's images (namespace, name and registry). */
export async function supersedeCicdLatest(
  db: InventoryDb,
  account: string,
  images: readonly CicdImage[],
): Promise<void> {
  const latest = images.filter((image) => image.latest_version);
  if (latest.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const image of latest) {
      await trx
        .updateTable('cicd_images')
        .set({ latest_version: 0 })
        .where('account', '=', account)
        .where('namespace', '=', image.namespace)
        .where('image_name', '=', image.image_name)
        .where('registry_name', '=', image.registry_name)
        .where('latest_version', '=', 1)
        .where('record_key', '!=', cicdRecordKey(image))
        .execute();
    }
  });
}

/** The digest of a mirrored CI/CD image, or undefined. */
export async function findCicdImageDigest(
  db: InventoryDb,
  account: string,
  imageId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('cicd_images')
    .select('image_digest')
    .where('account', '=', account)
    .where('image_id', '=', imageId)
    .where('image_digest', '!=', '')
    .executeTakeFirst();
  return row?.image_digest;
}

export async function countCicdImages(db: InventoryDb, account: string): Promise<number> {
  const row = await db
    .selectFrom('cicd_images')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function cicdImagesWhere(account: string, query: CicdImagesListQuery, now: number) {
  return whereClause([
    sql`account = ${account}`,
    containsText('namespace', query.namespace),
    anyOf('namespace', query.namespaces),
    containsText('image_name', query.image_name),
    containsText('image_version', query.image_version),
    containsText('cicd_name', query.cicd_name),
    equalsText('image_id', query.image_id),
    anyOf('pipeline_type', query.pipeline_type),
    anyOf('scan_status', query.scan_status),
    severityIn(query.severity_level),
    onlyLatest('latest_version', query.latest_version),
    hasCount('vul_num', query.has_vul),
    hasCount('malicious_file_num', query.has_malicious_file),
    hasCount('unsafe_setting_num', query.has_unsafe_setting),
    risky(query.risky),
    ...sizeBetween(query.image_size, query.max_image_size),
    neverScanned(query.never_scanned),
    ...timeRange(
      'latest_update_time',
      query.start_latest_update_time,
      query.end_latest_update_time,
      now,
    ),
    ...timeRange('latest_scan_time', query.start_latest_scan_time, query.end_latest_scan_time, now),
    freeText(query.q),
  ]);
}

/**
 * The list's `order by` (shared with the CSV export). As for repository images: desc is the
 * exact reverse; severity and scan status by rank; no sort_key → the search rank when `q` is
 * given, then image_id ascending; ties by image_id, then record_key (records may share an
 * image_id); `disqualifyIndexes` as there (SQLite only).
 */
export function cicdImagesOrder(
  query: Pick<CicdImagesListQuery, 'sort_key' | 'sort_dir' | 'q'>,
  options: { disqualifyIndexes?: boolean } = {},
) {
  const plus = options.disqualifyIndexes === true ? sql`+` : sql``;
  const direction = query.sort_dir === 'desc' ? sql`desc` : sql`asc`;
  // Spelled out for PostgreSQL (which puts NULL last in asc); SQLite's own default, a no-op there.
  const keyDirection = query.sort_dir === 'desc' ? sql`desc nulls last` : sql`asc nulls first`;
  const tieBreak = (dir: typeof direction) => sql`${plus}image_id ${dir}, ${plus}record_key ${dir}`;
  if (query.sort_key === undefined) {
    const rank = searchRank(query.q);
    return rank === undefined ? tieBreak(sql`asc`) : sql`${rank} asc, ${tieBreak(sql`asc`)}`;
  }
  return query.sort_key === 'image_id'
    ? tieBreak(direction)
    : sql`${plus}${sortExpression(query.sort_key)} ${ranked(query.sort_key) ? direction : keyDirection}, ${tieBreak(direction)}`;
}

/** The index walked for a sort: (account, key, image_id, record_key), see migration 0022. */
export function cicdImagesSortIndex(
  query: Pick<CicdImagesListQuery, 'sort_key' | 'q'>,
): string | undefined {
  if (query.sort_key === undefined && searchRank(query.q) !== undefined) return undefined;
  return query.sort_key === undefined || query.sort_key === 'image_id'
    ? 'cicd_images_id_order'
    : `cicd_images_sort_${sortIndexSuffix(query.sort_key)}`;
}

/** As `queryRegistryImages`: one snapshot; the page and the filter's count cached apart. */
export async function queryCicdImages(
  db: InventoryDb,
  account: string,
  query: CicdImagesListQuery,
  now: number = Date.now(),
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<{ total_num: number; data_list: CicdImageRow[] }> {
  const where = cicdImagesWhere(account, query, now);
  const countRequest: AnswerRequest = {
    list: 'cicd',
    kind: 'count',
    account,
    query: withoutPaging(query),
  };
  return cache.answer(db, { list: 'cicd', kind: 'page', account, query }, async (trx) => {
    const total = await cache.within(trx, countRequest, (t) =>
      countMatching<InventoryTables>(t, 'cicd_images', where),
    );
    const page = await queryPage<InventoryTables, CicdImagesTable & Record<string, unknown>>(trx, {
      table: 'cicd_images',
      columns: exactColumnList(CICD_IMAGE_COLUMNS, IMAGE_TIME_COLUMNS),
      key: 'record_key',
      account,
      where,
      order: (options) => cicdImagesOrder(query, options),
      sortIndex: cicdImagesSortIndex(query),
      offset: query.offset ?? 0,
      limit: query.limit ?? CICD_LIMIT.default,
      total,
    });
    return { total_num: page.total, data_list: page.rows.map(fromRow) };
  });
}
