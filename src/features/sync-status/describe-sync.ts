// The sync state of one account in words: how old the data is, a crawl's progress, what went
// wrong (in words, with the upstream code and the request id support needs, and when the next
// try is), a circuit breaker holding calls, and what a manual refresh costs or why it must wait.
// The words come from the `sync` catalogue in the reader's language (see SyncWords).
import type { Formatters } from '../../i18n/format';
import type { Translate } from '../../i18n/i18n';
import type {
  BudgetStatus,
  CircuitStatus,
  ImageList,
  ListSyncStatus,
  SyncError,
  SyncResponse,
} from '../../shared/contracts';

export type SyncTone = 'ok' | 'busy' | 'pending' | 'error';

/** The reader's language: the `sync` catalogue's messages and the formats of its locale. */
export interface SyncWords {
  t: Translate;
  format: Formatters;
}

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
  /** How soon changes and removals show on the account's budget, and a running sweep's progress. */
  freshness?: string;
}

/** A sweep (a full crawl after the first) runs: its cycles still run between its pages. */
function sweeping(list: ListSyncStatus): boolean {
  return list.crawl?.first === false;
}

/** "Changes show within about 10 min, removed images within about 3 days; sweep: …". */
function freshnessWords(lists: ListSyncStatus[], { t, format }: SyncWords): string | undefined {
  const plans = lists.flatMap((list) => (list.freshness ? [list.freshness] : []));
  if (plans.length === 0) return undefined;
  // The slowest list bounds the account: a change shows after at most two cycle intervals.
  const changes = Math.max(...plans.map((plan) => 2 * plan.cycle_interval_ms));
  const removals = Math.max(...plans.map((plan) => plan.removal_bound_ms));
  const bounds = t('freshness', {
    changes: format.duration(changes),
    removals: format.duration(removals),
  });
  const sweeps = lists.filter(sweeping);
  if (sweeps.length === 0) return bounds;
  let done = 0;
  let total = 0;
  for (const list of sweeps) {
    done += list.crawl?.rows_done ?? 0;
    total += list.crawl?.total ?? 0;
  }
  return t('freshnessSweeping', {
    bounds,
    done: format.number(done),
    total: format.number(total),
  });
}

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

/** The account asked for (or the first); undefined when there is none or it has no list yet. */
function accountWithLists(status: SyncResponse, accountId: string | undefined) {
  const account =
    status.accounts.find((entry) => entry.account === accountId) ?? status.accounts[0];
  return account && account.lists.length > 0 ? account : undefined;
}

/** The first characters of a request id: enough to recognise, the whole id is in the title. */
export function shortRequestId(requestId: string): string {
  return requestId.length > 8 ? `${requestId.slice(0, 8)}…` : requestId;
}

/** What a breaker's open state means to a user: "HSS is failing; Imagewatch pauses calls for 30 s". */
export function describeBreaker(
  api: string,
  breaker: CircuitStatus,
  { t, format }: SyncWords,
): string | undefined {
  if (breaker.state === 'closed') return undefined;
  const service = serviceOf(api);
  if (breaker.state === 'half_open') return t('breakerTrying', { service });
  return t('breakerPaused', { service, duration: format.duration(breaker.retry_in_ms) });
}

function atOffset(error: SyncError, t: Translate): string {
  return error.offset === undefined ? '' : t('atOffset', { offset: error.offset });
}

/** "2 records and 1 multi-architecture member could not be read and were skipped", or nothing. */
function skippedWords(lists: ListSyncStatus[], t: Translate): string | undefined {
  let records = 0;
  let members = 0;
  for (const list of lists) {
    records += list.warnings?.skipped_records ?? 0;
    members += list.warnings?.skipped_members ?? 0;
  }
  if (records === 0 && members === 0) return undefined;
  return t('skipped', { records, members, both: records > 0 && members > 0 ? 'yes' : 'no' });
}

