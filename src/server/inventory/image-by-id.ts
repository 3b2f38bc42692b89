// One image from the inventory by its key, for deep links to an image that is not on the page at
// hand. Both lookups use the tables' primary keys (account, id) and (account, image_id).
import { sql } from 'kysely';
import type { CicdImage, RegistryImage } from '../../shared/contracts';
import { fromRow as cicdImageFromRow } from './cicd-images';
import type { InventoryDb } from './db';
import { exactColumnList } from './dialect';
import { fromRow as registryImageFromRow } from './registry-images';
import {
  CICD_IMAGE_COLUMNS,
  IMAGE_TIME_COLUMNS,
  REGISTRY_IMAGE_COLUMNS,
  type CicdImagesTable,
  type RegistryImagesTable,
} from './tables';

/** The repository image with this record id (a decimal string), or undefined. */
export async function getRegistryImageById(
  db: InventoryDb,
  account: string,
  id: string,
): Promise<RegistryImage | undefined> {
  const result = await sql<RegistryImagesTable>`select ${exactColumnList(
    REGISTRY_IMAGE_COLUMNS,
    IMAGE_TIME_COLUMNS,
  )} from registry_images where account = ${account} and id = ${id}`.execute(db);
  const row = result.rows[0];
  return row ? registryImageFromRow(row) : undefined;
}

/** The CI/CD image with this image id, or undefined. */
export async function getCicdImageById(
  db: InventoryDb,
  account: string,
  imageId: string,
): Promise<CicdImage | undefined> {
  const result = await sql<CicdImagesTable>`select ${exactColumnList(
    CICD_IMAGE_COLUMNS,
    IMAGE_TIME_COLUMNS,
  )} from cicd_images where account = ${account} and image_id = ${imageId}`.execute(db);
  const row = result.rows[0];
  return row ? cicdImageFromRow(row) : undefined;
}
