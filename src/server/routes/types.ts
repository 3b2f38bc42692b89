import type { ImageList, SyncResponse } from '../../shared/contracts';

/** What the routes need from the sync engine. */
export interface SyncService {
  getSyncStatus(): Promise<SyncResponse>;
  refreshNow(account: string, list: ImageList, options?: { full?: boolean }): boolean;
  isReady(): boolean;
  syncedAt(account: string, list: ImageList): number | null;
}
