// One image from the inventory by its key, for deep links to an image that is not on the page at
// hand. Both lookups use the tables' primary keys (account, id) and (account, record_key).
import type { CicdImageRow, RegistryImage } from '../../shared/contracts';
import { fromRow as cicdImageFromRow } from './cicd-images';
import type { InventoryDb } from './db';
import { fromRow as registryImageFromRow } from './registry-images';

/** The repository image with this record id (a decimal string), or undefined. */
export async function getRegistryImageById(
  db: InventoryDb,
  account: string,
  id: string,
): Promise<RegistryImage | undefined> {
  const row = await db
    .selectFrom('registry_images')
    .selectAll()
    .where('account', '=', account)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? registryImageFromRow(row) : undefined;
}

/**
 * The CI/CD image with this record key, or undefined. A link made before rows had record keys
 * names an image_id: it still answers when exactly one row has that image_id.
 */
export async function getCicdImageByKey(
  db: InventoryDb,
  account: string,
  key: string,
): Promise<CicdImageRow | undefined> {
  const row = await db
    .selectFrom('cicd_images')
    .selectAll()
    .where('account', '=', account)
    .where('record_key', '=', key)
    .executeTakeFirst();
  if (row) return cicdImageFromRow(row);
  const byImageId = await db
    .selectFrom('cicd_images')
    .selectAll()
    .where('account', '=', account)
    .where('image_id', '=', key)
    .limit(2)
    .execute();
  return byImageId.length === 1 && byImageId[0] ? cicdImageFromRow(byImageId[0]) : undefined;
}
