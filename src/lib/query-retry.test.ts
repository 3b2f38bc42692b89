// The app's retry policy against a BFF that answers "busy" (429 + Retry-After): asks again after
// the advised delay (plus jitter, never sooner), a bounded number of times, keeps the data on
// screen meanwhile, and the notice says when it asks again.
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BusyNotice } from '../components/feedback/busy-notice';
import { createI18n } from '../i18n/i18n';
import { ApiError, apiGet, parseRetryAfter } from './api-client';
import {
  busyRetryAt,
  isServerBusy,
  MAX_BUSY_RETRIES,
  queryRetryDelay,
  shouldRetryQuery,
} from './query-retry';

function busy(retryAfterMs: number | undefined): ApiError {
  return new ApiError({ status: 429, code: 'server_busy', message: 'busy', retryAfterMs });
}

const busyResponse = (seconds: string) =>
  new Response(
    JSON.stringify({
      error: { code: 'server_busy', message: 'The server is busy; retry in 2 s.' },
    }),
    { status: 429, headers: { 'content-type': 'application/json', 'retry-after': seconds } },
  );
const okResponse = (total: number) =>
  new Response(JSON.stringify({ total_num: total }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

describe('retry policy', () => {
  it('retries busy answers a bounded number of times after the advised delay with jitter', () => {
    const error = busy(2_000);
    expect(isServerBusy(error)).toBe(true);
    for (let count = 0; count < MAX_BUSY_RETRIES; count += 1)
      expect(shouldRetryQuery(count, error)).toBe(true);
    expect(shouldRetryQuery(MAX_BUSY_RETRIES, error)).toBe(false);
    expect(queryRetryDelay(0, error, () => 0, 1_000)).toBe(2_000);
    expect(queryRetryDelay(0, error, () => 0.999, 1_000)).toBeLessThanOrEqual(2_600);
    expect(queryRetryDelay(0, error, () => 0.5, 1_000)).toBe(2_300);
    expect(busyRetryAt(error)).toBe(1_000 + 2_300);
    // Never sooner than a second, whatever was advised.
    expect(queryRetryDelay(0, busy(0), () => 0)).toBe(1_000);
  });

  it('does not retry other 4xx, and retries 5xx and network errors twice', () => {
    const invalid = new ApiError({ status: 400, code: 'invalid_parameter', message: 'x' });
    expect(shouldRetryQuery(0, invalid)).toBe(false);
    // A 429 without Retry-After says nothing of when: not busy, not retried.
    expect(isServerBusy(busy(undefined))).toBe(false);
    expect(shouldRetryQuery(0, busy(undefined))).toBe(false);
    const failed = new ApiError({ status: 502, code: 'upstream_error', message: 'x' });
    expect(shouldRetryQuery(1, failed)).toBe(true);
    expect(shouldRetryQuery(2, failed)).toBe(false);
    expect(busyRetryAt(failed)).toBeUndefined();
    const offline = new ApiError({ status: 0, code: 'network_error', message: 'x' });
    expect(shouldRetryQuery(0, offline)).toBe(true);
    // An answer of the wrong shape will not change by asking again.
    const drifted = new ApiError({ status: 200, code: 'invalid_response', message: 'x' });
    expect(shouldRetryQuery(0, drifted)).toBe(false);
  });
});

describe('a query told "busy"', () => {
  // The notice speaks through the catalogues: English, loaded before the clock is faked; so is
  // the error body's schema, which api-client imports lazily (in the app, with the list page).
  let english: I18n;
  beforeAll(async () => {
    english = await createI18n('en');
    await import('../shared/contracts/bff');
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** The busy notice of a query's state, as the page would render it in English. */
  function renderNotice(state: { failureReason: unknown; isFetching: boolean }) {
    const { failureReason, isFetching } = state;
    return renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: english },
        createElement(BusyNotice, { failureReason, isFetching }),
      ),
    );
  }

  function client() {
    return new QueryClient({
      defaultOptions: { queries: { retry: shouldRetryQuery, retryDelay: queryRetryDelay } },
    });
  }

  it('keeps its data, shows the countdown, and asks again no sooner than advised', async () => {
    const fetchMock = vi
      .fn<(input: RequestInfo | URL) => Promise<Response>>()
      .mockResolvedValueOnce(busyResponse('2'))
      .mockResolvedValueOnce(okResponse(42));
    vi.stubGlobal('fetch', fetchMock);
    const queryClient = client();
    const key = ['registry-images', { offset: 0 }];
    queryClient.setQueryData(key, { total_num: 41 });
    const observer = new QueryObserver(queryClient, {
      queryKey: key,
      queryFn: ({ signal }) =>
        apiGet<{ total_num: number }>('/api/hss/registry-images', {}, undefined, signal),
      staleTime: 0,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);

    let result = observer.getCurrentResult();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(result.isError).toBe(false);
    expect(result.isFetching).toBe(true);
    expect(result.data).toEqual({ total_num: 41 });
    expect(isServerBusy(result.failureReason)).toBe(true);
    const notice = renderNotice(result);
    expect(notice).toMatch(/role="status"/);
    expect(notice).toMatch(/Server busy, retrying in [23] s/);

    // Not before Retry-After (2 s).
    await vi.advanceTimersByTimeAsync(1_900);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    // Within the jitter (at most 30 % more).
    await vi.advanceTimersByTimeAsync(800);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    result = observer.getCurrentResult();
    expect(result.data).toEqual({ total_num: 42 });
    expect(result.failureReason).toBeNull();
    expect(renderNotice(result)).toBe('');
    unsubscribe();
    queryClient.clear();
  });

  it('gives up after a bounded number of busy answers and shows the error', async () => {
    const fetchMock = vi.fn(async () => busyResponse('1'));
    vi.stubGlobal('fetch', fetchMock);
    const queryClient = client();
    const observer = new QueryObserver(queryClient, {
      queryKey: ['facets'],
      queryFn: ({ signal }) => apiGet('/api/hss/registry-images/facets', {}, undefined, signal),
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    const result = observer.getCurrentResult();
    expect(fetchMock).toHaveBeenCalledTimes(1 + MAX_BUSY_RETRIES);
    expect(result.isError).toBe(true);
    expect(result.error).toBeInstanceOf(ApiError);
    expect((result.error as ApiError).code).toBe('server_busy');
    unsubscribe();
    queryClient.clear();
  });
});
