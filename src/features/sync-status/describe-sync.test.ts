import { beforeAll, describe, expect, it } from 'vitest';
import { createFormatters } from '../../i18n/format';
import { createI18n, translatorFor } from '../../i18n/i18n';
import type { Language } from '../../i18n/languages';
import type {
  BudgetStatus,
  CircuitStatus,
  ListSyncStatus,
  SyncError,
  SyncResponse,
} from '../../shared/contracts';
import {
  describeRefresh,
  describeSync,
  describeSyncError,
  refreshSettled,
  shortRequestId,
  type SyncSummary,
  type SyncWords,
} from './describe-sync';

async function syncWordsIn(language: Language): Promise<SyncWords> {
  const i18n = await createI18n(language);
  return {
    t: translatorFor(i18n, 'sync'),
    format: createFormatters(language, translatorFor(i18n, 'common')),
  };
}

let en: SyncWords;
beforeAll(async () => {
  en = await syncWordsIn('en');
});

/** The English summary of the account most tests build ('hw-1', see `status`). */
const describeHw1 = (response: SyncResponse) => describeSync(response, 'hw-1', en);

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const REQUEST_ID = '1a2b3c4d-5e6f-4711-8a9b-0c1d2e3f4a5b';

function list(overrides: Partial<ListSyncStatus>): ListSyncStatus {
  return {
    list: 'registry',
    state: 'idle',
    rows: 0,
    crawl: null,
    last_full_sync: null,
    last_incremental_sync: null,
    next_run: null,
    watermarks: {},
    calls: 0,
    throttled: 0,
    last_error: null,
    running: false,
    ...overrides,
  };
}

function budget(overrides: Partial<BudgetStatus> = {}): BudgetStatus {
  return {
    limit: 5,
    window_ms: 60_000,
    available: 5,
    used: 0,
    waiting: 0,
    next_token_in_ms: 0,
    ...overrides,
  };
}

function breaker(overrides: Partial<CircuitStatus> = {}): CircuitStatus {
  return {
    state: 'closed',
    consecutive_failures: 0,
    opened_at: null,
    retry_at: null,
    retry_in_ms: 0,
    rejected: 0,
    ...overrides,
  };
}

const OPEN = breaker({
  state: 'open',
  consecutive_failures: 5,
  opened_at: NOW - 5_000,
  retry_at: NOW + 30_000,
  retry_in_ms: 30_000,
});

function status(
  lists: ListSyncStatus[],
  extra: Partial<SyncResponse['accounts'][number]> = {},
): SyncResponse {
  return { now: NOW, accounts: [{ account: 'hw-1', lists, budgets: {}, breakers: {}, ...extra }] };
}

const SYNCED = { last_full_sync: NOW - 60 * 60_000, last_incremental_sync: NOW - 2 * 60_000 };
const REGISTRY_MARKS = { latest_update_time: 1, latest_scan_time: 2, latest_sync_time: 3 };
const CICD_MARKS = { latest_update_time: 1, latest_scan_time: 2 };

function idleAccount(extra: Partial<SyncResponse['accounts'][number]> = {}): SyncResponse {
  return status(
    [
      list({ ...SYNCED, watermarks: REGISTRY_MARKS }),
      list({ ...SYNCED, list: 'cicd', watermarks: CICD_MARKS }),
    ],
    {
      budgets: { 'hss.ListRegistryImages': budget(), 'hss.ListCicdImages': budget() },
      ...extra,
    },
  );
}

/** The English summary of 'hw-1' whose repository list failed with `error`, next tried at `nextRun`. */
function describeFailedRegistry(
  nextRun: number,
  error: SyncError,
  extra: Partial<SyncResponse['accounts'][number]> = {},
): SyncSummary {
  return describeHw1(
    status([list({ ...SYNCED, state: 'error', next_run: nextRun, last_error: error })], extra),
  );
}

