import { describe, expect, it } from 'vitest';
import type { ListSyncStatus, SyncResponse } from '../../shared/contracts';
import { describeSync } from './describe-sync';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

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
    ...overrides,
  };
}

function status(lists: ListSyncStatus[], account = 'hw-1'): SyncResponse {
  return { now: NOW, accounts: [{ account, lists, budgets: {} }] };
}

describe('describeSync', () => {
  it('gives the age of the least recently synced list', () => {
    const summary = describeSync(
      status([
        list({ last_full_sync: NOW - 60 * 60_000, last_incremental_sync: NOW - 2 * 60_000 }),
        list({ list: 'cicd', last_full_sync: NOW - 5 * 60_000 }),
      ]),
      'hw-1',
    );
    expect(summary).toMatchObject({ tone: 'ok', text: 'Synced 5 min ago' });
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
    );
    expect(summary.text).toBe('Mirroring 4,000 of 20,000 images, about 3 min left');
    expect(summary.tone).toBe('busy');
  });

  it('puts an error in words with its request id', () => {
    const summary = describeSync(
      status([
        list({
          state: 'error',
          last_full_sync: NOW - 60_000,
          last_error: {
            at: NOW - 30_000,
            message: 'The access key was refused',
            request_id: 'req-42',
            upstream: { status: 401, code: 'APIGW.0301' },
          },
        }),
      ]),
      'hw-1',
    );
    expect(summary).toMatchObject({
      tone: 'error',
      text: 'Sync of repository images failed: The access key was refused (APIGW.0301)',
      requestId: 'req-42',
    });
  });

  it('waits for a first sync and picks the requested account', () => {
    const response: SyncResponse = {
      now: NOW,
      accounts: [
        { account: 'a', lists: [list({ last_full_sync: NOW - 1000 * 60 * 60 * 3 })], budgets: {} },
        { account: 'b', lists: [list({ state: 'pending' })], budgets: {} },
      ],
    };
    expect(describeSync(response, 'a').text).toBe('Synced 3 h ago');
    expect(describeSync(response, 'b')).toMatchObject({
      tone: 'pending',
      text: 'Waiting for the first sync',
    });
  });
});
