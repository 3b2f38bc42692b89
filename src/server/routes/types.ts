import type { ImageList, SyncResponse } from '../../shared/contracts';
import type { AccountConfig } from '../config';
import type { ColumnScans } from '../lists/column-scan';
import type { QueryCache } from '../serving/query-cache';
import type { InventoryDb } from '../store/db';
import type { RefreshReceipt } from '../sync/sync-engine';

/** What the routes need from the sync engine. */
export interface SyncService {
  getSyncStatus(): Promise<SyncResponse>;
  refreshNow(account: string, list: ImageList, options?: { full?: boolean }): boolean;
  /**
   * Records a refresh for whichever replica syncs (POST /api/sync/refresh). Optional so that
   * fixed test services need not implement it; without it the route falls back to refreshNow.
   */
  requestRefresh?(
    account: string,
    list: ImageList,
    options?: { full?: boolean },
  ): Promise<RefreshReceipt | undefined>;
  isReady(): boolean;
  syncedAt(account: string, list: ImageList): number | null;
}

/** What the routes answered from the inventory (lists, facets, risk) need. */
export interface InventoryRouteDeps {
  accounts: readonly AccountConfig[];
  db: InventoryDb;
  sync: SyncService;
  /** Answers cached under the inventory's write version; none computes every answer. */
  cache?: QueryCache;
  /** The lists' rows as columns (lists/column-scan.ts): facets no kept aggregate answers. */
  columns?: ColumnScans | undefined;
}
