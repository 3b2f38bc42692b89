// Repository images (ListRegistryImages) in the inventory: upsert a crawled page, sweep what a
// finished crawl did not see, and answer list queries with the upstream's semantics.
import { sql, type RawBuilder } from 'kysely';
import {
  REGISTRY_LIMIT,
  type RegistryImage,
  type RegistryImagesListQuery,
  AssociateImageSchema,
} from '../../shared/contracts';
import { z } from 'zod';
import type { InventoryDb } from '../store/db';
import { exactColumnList, numberOrNull } from '../store/dialect';
import {
  anyOf,
  containsText,
  countMatching,
  equalsText,
  freeText,
  hasCount,
  isTrue,
  neverScanned,
  onlyLatest,
  queryPage,
  risky,
  searchRank,
  severityIn,
  sizeBetween,
  sortExpression,
  sortIndexSuffix,
  ranked,
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
  IMAGE_TIME_COLUMNS,
  REGISTRY_IMAGE_COLUMNS,
  type InventoryTables,
  type RegistryImagesTable,
} from '../store/tables';

const AssociationListSchema = z.array(AssociateImageSchema);

function toRow(account: string, image: RegistryImage, seenAt: number): RegistryImagesTable {
  return {
    account,
    ...image,
    latest_version: image.latest_version ? 1 : 0,
    scannable: image.scannable ? 1 : 0,
    is_multiple_arch: image.is_multiple_arch ? 1 : 0,
    association_images: JSON.stringify(image.association_images),
    seen_at: seenAt,
  };
}

export function parseAssociations(text: string): RegistryImage['association_images'] {
  try {
    const parsed = AssociationListSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function fromRow(row: RegistryImagesTable): RegistryImage {
  const { account: _account, seen_at: _seenAt, ...rest } = row;
  const associations = parseAssociations(row.association_images);
  return {
    ...rest,
    latest_version: row.latest_version === 1,
    scannable: row.scannable === 1,
    is_multiple_arch: row.is_multiple_arch === 1,
    association_images: associations,
  };
}

/** Upserts one crawled page in one transaction, marking every row as seen at `seenAt`. */
export async function upsertRegistryImages(
  db: InventoryDb,
  account: string,
  images: readonly RegistryImage[],
  seenAt: number,
): Promise<void> {
  if (images.length === 0) return;
  await db.transaction().execute(async (trx) => {
    // SQLite allows 32766 bound variables; 32 columns × 200 rows fits, but chunk to stay safe.
    for (let start = 0; start < images.length; start += 200) {
      const rows = images.slice(start, start + 200).map((image) => toRow(account, image, seenAt));
      await trx
        .insertInto('registry_images')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['account', 'id']).doUpdateSet((eb) => {
            const update: Record<string, unknown> = {};
            for (const key of Object.keys(rows[0] ?? {})) {
              if (key !== 'account' && key !== 'id')
                update[key] = eb.ref(`excluded.${key as keyof RegistryImagesTable}`);
            }
            return update;
          }),
        )
        .execute();
    }
  });
}

/**
 * Deletes the account's rows that a crawl begun at `crawlStartedAt` did not see. A crawl split by
 * update-time windows cannot see rows without an update time, so it keeps them (`keepUntimed`).
 */
export async function sweepRegistryImages(
  db: InventoryDb,
  account: string,
  crawlStartedAt: number,
  options: { keepUntimed?: boolean } = {},
): Promise<number> {
  let query = db
    .deleteFrom('registry_images')
    .where('account', '=', account)
    .where('seen_at', '<', crawlStartedAt);
  if (options.keepUntimed) query = query.where('latest_update_time', 'is not', null);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest update, scan and sync times in the account's rows (the incremental watermarks). */
export async function latestRegistryTimes(
  db: InventoryDb,
  account: string,
): Promise<Record<'latest_update_time' | 'latest_scan_time' | 'latest_sync_time', number | null>> {
  const row = await db
    .selectFrom('registry_images')
    .select((eb) => [
      eb.fn.max('latest_update_time').as('latest_update_time'),
      eb.fn.max('latest_scan_time').as('latest_scan_time'),
      eb.fn.max('latest_sync_time').as('latest_sync_time'),
    ])
    .where('account', '=', account)
    .executeTakeFirst();
  return {
    latest_update_time: numberOrNull(row?.latest_update_time),
    latest_scan_time: numberOrNull(row?.latest_scan_time),
    latest_sync_time: numberOrNull(row?.latest_sync_time),
  };
}

/**
 * A new latest version supersedes the repository's previous one, whose own times do not change,
 * so an incremental cycle would never see it flip: clear latest_version on the other rows of the
 * same repository (namespace, name and registry). The next full sweep confirms it.
 */
export async function supersedeRegistryLatest(
  db: InventoryDb,
  account: string,
  images: readonly RegistryImage[],
): Promise<void> {
  const latest = images.filter((image) => image.latest_version);
  if (latest.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const image of latest) {
      await trx
        .updateTable('registry_images')
        .set({ latest_version: 0 })
        .where('account', '=', account)
        .where('namespace', '=', image.namespace)
        .where('image_name', '=', image.image_name)
        .where('registry_id', '=', image.registry_id)
        .where('latest_version', '=', 1)
        .where('id', '!=', image.id)
        .execute();
    }
  });
}

