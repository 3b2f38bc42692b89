import { afterAll, beforeAll } from 'vitest';
import { generateEstate, type GenerateEstateOptions } from '../../simulator';
import { openInventory, type InventoryDb } from '../store/db';
import { mirrorEstate } from './sync-harness';

/**
 * Call at a test file's top level: before its tests, opens an in-memory inventory holding account
 * 'a''s mirror of the estate `options` generate (seen at `options.now`) and hands it to `opened`;
 * closes it after the last test.
 */
export function useMirroredEstate(
  options: GenerateEstateOptions & { now: number },
  opened: (db: InventoryDb) => void,
): void {
  let db: InventoryDb | undefined;
  beforeAll(async () => {
    db = await openInventory(':memory:');
    await mirrorEstate(db, 'a', generateEstate(options), options.now);
    opened(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });
}
