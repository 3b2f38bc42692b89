// The sync state of one account in a sentence: how old the data is, a crawl's progress, or
// what went wrong (with the request id support needs).
import {
  formatDuration,
  formatExactTime,
  formatNumber,
  formatRelativeTime,
} from '../../lib/format';
import type { SyncResponse } from '../../shared/contracts';

export type SyncTone = 'ok' | 'busy' | 'pending' | 'error';

export interface SyncSummary {
  tone: SyncTone;
  text: string;
  /** Longer detail for a tooltip: exact times, the failing list. */
  detail?: string;
  requestId?: string;
}

const LIST_NAMES = { registry: 'repository images', cicd: 'CI/CD images' } as const;

export function describeSync(status: SyncResponse, accountId: string | undefined): SyncSummary {
  const account =
    status.accounts.find((entry) => entry.account === accountId) ?? status.accounts[0];
  if (!account || account.lists.length === 0) {
    return { tone: 'pending', text: 'No image lists are configured for this account' };
  }
  const { lists } = account;
  const now = status.now;

  const failed = lists.find((list) => list.state === 'error' && list.last_error);
  if (failed?.last_error) {
    const error = failed.last_error;
    const upstream = error.upstream?.code ? ` (${error.upstream.code})` : '';
    return {
      tone: 'error',
      text: `Sync of ${LIST_NAMES[failed.list]} failed: ${error.message}${upstream}`,
      detail: `Failed ${formatRelativeTime(error.at, now)}, at ${formatExactTime(error.at)}`,
      ...(error.request_id ? { requestId: error.request_id } : {}),
    };
  }

  const crawling = lists.filter((list) => list.state === 'crawling' && list.crawl);
  if (crawling.length > 0) {
    let done = 0;
    let total = 0;
    let eta = 0;
    for (const list of crawling) {
      done += list.crawl?.rows_done ?? 0;
      total += list.crawl?.total ?? 0;
      eta = Math.max(eta, list.crawl?.eta_ms ?? 0);
    }
    const left = eta > 0 ? `about ${formatDuration(eta)} left` : 'almost done';
    return {
      tone: 'busy',
      text: `Mirroring ${formatNumber(done)} of ${formatNumber(total)} images, ${left}`,
      detail: crawling.map((list) => `First full sync of ${LIST_NAMES[list.list]}`).join('; '),
    };
  }

  // The data is as old as its least recently synced list.
  const lastSyncs = lists.map((list) =>
    Math.max(list.last_full_sync ?? 0, list.last_incremental_sync ?? 0),
  );
  if (lastSyncs.some((at) => at === 0)) {
    return { tone: 'pending', text: 'Waiting for the first sync' };
  }
  const oldest = Math.min(...lastSyncs);
  const updating = lists.some((list) => list.state === 'syncing');
  return {
    tone: updating ? 'busy' : 'ok',
    text: `Synced ${formatRelativeTime(oldest, now)}${updating ? ', updating' : ''}`,
    detail: `Data as of ${formatExactTime(oldest)}`,
  };
}