/** An idle account whose registry list (its first) `change` alters. */
function idleWithRegistry(change: (registry: ListSyncStatus) => void): SyncResponse {
  const idle = idleAccount();
  const registry = idle.accounts[0]?.lists[0];
  if (registry) change(registry);
  return idle;
}

describe('describeSync', () => {
  it('gives the age of the least recently synced list, with its time', () => {
    const summary = describeHw1(
      status([list(SYNCED), list({ list: 'cicd', last_full_sync: NOW - 5 * 60_000 })]),
    );
    expect(summary).toMatchObject({ tone: 'ok', text: 'Synced 5 min ago' });
    expect(summary.syncedAt).toBe(NOW - 5 * 60_000);
  });

  it('says a cycle is running', () => {
    const summary = describeHw1(status([list({ ...SYNCED, running: true })]));
    expect(summary).toMatchObject({ tone: 'busy', text: 'Synced 2 min ago, updating' });
  });

  it('says a refresh is queued for the syncing replica until it starts', () => {
    const queued = { kind: 'incremental', state: 'queued', requested_at: NOW - 500 } as const;
    const summary = describeHw1(status([list({ ...SYNCED, refresh: queued })]));
    expect(summary).toMatchObject({ tone: 'busy', text: 'Synced 2 min ago, refresh queued' });
    const running = describeHw1(
      status([list({ ...SYNCED, running: true, refresh: { ...queued, state: 'running' } })]),
    );
    expect(running.text).toBe('Synced 2 min ago, updating');
  });

  it('reports a crawl in progress with its totals and time left', () => {
    const summary = describeSync(
      status([
        list({ state: 'crawling', crawl: { rows_done: 3_000, total: 18_000, eta_ms: 180_000 } }),
        list({
          list: 'cicd',
          state: 'crawling',
          crawl: { rows_done: 1_000, total: 2_000, eta_ms: 20_000 },
        }),
      ]),
      undefined,
      en,
    );
    expect(summary.text).toBe('Mirroring 4,000 of 20,000 images, about 3 min left');
    expect(summary.tone).toBe('busy');
  });

  it('says a first crawl is N of about M images, complete in about T (the data is partial)', async () => {
    const first = { rows_done: 250_000, total: 1_000_000, eta_ms: 13 * 3_600_000, first: true };
    const crawling = status([list({ state: 'crawling', running: true, crawl: first })]);
    expect(describeSync(crawling, undefined, en)).toMatchObject({
      tone: 'busy',
      text: 'Mirroring: 250,000 of about 1,000,000 images, complete in about 13 h',
    });
    const zh = await syncWordsIn('zh-CN');
    expect(describeSync(crawling, undefined, zh).text).toBe(
      '正在同步镜像：250,000 / 约 1,000,000，约 13小时后完成',
    );
  });

  it('says how soon changes and removals show (the sweep plan on /api/sync)', async () => {
    const freshness = {
      cycle_interval_ms: 5 * 60_000,
      sweep_ms: 20 * 3_600_000,
      sweep_period_ms: 20 * 3_600_000,
      removal_bound_ms: 60 * 3_600_000,
    };
    const sweeping = status([
      list({
        ...SYNCED,
        state: 'syncing',
        running: true,
        crawl: { rows_done: 400_000, total: 1_000_000, eta_ms: 12 * 3_600_000, first: false },
        freshness,
      }),
      list({ ...SYNCED, list: 'cicd', freshness: { ...freshness, removal_bound_ms: 3_600_000 } }),
    ]);
    const summary = describeSync(sweeping, undefined, en);
    expect(summary.text).toBe('Synced 2 min ago, updating');
    // The slowest list bounds the account's removals.
    expect(summary.freshness).toBe(
      'Changes show within about 10 min, removed images within about 3 d; sweep: 400,000 of about 1,000,000 checked',
    );
    const zh = await syncWordsIn('zh-CN');
    expect(describeSync(sweeping, undefined, zh).freshness).toBe(
      '变更约 10分钟内可见，已删除的镜像约 3天内消失；清理：已核对 400,000 / 约 1,000,000',
    );
  });

  it('puts a refused credential in words, with the code, the request id and the next try', () => {
    const summary = describeFailedRegistry(NOW + 40_000, {
      at: NOW - 30_000,
      message: 'the cloud refused the credentials (401 APIG.0301): check the access key',
      code: 'upstream_error',
      request_id: REQUEST_ID,
      upstream: { status: 401, code: 'APIG.0301', request_id: REQUEST_ID },
    });
    expect(summary).toMatchObject({
      tone: 'error',
      text: 'The last sync failed: HSS refused the credentials (APIG.0301)',
      requestId: REQUEST_ID,
      retry: 'retrying in 40 s',
      syncedAt: NOW - 2 * 60_000,
    });
    expect(shortRequestId(REQUEST_ID)).toBe('1a2b3c4d…');
    // The detail keeps the server's own message and says which data is still shown.
    expect(summary.detail).toMatch(/repository images failed 30 s ago/);
    expect(summary.detail).toMatch(/check the access key/);
    expect(summary.detail).toMatch(/The data shown is from/);
  });

  it('puts an incomplete crawl in words, with the offset, the request id and the reason', () => {
    const summary = describeFailedRegistry(NOW + 5_000, {
      at: NOW - 1_000,
      message:
        'The crawl was not complete (a page without a readable total_num at offset 200, 3 times; the page was skipped); no image was removed',
      code: 'crawl_incomplete',
      offset: 200,
      request_id: REQUEST_ID,
    });
    expect(summary).toMatchObject({
      tone: 'error',
      text: 'The last sync failed: the full sync of HSS was incomplete (at offset 200), so no image was removed',
      requestId: REQUEST_ID,
      retry: 'retrying in 5 s',
    });
    expect(summary.detail).toMatch(/without a readable total_num at offset 200/);
  });

  it('counts records skipped on their own in the detail of a good sync', () => {
    const synced = idleWithRegistry((registry) => {
      registry.warnings = { skipped_records: 2, skipped_members: 1, last_at: NOW - 60_000 };
    });
    const summary = describeHw1(synced);
    expect(summary.tone).toBe('ok');
    expect(summary.detail).toMatch(
      /2 records and 1 multi-architecture member could not be read and were skipped/,
    );
    expect(describeHw1(idleAccount()).detail).not.toMatch(/skipped/);
  });

  it('keeps the error shown while its retry runs', () => {
    const error: SyncError = { at: NOW - 1_000, message: 'x', code: 'upstream_timeout' };
    const summary = describeHw1(
      status([list({ ...SYNCED, state: 'syncing', running: true, last_error: error })]),
    );
    expect(summary).toMatchObject({
      tone: 'error',
      text: 'The last sync failed: HSS did not answer in time',
      retry: 'retrying now',
    });
  });

  it('says when a circuit breaker holds the calls of a failing list', () => {
    const summary = describeFailedRegistry(
      NOW + 30_000,
      {
        at: NOW - 1_000,
        message: 'HSS is failing (5 failed calls in a row); retrying in 30 s',
        code: 'upstream_unavailable',
        request_id: REQUEST_ID,
        upstream: { status: 500, code: 'HSS.0041', request_id: REQUEST_ID },
      },
      { breakers: { 'hss.ListRegistryImages': OPEN } },
    );
    expect(summary.text).toBe(
      'The last sync failed: HSS keeps failing; Imagewatch pauses calls for 30 s (HSS.0041)',
    );
    expect(summary.notice).toBeUndefined();
  });

  it('mentions an open breaker of another API while the syncs are fine', () => {
    const summary = describeHw1(idleAccount({ breakers: { 'hss.ListImageBasicImage': OPEN } }));
    expect(summary).toMatchObject({
      tone: 'ok',
      text: 'Synced 2 min ago',
      notice: 'HSS is failing; Imagewatch pauses calls for 30 s',
    });
  });

  it('waits for a first sync and picks the requested account', () => {
    const response: SyncResponse = {
      now: NOW,
      accounts: [
        {
          account: 'a',
          lists: [list({ last_full_sync: NOW - 1000 * 60 * 60 * 3 })],
          budgets: {},
          breakers: {},
        },
        { account: 'b', lists: [list({ state: 'pending' })], budgets: {}, breakers: {} },
      ],
    };
    expect(describeSync(response, 'a', en).text).toBe('Synced 3 h ago');
    expect(describeSync(response, 'b', en)).toMatchObject({
      tone: 'pending',
      text: 'Waiting for the first sync',
    });
  });
});

