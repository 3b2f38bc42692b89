// The inventory's write version per list (migration 0013): triggers move it in every
// transaction that writes the list's table, so an answer read at version v stays true until it
// moves. Read it first inside a read transaction to learn the version of that transaction's
// snapshot.
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import { dialectOf } from './dialect';
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

/**
 * On PostgreSQL, the first statement of a transaction that writes `lists` (image lists, or the
 * basic images, which move both): it locks their version rows, in one order. The triggers lock
 * them anyway, but at each statement's end, after its row triggers have locked kept rows (images
 * by base, aggregates): a crawl page of several statements and a basic-image answer then each held
 * what the other waited for (a deadlock, inventory-version-locks.test.ts). Taken first, the second
 * writer waits holding nothing. SQLite runs one writer at a time.
 */
export async function lockInventoryVersions(
  trx: QueryExecutorProvider,
  lists: readonly string[],
): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select list from inventory_version where list in (${sql.join([...lists])})
    order by list for update`.execute(trx);
}
