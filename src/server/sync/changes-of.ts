// Whether a sync write records change events (changes/change-log.ts): only once the list has
// had a complete crawl, whose end left the baseline; the first crawl of an account records none.
import type { WriteChanges } from '../lists/list-store';
import type { ListSyncRecord } from './sync-state';

export function changesOf(record: Pick<ListSyncRecord, 'lastFullSync'>, at: number): WriteChanges {
  return record.lastFullSync === null ? {} : { changesAt: at };
}