/**
 * Each row embeds a summary of its associated rows (a multi-arch image and its per-architecture
 * images): when a changed row arrives, the copies of it embedded in its associates are brought up
 * to date too, since the associates' own times do not move and no cycle would fetch them.
 */
export async function refreshAssociatedCopies(
  db: InventoryDb,
  account: string,
  images: readonly RegistryImage[],
): Promise<void> {
  if (images.length === 0) return;
  const byId = new Map(images.map((image) => [image.id, image]));
  await db.transaction().execute(async (trx) => {
    // Rows embedding any changed id (ids are JSON strings in the stored list).
    for (let start = 0; start < images.length; start += 50) {
      const chunk = images.slice(start, start + 50);
      const mentions = sql.join(
        chunk.map((image) => sql`instr(association_images, ${`"id":"${image.id}"`}) > 0`),
        sql` or `,
      );
      const rows = await sql<Pick<RegistryImagesTable, 'id' | 'association_images'>>`
        select id, association_images from registry_images
        where account = ${account} and association_images != '[]' and (${mentions})`.execute(trx);
      for (const row of rows.rows) {
        let changed = false;
        const updated = parseAssociations(row.association_images).map((entry) => {
          const image = byId.get(entry.id);
          if (!image) return entry;
          const copy = associateOf(image);
          if (JSON.stringify(copy) !== JSON.stringify(entry)) changed = true;
          return copy;
        });
        if (!changed) continue;
        await trx
          .updateTable('registry_images')
          .set({ association_images: JSON.stringify(updated) })
          .where('account', '=', account)
          .where('id', '=', row.id)
          .execute();
      }
    }
  });
}

function associateOf(image: RegistryImage): RegistryImage['association_images'][number] {
  return {
    id: image.id,
    image_id: image.image_id,
    image_name: image.image_name,
    image_version: image.image_version,
    image_type: image.image_type,
    namespace: image.namespace,
    image_digest: image.image_digest,
    scan_status: image.scan_status,
    vul_num: image.vul_num,
    unsafe_setting_num: image.unsafe_setting_num,
    malicious_file_num: image.malicious_file_num,
  };
}

/** The digest of a repository image found by its identity, or undefined when not mirrored. */
export async function findRegistryImageDigest(
  db: InventoryDb,
  account: string,
  identity: {
    image_id: string;
    namespace?: string | undefined;
    image_name?: string | undefined;
    image_version?: string | undefined;
    image_type?: string | undefined;
  },
): Promise<string | undefined> {
  let query = db
    .selectFrom('registry_images')
    .select('image_digest')
    .where('account', '=', account)
    .where('image_id', '=', identity.image_id)
    .where('image_digest', '!=', '');
  if (identity.namespace !== undefined) query = query.where('namespace', '=', identity.namespace);
  if (identity.image_name !== undefined)
    query = query.where('image_name', '=', identity.image_name);
  if (identity.image_version !== undefined)
    query = query.where('image_version', '=', identity.image_version);
  if (identity.image_type !== undefined)
    query = query.where('image_type', '=', identity.image_type);
  const rows = await query.limit(2).execute();
  // Ambiguous identities (the same image id under two tags without a tag given) are not cached.
  return rows.length === 1 ? rows[0]?.image_digest : undefined;
}