/** Why a sync failed, in words a user can act on, with the upstream's own code. */
export function describeSyncError(
  error: SyncError,
  service: string,
  { t, format }: SyncWords,
  breaker?: CircuitStatus,
): string {
  const upstreamStatus = error.upstream?.status;
  const offset = atOffset(error, t);
  let words: string;
  if (error.code === 'upstream_unavailable' || (breaker && breaker.state !== 'closed')) {
    words =
      breaker && breaker.state === 'open'
        ? t('errors.keepsFailingPaused', {
            service,
            duration: format.duration(breaker.retry_in_ms),
          })
        : t('errors.keepsFailing', { service });
  } else if (error.code === 'throttled') {
    words = t('errors.throttled', { service });
  } else if (error.code === 'upstream_timeout') {
    words = t('errors.timeout', { service });
  } else if (upstreamStatus === 401 || upstreamStatus === 403) {
    words = t('errors.credentials', { service });
  } else if (error.code === 'not_found') {
    words = t('errors.notFound', { service });
  } else if (error.code === 'unreadable_page') {
    words = t('errors.unreadablePage', { service, offset });
  } else if (error.code === 'crawl_incomplete') {
    words = t('errors.crawlIncomplete', { service, offset });
  } else if (error.code === 'internal_error') {
    words = t('errors.internal');
  } else if (error.code === 'upstream_error' && upstreamStatus === undefined) {
    words = t('errors.unreachable', { service });
  } else if (
    error.code === 'upstream_error' &&
    upstreamStatus !== undefined &&
    upstreamStatus >= 500
  ) {
    words = t('errors.failedHttp', { service, status: String(upstreamStatus) });
  } else if (
    error.code === 'upstream_error' &&
    upstreamStatus !== undefined &&
    upstreamStatus >= 200 &&
    upstreamStatus < 300
  ) {
    words = t('errors.unreadableAnswer', { service });
  } else {
    words = error.message;
  }
  const code = error.upstream?.code;
  return code ? t('errors.withCode', { words, code }) : words;
}

function lastSyncOf(list: ListSyncStatus): number {
  return Math.max(list.last_full_sync ?? 0, list.last_incremental_sync ?? 0);
}

function openBreakerNotice(
  account: AccountSyncStatus,
  except: Set<string>,
  words: SyncWords,
): string | undefined {
  for (const [api, breaker] of Object.entries(account.breakers)) {
    if (except.has(api)) continue;
    const notice = describeBreaker(api, breaker, words);
    if (notice) return notice;
  }
  return undefined;
}

