// Repository images (ListRegistryImages) in the inventory: upsert a crawled page, sweep what a
// finished crawl did not see, and answer list queries with the upstream's semantics.
import { sql } from 'kysely';
import {
  REGISTRY_LIMIT,
  type RegistryImage,
  type RegistryImagesListQuery,
  AssociateImageSchema,
} from '../../shared/contracts';
import { z } from 'zod';
import type { InventoryDb } from './db';
import {
  anyOf,
  containsText,
  equalsText,
  freeText,
  hasCount,
  isTrue,
  onlyLatest,
  risky,
  sizeBetween,
  timeRange,
  whereClause,
} from './filters';
import type { RegistryImagesTable } from './tables';

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

function fromRow(row: RegistryImagesTable): RegistryImage {
  const { account: _account, seen_at: _seenAt, ...rest } = row;
  let associations: RegistryImage['association_images'] = [];
  try {
    const parsed = AssociationListSchema.safeParse(JSON.parse(row.association_images));
    if (parsed.success) associations = parsed.data;
  } catch {
    associations = [];
  }
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

/** Deletes the account's rows that a crawl begun at `crawlStartedAt` did not see. */
export async function sweepRegistryImages(
  db: InventoryDb,
  account: string,
  crawlStartedAt: number,
): Promise<number> {
  const result = await db
    .deleteFrom('registry_images')
    .where('account', '=', account)
    .where('seen_at', '<', crawlStartedAt)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
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
    containsText('image_name', query.image_name),
    containsText('image_version', query.image_version),
    containsText('registry_name', query.registry_name),
    containsText('instance_name', query.instance_name),
    equalsText('instance_id', query.instance_id),
    anyOf('image_type', query.image_type),
    anyOf('scan_status', query.scan_status),
    anyOf('severity_level', query.severity_level),
    onlyLatest('latest_version', query.latest_version),
    hasCount('vul_num', query.has_vul),
    hasCount('malicious_file_num', query.has_malicious_file),
    hasCount('unsafe_setting_num', query.has_unsafe_setting),
    risky(query.risky),
    isTrue('is_multiple_arch', query.is_multarch),
    ...sizeBetween(query.image_size, query.max_image_size),
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

// ids are decimal strings: numeric order is (length, text) for non-negative values.
const ID_ORDER = sql`length(id) asc, id asc`;

export async function queryRegistryImages(
  db: InventoryDb,
  account: string,
  query: RegistryImagesListQuery,
  now: number = Date.now(),
): Promise<{ total_num: number; data_list: RegistryImage[] }> {
  const where = registryImagesWhere(account, query, now);
  const limit = query.limit ?? REGISTRY_LIMIT.default;
  const offset = query.offset ?? 0;
  // With a sort_key, desc is the exact reverse of asc (ties by id, images without the value
  // first in asc, as SQLite sorts NULL); without one, id ascending whatever sort_dir says.
  const direction = query.sort_dir === 'desc' ? sql`desc` : sql`asc`;
  const order =
    query.sort_key === undefined
      ? ID_ORDER
      : query.sort_key === 'id'
        ? sql`length(id) ${direction}, id ${direction}`
        : sql`${sql.ref(query.sort_key)} ${direction}, length(id) ${direction}, id ${direction}`;
  // One read transaction so that the count and the page agree even while a sync writes.
  return db.transaction().execute(async (trx) => {
    const count = await sql<{
      n: number;
    }>`select count(*) as n from registry_images where ${where}`.execute(trx);
    const rows =
      await sql<RegistryImagesTable>`select * from registry_images where ${where} order by ${order} limit ${limit} offset ${offset}`.execute(
        trx,
      );
    return { total_num: Number(count.rows[0]?.n ?? 0), data_list: rows.rows.map(fromRow) };
  });
}