describe('describeSyncError', () => {
  const at = NOW;
  it.each<[string, SyncError, string]>([
    [
      'throttled',
      { at, message: 'm', code: 'throttled', upstream: { status: 429, code: 'APIG.0308' } },
      'HSS throttled the calls (too many in its rate window) (APIG.0308)',
    ],
    [
      '500',
      { at, message: 'm', code: 'upstream_error', upstream: { status: 500, code: 'HSS.0041' } },
      'HSS failed (HTTP 500) (HSS.0041)',
    ],
    [
      'unreadable answer',
      { at, message: 'm', code: 'upstream_error', upstream: { status: 200 } },
      'HSS sent an answer Imagewatch could not read',
    ],
    [
      'broken connection',
      { at, message: 'm', code: 'upstream_error', upstream: { request_id: 'r' } },
      'HSS could not be reached, or broke off its answer',
    ],
    [
      'internal',
      { at, message: 'The sync failed with an internal error', code: 'internal_error' },
      'Imagewatch hit an internal error (see the server log)',
    ],
    [
      'unreadable page',
      {
        at,
        message: 'a page without a readable total_num at offset 400 (attempt 1 of 3)',
        code: 'unreadable_page',
        offset: 400,
        request_id: 'r',
      },
      'HSS sent a list page Imagewatch could not use (at offset 400); no image was removed',
    ],
    [
      'incomplete crawl',
      {
        at,
        message: 'The crawl was not complete (total_num moved from 1000 to 200)',
        code: 'crawl_incomplete',
        offset: 200,
      },
      'the full sync of HSS was incomplete (at offset 200), so no image was removed',
    ],
    ['unknown', { at, message: 'something new' }, 'something new'],
  ])('%s', (_name, error, words) => {
    expect(describeSyncError(error, 'HSS', en)).toBe(words);
  });
});

