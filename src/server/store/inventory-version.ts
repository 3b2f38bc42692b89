// The inventory's write version per list (migration 0013): triggers move it in every
// transaction that writes the list's table, so an answer read at version v stays true until it
// moves. Read it first inside a read transaction to learn the version of that transaction's
// snapshot.
import type { Kysely } from 'kysely';
import type { InventoryTables } from './tables';

export async function readInventoryVersion(
  db: Kysely<InventoryTables>,
  /** An image list, or 'acr' (migration 0032). */
  list: string,
): Promise<number> {
  const row = await db
    .selectFrom('inventory_version')
    .select('version')
    .where('list', '=', list)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