export function describeSync(
  status: SyncResponse,
  accountId: string | undefined,
  syncWords: SyncWords,
): SyncSummary {
  const { t, format } = syncWords;
  const account = accountWithLists(status, accountId);
  if (!account) {
    return { tone: 'pending', text: t('noLists') };
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
  const notice = openBreakerNotice(account, listApis, syncWords);
  const withNotice = (summary: SyncSummary): SyncSummary =>
    withAge(notice ? { ...summary, notice } : summary);

  // An error stays shown while its retry runs: it is cleared only by a success.
  const failed = lists.find((list) => list.last_error !== null);
  if (failed?.last_error) {
    const error = failed.last_error;
    const api = LIST_APIS[failed.list];
    const words = describeSyncError(error, serviceOf(api), syncWords, account.breakers[api]);
    const retry = failed.running
      ? t('retryingNow')
      : failed.next_run !== null
        ? t('retryingIn', { duration: format.duration(failed.next_run - now) })
        : undefined;
    const age =
      syncedAt === undefined
        ? t('noDataYet')
        : t('dataShownFrom', { time: format.exactTime(syncedAt) });
    return withNotice({
      tone: 'error',
      text: t('lastSyncFailed', { words }),
      detail: t('failedDetail', {
        list: t(`lists.${failed.list}`),
        ago: format.relativeTime(error.at, now),
        time: format.exactTime(error.at),
        message: error.message,
        age,
      }),
      ...(error.request_id ? { requestId: error.request_id } : {}),
      ...(retry ? { retry } : {}),
    });
  }

  const crawling = lists.filter((list) => list.state === 'crawling' && list.crawl);
  const firstCrawl = crawling.some((list) => list.crawl?.first === true);
  if (crawling.length > 0) {
    let done = 0;
    let total = 0;
    let eta = 0;
    for (const list of crawling) {
      done += list.crawl?.rows_done ?? 0;
      total += list.crawl?.total ?? 0;
      eta = Math.max(eta, list.crawl?.eta_ms ?? 0);
    }
    const counts = { done: format.number(done), total: format.number(total) };
    // A first crawl's total is the upstream's last total_num, and the lists show only part yet.
    const text = firstCrawl
      ? t('mirroredOfAbout', {
          ...counts,
          left: eta > 0 ? t('completeIn', { duration: format.duration(eta) }) : t('almostDone'),
        })
      : t('mirroring', {
          ...counts,
          left: eta > 0 ? t('timeLeft', { duration: format.duration(eta) }) : t('almostDone'),
        });
    return withNotice({
      tone: 'busy',
      text,
      detail: crawling
        .map((list) => t('firstFullSync', { list: t(`lists.${list.list}`) }))
        .join('; '),
    });
  }

  if (syncedAt === undefined) {
    return withNotice({ tone: 'pending', text: t('waitingFirst') });
  }
  const updating = lists.some((list) => list.state === 'syncing' || list.running);
  // A refresh recorded for the syncing replica (scale-out) that has not started yet.
  const queued = !updating && lists.some((list) => list.refresh?.state === 'queued');
  const progress = updating ? 'updating' : queued ? 'queued' : 'none';
  const skipped = skippedWords(lists, t);
  const time = format.exactTime(syncedAt);
  const freshness = freshnessWords(lists, syncWords);
  return withNotice({
    tone: updating || queued ? 'busy' : 'ok',
    text: t('synced', { ago: format.relativeTime(syncedAt, now), progress }),
    detail: skipped ? t('dataAsOfSkipped', { time, skipped }) : t('dataAsOf', { time }),
    ...(freshness ? { freshness } : {}),
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
  // No list yet: nothing to watch.
  const account = accountWithLists(status, accountId);
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
  /** The whole label, for the title and assistive technology: "Refresh (uses 2 of 5 calls/min)". */
  label: string;
  /** What a refresh spends, shown small beside the button's name: "uses 2 of 5 calls/min". */
  cost?: string;
  /** Why the action is not available now (shown beside the disabled button). */
  reason?: string;
}

function rateWindow(windowMs: number, { t, format }: SyncWords): string {
  if (windowMs === 60_000) return t('window.min');
  if (windowMs === 1_000) return t('window.s');
  if (windowMs === 3_600_000) return t('window.h');
  return format.duration(windowMs);
}

/**
 * The Refresh action of an account: it asks for an incremental cycle of every list, one call per
 * watermark with no changes (more pages when much changed), so its label says what it spends of
 * the budget, and it waits while a sync runs or the budget has no call to spare.
 */
export function describeRefresh(
  status: SyncResponse,
  accountId: string | undefined,
  syncWords: SyncWords,
): RefreshAction {
  const { t, format } = syncWords;
  const account = accountWithLists(status, accountId);
  if (!account) {
    return { disabled: true, label: t('refresh'), reason: t('noListsToRefresh') };
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
  const spent = fewest === most ? `${most}` : `${fewest}–${most}`;
  const cost = tightest
    ? t('refreshCost', {
        cost: spent,
        limit: format.number(tightest.limit),
        window: rateWindow(tightest.window_ms, syncWords),
      })
    : undefined;
  const named = cost ? { label: t('refreshWithCost', { cost }), cost } : { label: t('refresh') };

  // A sweep runs for hours on a large estate: a refresh is served between its pages.
  const fullSync = (list: ListSyncStatus) =>
    list.state === 'crawling' || (list.crawl !== null && !sweeping(list));
  if (account.lists.some(fullSync)) {
    return { disabled: true, ...named, reason: t('waitFullSync') };
  }
  if (account.lists.some((list) => !sweeping(list) && (list.running || list.state === 'syncing'))) {
    return { disabled: true, ...named, reason: t('waitSync') };
  }
  if (account.lists.some((list) => list.refresh)) {
    return { disabled: true, ...named, reason: t('waitQueued') };
  }
  for (const list of account.lists) {
    const api = LIST_APIS[list.list];
    const breaker = account.breakers[api];
    if (breaker?.state === 'open') {
      return {
        disabled: true,
        ...named,
        reason: t('breakerResume', {
          service: serviceOf(api),
          duration: format.duration(breaker.retry_in_ms),
        }),
      };
    }
  }
  const empty = budgets.filter((budget) => budget.available === 0);
  if (empty.length > 0) {
    const wait = Math.max(...empty.map((budget) => budget.next_token_in_ms));
    return {
      disabled: true,
      ...named,
      reason: t('budgetEmpty', { duration: format.duration(wait) }),
    };
  }
  return { disabled: false, ...named };
}
