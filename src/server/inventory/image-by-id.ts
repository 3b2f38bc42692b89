// One image from the inventory by its key, for deep links to an image that is not on the page at
// hand. Both lookups use the tables' primary keys (account, id) and (account, image_id).
import type { CicdImage, RegistryImage } from '../../shared/contracts';
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

/** The CI/CD image with this image id, or undefined. */
export async function getCicdImageById(
  db: InventoryDb,
  account: string,
  imageId: string,
): Promise<CicdImage | undefined> {
  const row = await db
    .selectFrom('cicd_images')
    .selectAll()
    .where('account', '=', account)
    .where('image_id', '=', imageId)
    .executeTakeFirst();
  return row ? cicdImageFromRow(row) : undefined;
}
