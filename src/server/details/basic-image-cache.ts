// Basic-image answers cached by image digest: an image's base image is fixed by its content, so
// a digest's answer never changes and never expires. Looked up before any upstream call.
import {
  ListImageBasicImageResponseSchema,
  type ListImageBasicImageResponse,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';

export interface BasicImageCacheKey {
  account: string;
  imageDigest: string;
  imageType: string;
  /** The paging and os_name parameters of the request, '' for the plain request. */
  queryKey: string;
}

export async function readBasicImageCache(
  db: InventoryDb,
  key: BasicImageCacheKey,
): Promise<ListImageBasicImageResponse | undefined> {
  const row = await answersOf(db, key.account, key.imageDigest)
    .where('image_type', '=', key.imageType)
    .where('query_key', '=', key.queryKey)
    .executeTakeFirst();
  return parsedAnswer(row?.response);
}

/**
 * The plain answer (no paging, no os_name) cached for this digest under any image type: a
 * digest's base images are the same whatever list holds it.
 */
export async function readPlainBasicImageAnswer(
  db: InventoryDb,
  account: string,
  imageDigest: string,
): Promise<ListImageBasicImageResponse | undefined> {
  const row = await answersOf(db, account, imageDigest)
    .where('query_key', '=', '')
    .executeTakeFirst();
  return parsedAnswer(row?.response);
}

function answersOf(db: InventoryDb, account: string, imageDigest: string) {
  return db
    .selectFrom('basic_image_cache')
    .select('response')
    .where('account', '=', account)
    .where('image_digest', '=', imageDigest);
}

function parsedAnswer(response: string | undefined): ListImageBasicImageResponse | undefined {
  if (response === undefined) return undefined;
  try {
    const parsed = ListImageBasicImageResponseSchema.safeParse(JSON.parse(response));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // an unreadable entry is fetched again and overwritten
  }
}

export async function writeBasicImageCache(
  db: InventoryDb,
  key: BasicImageCacheKey,
  response: ListImageBasicImageResponse,
  fetchedAt: number,
): Promise<void> {
  const row = {
    account: key.account,
    image_digest: key.imageDigest,
    image_type: key.imageType,
    query_key: key.queryKey,
    response: JSON.stringify(response),
    fetched_at: fetchedAt,
  };
  await db
    .insertInto('basic_image_cache')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['account', 'image_digest', 'image_type', 'query_key'])
        .doUpdateSet({ response: row.response, fetched_at: row.fetched_at }),
    )
    .execute();
}
