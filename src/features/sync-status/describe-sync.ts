// The sync state of one account in words: how old the data is, a crawl's progress, what went
// wrong (in words, with the upstream code and the request id support needs, and when the next
// try is), a circuit breaker holding calls, and what a manual refresh costs or why it must wait.
import {
  formatDuration,
  formatExactTime,
  formatNumber,
  formatRelativeTime,
} from '../../lib/format';
import type {
  BudgetStatus,
  CircuitStatus,
  ImageList,
  ListSyncStatus,
  SyncError,
  SyncResponse,
} from '../../shared/contracts';

export type SyncTone = 'ok' | 'busy' | 'pending' | 'error';

type AccountSyncStatus = SyncResponse['accounts'][number];

export interface SyncSummary {
  tone: SyncTone;
  text: string;
  /** Longer detail for a tooltip: exact times, the failing list. */
  detail?: string;
  /** The failed call's request id, whole (the UI shows it shortened). */
  requestId?: string;
  /** "retrying in 40 s" after a failure. */
  retry?: string;
  /** A circuit breaker holding calls to an API the sync does not report on by itself. */
  notice?: string;
  /** When the data on screen was last brought up to date (ms since epoch), if ever. */
  syncedAt?: number;
}

const LIST_NAMES = { registry: 'repository images', cicd: 'CI/CD images' } as const;
/** The upstream API each list mirrors: its budget and its circuit breaker. */
export const LIST_APIS: Record<ImageList, string> = {
  registry: 'hss.ListRegistryImages',
  cicd: 'hss.ListCicdImages',
};
const SERVICE_NAMES: Record<string, string> = { hss: 'HSS', swr: 'SWR', acr: 'ACR' };

/** "HSS" for `hss.ListRegistryImages`. */
export function serviceOf(api: string): string {
  const prefix = api.split('.')[0] ?? api;
  return SERVICE_NAMES[prefix] ?? prefix.toUpperCase();
}

function accountOf(status: SyncResponse, accountId: string | undefined) {
  return status.accounts.find((entry) => entry.account === accountId) ?? status.accounts[0];
}

/** The first characters of a request id: enough to recognise, the whole id is in the title. */
export function shortRequestId(requestId: string): string {
  return requestId.length > 8 ? `${requestId.slice(0, 8)}…` : requestId;
}

/** What a breaker's open state means to a user: "HSS is failing; Imagewatch pauses calls for 30 s". */
export function describeBreaker(api: string, breaker: CircuitStatus): string | undefined {
  if (breaker.state === 'closed') return undefined;
  const service = serviceOf(api);
  if (breaker.state === 'half_open') return `${service} is failing; Imagewatch is trying it again`;
  return `${service} is failing; Imagewatch pauses calls for ${formatDuration(breaker.retry_in_ms)}`;
}

function atOffset(error: SyncError): string {
  return error.offset === undefined ? '' : ` (at offset ${error.offset})`;
}

/** "2 records and 1 multi-architecture member could not be read and were skipped", or nothing. */
function skippedWords(lists: ListSyncStatus[]): string | undefined {
  let records = 0;
  let members = 0;
  for (const list of lists) {
    records += list.warnings?.skipped_records ?? 0;
    members += list.warnings?.skipped_members ?? 0;
  }
  const parts: string[] = [];
  if (records > 0) parts.push(`${formatNumber(records)} record${records === 1 ? '' : 's'}`);
  if (members > 0) {
    parts.push(`${formatNumber(members)} multi-architecture member${members === 1 ? '' : 's'}`);
  }
  if (parts.length === 0) return undefined;
  return `${parts.join(' and ')} could not be read and were skipped`;
}

