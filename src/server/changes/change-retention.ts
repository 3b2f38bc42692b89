// Keeps the change feed to CHANGE_RETENTION_DAYS: after a sync, at most once an hour, the
// syncing replica deletes older events (the baselines stay).
import { LISTS } from '../lists';
import type { StructuredLogger } from '../logger';
import type { InventoryDb } from '../store/db';
import { PRUNE_EVERY_MS, retentionCutoff } from '../store/retention';
import { pruneChanges } from './change-log';

export interface ChangePrunerOptions {
  db: InventoryDb;
  retentionDays: number;
  logger: StructuredLogger;
  now?: () => number;
}

/** A function to call after each sync: it prunes when the last prune is an hour old. */
export function createChangePruner(options: ChangePrunerOptions): () => Promise<void> {
  const now = options.now ?? Date.now;
  let lastPrune = Number.NEGATIVE_INFINITY;
  return async () => {
    const at = now();
    if (at - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = at;
    try {
      const pruned = await pruneChanges(
        options.db,
        LISTS,
        retentionCutoff(at, options.retentionDays),
      );
      if (pruned > 0)
        options.logger.info(
          { pruned, retention_days: options.retentionDays },
          'old change events pruned',
        );
    } catch (error) {
      // The next sync tries again; the feed only keeps a little more meanwhile.
      lastPrune = Number.NEGATIVE_INFINITY;
      options.logger.warn({ err: error }, 'could not prune old change events');
    }
  };
}
