// The column scans' snapshots read after start-up (column-scan.ts), one list and account at a
// time in their worker, so that the first facets, risk summary or total under a filter no kept
// aggregate answers does not wait for a read of every row (1M images: 7 s of CPU, 13-22 s on a
// loaded machine: the scale bench's never-repeated summaries all timed out waiting for it).
// Later versions are read again on demand.
import type { InventoryDb } from '../store/db';
import type { ColumnScans } from './column-scan';
import { isScannedList, type InventoryListSpec } from './spec';

/** Reads each scanned list's snapshot of each account (an empty plan: the read, no count). */
export async function warmColumnScans(
  db: InventoryDb,
  columns: ColumnScans,
  specs: readonly InventoryListSpec[],
  accounts: readonly string[],
): Promise<void> {
  for (const spec of specs.filter((candidate) => isScannedList(candidate)))
    for (const account of accounts)
      await db
        .transaction()
        .execute((trx) => columns.answer(trx, spec, account, { tests: [], parts: [] }));
  // Every worker then holds them (the second adopts each after its read).
  await columns.settled?.();
}