/** Why a sync failed, in words a user can act on, with the upstream's own code. */
export function describeSyncError(
  error: SyncError,
  service: string,
  breaker?: CircuitStatus,
): string {
  const upstreamStatus = error.upstream?.status;
  let words: string;
  if (error.code === 'upstream_unavailable' || (breaker && breaker.state !== 'closed')) {
    const paused =
      breaker && breaker.state === 'open'
        ? `; Imagewatch pauses calls for ${formatDuration(breaker.retry_in_ms)}`
        : '';
    words = `${service} keeps failing${paused}`;
  } else if (error.code === 'throttled') {
    words = `${service} throttled the calls (too many in its rate window)`;
  } else if (error.code === 'upstream_timeout') {
    words = `${service} did not answer in time`;
  } else if (upstreamStatus === 401 || upstreamStatus === 403) {
    words = `${service} refused the credentials`;
  } else if (error.code === 'not_found') {
    words = `${service} answered "not found"`;
  } else if (error.code === 'unreadable_page') {
    words = `${service} sent a list page Imagewatch could not use${atOffset(error)}; no image was removed`;
  } else if (error.code === 'crawl_incomplete') {
    words = `the full sync of ${service} was incomplete${atOffset(error)}, so no image was removed`;
  } else if (error.code === 'internal_error') {
    words = 'Imagewatch hit an internal error (see the server log)';
  } else if (error.code === 'upstream_error' && upstreamStatus === undefined) {
    words = `${service} could not be reached, or broke off its answer`;
  } else if (
    error.code === 'upstream_error' &&
    upstreamStatus !== undefined &&
    upstreamStatus >= 500
  ) {
    words = `${service} failed (HTTP ${upstreamStatus})`;
  } else if (
    error.code === 'upstream_error' &&
    upstreamStatus !== undefined &&
    upstreamStatus >= 200 &&
    upstreamStatus < 300
  ) {
    words = `${service} sent an answer Imagewatch could not read`;
  } else {
    words = error.message;
  }
  const code = error.upstream?.code;
  return code ? `${words} (${code})` : words;
}

function lastSyncOf(list: ListSyncStatus): number {
  return Math.max(list.last_full_sync ?? 0, list.last_incremental_sync ?? 0);
}

function openBreakerNotice(account: AccountSyncStatus, except: Set<string>): string | undefined {
  for (const [api, breaker] of Object.entries(account.breakers)) {
    if (except.has(api)) continue;
    const words = describeBreaker(api, breaker);
    if (words) return words;
  }
  return undefined;
}

export function describeSync(status: SyncResponse, accountId: string | undefined): SyncSummary {
  const account = accountOf(status, accountId);
  if (!account || account.lists.length === 0) {
    return { tone: 'pending', text: 'No image lists are configured for this account' };
  }
  const { lists } = account;
  const now = status.now;
  const lastSyncs = lists.map(lastSyncOf);
  const everySynced = lastSyncs.every((at) => at > 0);
  // The data is as old as its least recently synced list.
  const syncedAt = everySynced ? Math.min(...lastSyncs) : undefined;
  const withAge = (summary: SyncSummary): SyncSummary =>
    syncedAt === undefined ? summary : { ...summary, syncedAt };
  const listApis = new Set(lists.map((list) => LIST_APIS[list.list]));
  const notice = openBreakerNotice(account, listApis);
  const withNotice = (summary: SyncSummary): SyncSummary =>
    withAge(notice ? { ...summary, notice } : summary);

  // An error stays shown while its retry runs: it is cleared only by a success.
  const failed = lists.find((list) => list.last_error !== null);
  if (failed?.last_error) {
    const error = failed.last_error;
    const api = LIST_APIS[failed.list];
    const words = describeSyncError(error, serviceOf(api), account.breakers[api]);
    const retry = failed.running
      ? 'retrying now'
      : failed.next_run !== null
        ? `retrying in ${formatDuration(failed.next_run - now)}`
        : undefined;
    const age =
      syncedAt === undefined
        ? 'No data has been mirrored yet.'
        : `The data shown is from ${formatExactTime(syncedAt)}.`;
    return withNotice({
      tone: 'error',
      text: `The last sync failed: ${words}`,
      detail: `Sync of ${LIST_NAMES[failed.list]} failed ${formatRelativeTime(error.at, now)}, at ${formatExactTime(error.at)}: ${error.message}. ${age}`,
      ...(error.request_id ? { requestId: error.request_id } : {}),
      ...(retry ? { retry } : {}),
    });
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
    return withNotice({
      tone: 'busy',
      text: `Mirroring ${formatNumber(done)} of ${formatNumber(total)} images, ${left}`,
      detail: crawling.map((list) => `First full sync of ${LIST_NAMES[list.list]}`).join('; '),
    });
  }

  if (syncedAt === undefined) {
    return withNotice({ tone: 'pending', text: 'Waiting for the first sync' });
  }
  const updating = lists.some((list) => list.state === 'syncing' || list.running);
  // A refresh recorded for the syncing replica (scale-out) that has not started yet.
  const queued = !updating && lists.some((list) => list.refresh?.state === 'queued');
  const progress = updating ? ', updating' : queued ? ', refresh queued' : '';
  const skipped = skippedWords(lists);
  return withNotice({
    tone: updating || queued ? 'busy' : 'ok',
    text: `Synced ${formatRelativeTime(syncedAt, now)}${progress}`,
    detail: `Data as of ${formatExactTime(syncedAt)}${skipped ? `; ${skipped}` : ''}`,
  });
}