export async function countRegistryImages(db: InventoryDb, account: string): Promise<number> {
  const row = await db
    .selectFrom('registry_images')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function registryImagesWhere(account: string, query: RegistryImagesListQuery, now: number) {
  return whereClause([
    sql`account = ${account}`,
    containsText('namespace', query.namespace),
    anyOf('namespace', query.namespaces),
    containsText('image_name', query.image_name),
    containsText('image_version', query.image_version),
    containsText('registry_name', query.registry_name),
    containsText('instance_name', query.instance_name),
    equalsText('instance_id', query.instance_id),
    anyOf('image_type', query.image_type),
    anyOf('scan_status', query.scan_status),
    severityIn(query.severity_level),
    onlyLatest('latest_version', query.latest_version),
    hasCount('vul_num', query.has_vul),
    hasCount('malicious_file_num', query.has_malicious_file),
    hasCount('unsafe_setting_num', query.has_unsafe_setting),
    risky(query.risky),
    isTrue('is_multiple_arch', query.is_multarch),
    ...sizeBetween(query.image_size, query.max_image_size),
    neverScanned(query.never_scanned),
    ...timeRange(
      'latest_update_time',
      query.start_latest_update_time,
      query.end_latest_update_time,
      now,
    ),
    ...timeRange('latest_scan_time', query.start_latest_scan_time, query.end_latest_scan_time, now),
    ...timeRange('latest_sync_time', query.start_latest_sync_time, query.end_latest_sync_time, now),
    freeText(query.q),
  ]);
}

/**
 * The list's `order by` (shared with the CSV export, whose rows must come in the list's order).
 * With a sort_key, desc is the exact reverse of asc (ties by id, images without the value
 * first in asc, as SQLite sorts NULL); severity and scan status by rank (filters.ts). Without
 * one, id ascending whatever sort_dir says, after the search rank when `q` is given (exact
 * matches first). `disqualifyIndexes` (SQLite only) writes each term as `+term`: the same
 * order, but no index can yield it, so that SQLite reads the filters' index and sorts.
 */
export function registryImagesOrder(
  query: Pick<RegistryImagesListQuery, 'sort_key' | 'sort_dir' | 'q'>,
  options: { disqualifyIndexes?: boolean } = {},
) {
  const plus = options.disqualifyIndexes === true ? sql`+` : sql``;
  const direction = query.sort_dir === 'desc' ? sql`desc` : sql`asc`;
  // Spelled out for PostgreSQL (which puts NULL last in asc); SQLite's own default, a no-op there.
  const keyDirection = query.sort_dir === 'desc' ? sql`desc nulls last` : sql`asc nulls first`;
  // ids are decimal strings: numeric order is (length, text) for non-negative values.
  const byId = (dir: RawBuilder<unknown>) => sql`${plus}length(id) ${dir}, ${plus}id ${dir}`;
  if (query.sort_key === undefined) {
    const rank = searchRank(query.q);
    return rank === undefined ? byId(sql`asc`) : sql`${rank} asc, ${byId(sql`asc`)}`;
  }
  return query.sort_key === 'id'
    ? byId(direction)
    : sql`${plus}${sortExpression(query.sort_key)} ${ranked(query.sort_key) ? direction : keyDirection}, ${byId(direction)}`;
}

/**
 * The index walked for a sort: (account, key, length(id), id), see migrations 0012 and 0021;
 * none for a search ordered by its rank, which depends on `q`.
 */
export function registryImagesSortIndex(
  query: Pick<RegistryImagesListQuery, 'sort_key' | 'q'>,
): string | undefined {
  if (query.sort_key === undefined && searchRank(query.q) !== undefined) return undefined;
  return query.sort_key === undefined || query.sort_key === 'id'
    ? 'registry_images_id_order'
    : `registry_images_sort_${sortIndexSuffix(query.sort_key)}`;
}

/**
 * A page of the list and its total. One read transaction, so that the count and the page agree
 * even while a sync writes (repeatable read: one snapshot on PostgreSQL too). With a cache, the
 * page is cached under the full query and the count under the filter alone, so paging through
 * one filter counts it once per inventory version.
 */
export async function queryRegistryImages(
  db: InventoryDb,
  account: string,
  query: RegistryImagesListQuery,
  now: number = Date.now(),
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<{ total_num: number; data_list: RegistryImage[] }> {
  const where = registryImagesWhere(account, query, now);
  const countRequest: AnswerRequest = {
    list: 'registry',
    kind: 'count',
    account,
    query: withoutPaging(query),
  };
  return cache.answer(db, { list: 'registry', kind: 'page', account, query }, async (trx) => {
    const total = await cache.within(trx, countRequest, (t) =>
      countMatching<InventoryTables>(t, 'registry_images', where),
    );
    const page = await queryPage<InventoryTables, RegistryImagesTable & Record<string, unknown>>(
      trx,
      {
        table: 'registry_images',
        columns: exactColumnList(REGISTRY_IMAGE_COLUMNS, IMAGE_TIME_COLUMNS),
        key: 'id',
        account,
        where,
        order: (options) => registryImagesOrder(query, options),
        sortIndex: registryImagesSortIndex(query),
        offset: query.offset ?? 0,
        limit: query.limit ?? REGISTRY_LIMIT.default,
        total,
      },
    );
    return { total_num: page.total, data_list: page.rows.map(fromRow) };
  });
}
