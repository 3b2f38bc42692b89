// One image from the inventory by its key, for deep links to an image that is not on the page at
// hand. Both lookups use the tables' primary keys (account, id) and (account, record_key).
import { sql } from 'kysely';
import type { CicdImageRow, RegistryImage } from '../../shared/contracts';
import { fromRow as cicdImageFromRow } from './cicd-images';
import type { InventoryDb } from '../store/db';
import { exactColumnList } from '../store/dialect';
import { fromRow as registryImageFromRow } from './registry-images';
import {
  CICD_IMAGE_COLUMNS,
  IMAGE_TIME_COLUMNS,
  REGISTRY_IMAGE_COLUMNS,
  type CicdImagesTable,
  type RegistryImagesTable,
} from '../store/tables';

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

/**
 * The CI/CD image with this record key, or undefined. A link made before rows had record keys
 * names an image_id: it still answers when exactly one row has that image_id.
 */
export async function getCicdImageByKey(
  db: InventoryDb,
  account: string,
  key: string,
): Promise<CicdImageRow | undefined> {
  const columns = exactColumnList(CICD_IMAGE_COLUMNS, IMAGE_TIME_COLUMNS);
  const byKey = await sql<CicdImagesTable>`select ${columns} from cicd_images
    where account = ${account} and record_key = ${key}`.execute(db);
  const row = byKey.rows[0];
  if (row) return cicdImageFromRow(row);
  const byImageId = await sql<CicdImagesTable>`select ${columns} from cicd_images
    where account = ${account} and image_id = ${key} limit 2`.execute(db);
  const [only, other] = byImageId.rows;
  return only && !other ? cicdImageFromRow(only) : undefined;
}