/** A refresh is watched closely for this long at most (then the normal polling takes over). */
export const WATCH_REFRESH_MS = 60_000;

/**
 * Whether the status shows the outcome of a refresh asked for at `askedAt` (server time): every
 * list synced since, or a failure since, or too long ago to keep watching.
 */
export function refreshSettled(
  status: SyncResponse | undefined,
  askedAt: number,
  accountId: string | undefined,
): boolean {
  if (!status) return false;
  if (status.now - askedAt > WATCH_REFRESH_MS) return true;
  const account = accountOf(status, accountId);
  if (!account) return true;
  return account.lists.every(
    (list) =>
      !list.running &&
      !list.refresh &&
      (lastSyncOf(list) > askedAt || (list.last_error?.at ?? 0) > askedAt),
  );
}

export interface RefreshAction {
  disabled: boolean;
  label: string;
  /** Why the action is not available now (shown beside the disabled button). */
  reason?: string;
}

function rateWindow(windowMs: number): string {
  if (windowMs === 60_000) return 'min';
  if (windowMs === 1_000) return 's';
  if (windowMs === 3_600_000) return 'h';
  return formatDuration(windowMs);
}

/**
 * The Refresh action of an account: it asks for an incremental cycle of every list, one call per
 * watermark with no changes (more pages when much changed), so its label says what it spends of
 * the budget, and it waits while a sync runs or the budget has no call to spare.
 */
export function describeRefresh(
  status: SyncResponse,
  accountId: string | undefined,
): RefreshAction {
  const account = accountOf(status, accountId);
  if (!account || account.lists.length === 0) {
    return { disabled: true, label: 'Refresh', reason: 'No image lists to refresh' };
  }
  const budgets = account.lists
    .map((list) => account.budgets[LIST_APIS[list.list]])
    .filter((budget): budget is BudgetStatus => budget !== undefined);
  const calls = account.lists.map(
    (list) => Object.values(list.watermarks).filter((mark) => mark !== null).length || 1,
  );
  const fewest = Math.min(...calls);
  const most = Math.max(...calls);
  const tightest = budgets.reduce<BudgetStatus | undefined>(
    (min, budget) => (min === undefined || budget.limit < min.limit ? budget : min),
    undefined,
  );
  const cost = fewest === most ? `${most}` : `${fewest}–${most}`;
  const label = tightest
    ? `Refresh (uses ${cost} of ${formatNumber(tightest.limit)} calls/${rateWindow(tightest.window_ms)})`
    : 'Refresh';

  if (account.lists.some((list) => list.state === 'crawling' || list.crawl !== null)) {
    return { disabled: true, label, reason: 'Wait: a full sync is running' };
  }
  if (account.lists.some((list) => list.running || list.state === 'syncing')) {
    return { disabled: true, label, reason: 'Wait: a sync is running' };
  }
  if (account.lists.some((list) => list.refresh)) {
    return { disabled: true, label, reason: 'Wait: a refresh is queued' };
  }
  for (const list of account.lists) {
    const api = LIST_APIS[list.list];
    const breaker = account.breakers[api];
    if (breaker?.state === 'open') {
      return {
        disabled: true,
        label,
        reason: `${serviceOf(api)} is failing; calls resume in ${formatDuration(breaker.retry_in_ms)}`,
      };
    }
  }
  const empty = budgets.filter((budget) => budget.available === 0);
  if (empty.length > 0) {
    const wait = Math.max(...empty.map((budget) => budget.next_token_in_ms));
    return {
      disabled: true,
      label,
      reason: `No call left in the budget: next in ${formatDuration(wait)}`,
    };
  }
  return { disabled: false, label };
}