describe('describeRefresh', () => {
  it('says what a refresh spends of the budget', () => {
    expect(describeRefresh(idleAccount(), 'hw-1', en)).toEqual({
      disabled: false,
      label: 'Refresh (uses 2–3 of 5 calls/min)',
      cost: 'uses 2–3 of 5 calls/min',
    });
  });

  it('is disabled with the reason while a sync runs', () => {
    const running = idleWithRegistry((registry) => (registry.running = true));
    expect(describeRefresh(running, 'hw-1', en)).toMatchObject({
      disabled: true,
      reason: 'Wait: a sync is running',
    });
  });

  it("stays available during a sweep: its cycle runs between the sweep's pages", () => {
    const crawl = { rows_done: 200, total: 1_000, eta_ms: 60_000, first: false };
    const sweeping = idleWithRegistry((registry) => {
      registry.running = true;
      registry.state = 'syncing';
      registry.crawl = crawl;
    });
    expect(describeRefresh(sweeping, 'hw-1', en).disabled).toBe(false);
    crawl.first = true;
    expect(describeRefresh(sweeping, 'hw-1', en)).toMatchObject({
      disabled: true,
      reason: 'Wait: a full sync is running',
    });
  });

  it('is disabled while a refresh asked of another replica waits for the syncing one', () => {
    const queued = idleWithRegistry((registry) => {
      registry.refresh = { kind: 'full', state: 'queued', requested_at: NOW - 100 };
    });
    expect(describeRefresh(queued, 'hw-1', en)).toMatchObject({
      disabled: true,
      reason: 'Wait: a refresh is queued',
    });
  });

  it('is disabled with the wait when the budget has no call left', () => {
    const spent = idleAccount({
      budgets: {
        'hss.ListRegistryImages': budget({ available: 0, next_token_in_ms: 40_000 }),
        'hss.ListCicdImages': budget(),
      },
    });
    expect(describeRefresh(spent, 'hw-1', en)).toEqual({
      disabled: true,
      label: 'Refresh (uses 2–3 of 5 calls/min)',
      cost: 'uses 2–3 of 5 calls/min',
      reason: 'No call left in the budget: next in 40 s',
    });
  });

  it('is disabled while a breaker holds a list API', () => {
    expect(
      describeRefresh(idleAccount({ breakers: { 'hss.ListCicdImages': OPEN } }), 'hw-1', en),
    ).toMatchObject({ disabled: true, reason: 'HSS is failing; calls resume in 30 s' });
  });
});

describe('refreshSettled', () => {
  it('waits for every list to sync or fail after the request', () => {
    const asked = NOW - 2 * 60_000 - 1;
    expect(refreshSettled(idleAccount(), asked, 'hw-1')).toBe(true);
    expect(refreshSettled(idleAccount(), NOW - 1_000, 'hw-1')).toBe(false);
    const stale = status([list({ last_full_sync: NOW - 20 * 60_000 })]);
    expect(refreshSettled(stale, NOW - 30_000, 'hw-1')).toBe(false);
    expect(refreshSettled(stale, NOW - 10 * 60_000, 'hw-1')).toBe(true); // watched long enough
    expect(refreshSettled(undefined, NOW, 'hw-1')).toBe(false);
    // Synced since, but the refresh itself is still queued on the syncing replica.
    const justSynced = { last_full_sync: NOW - 60_000, last_incremental_sync: NOW - 500 };
    const queued = { kind: 'incremental', state: 'queued', requested_at: NOW - 1_000 } as const;
    expect(refreshSettled(status([list(justSynced)]), NOW - 1_000, 'hw-1')).toBe(true);
    const pending = status([list({ ...justSynced, refresh: queued })]);
    expect(refreshSettled(pending, NOW - 1_000, 'hw-1')).toBe(false);
  });
});

describe('in Simplified Chinese', () => {
  let zh: SyncWords;
  beforeAll(async () => {
    zh = await syncWordsIn('zh-CN');
  });

  it('gives the age, a refused credential and the refresh cost in Chinese, with Intl times', () => {
    expect(describeSync(idleAccount(), 'hw-1', zh).text).toBe('2分钟前已同步');
    const error: SyncError = {
      at: NOW - 30_000,
      message: 'the cloud refused the credentials',
      code: 'upstream_error',
      upstream: { status: 401, code: 'APIG.0301' },
    };
    expect(describeSyncError(error, 'HSS', zh)).toBe('HSS 拒绝了访问凭证（APIG.0301）');
    const refresh = describeRefresh(idleAccount(), 'hw-1', zh);
    expect(refresh.cost).toBe('消耗 2–3 次，每分钟限 5 次调用');
    expect(refresh.label).toBe(`刷新（${refresh.cost}）`);
  });

  it('counts skipped records with the plural rules of the language', () => {
    const synced = idleWithRegistry((registry) => {
      registry.warnings = { skipped_records: 1, skipped_members: 0, last_at: NOW - 60_000 };
    });
    expect(describeSync(synced, 'hw-1', zh).detail).toMatch(/；1 条记录无法读取，已跳过$/);
    expect(describeHw1(synced).detail).toMatch(/; 1 record could not be read and were skipped$/);
  });
});
