import { describe, expect, it } from 'vitest';
import { BudgetRegistry, parseRate } from './budget';
import { runUpstreamCall, type UpstreamCall } from './call';
import {
  CircuitBreaker,
  CircuitBreakerRegistry,
  isUpstreamFailure,
  serviceNameOf,
} from './circuit-breaker';
import { manualClock } from '../test-support/manual-clock';
import { UpstreamError, type UpstreamApi } from './types';

/** Breaker options on a clock the test moves. */
function onManualClock(failureThreshold: number, coolDownMs: number) {
  const clock = manualClock(1_000_000);
  return { clock, options: { failureThreshold, coolDownMs, now: clock.now } };
}

/** The client's 502 for a failed call; `upstreamStatus` when the upstream answered. */
const badGateway = (message: string, upstreamStatus?: number) =>
  new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message,
    ...(upstreamStatus === undefined ? {} : { upstream: { status: upstreamStatus } }),
  });
const serverError = () => badGateway('upstream failed', 500);
const refused = () => badGateway('bad credentials', 401);
const timeout = () =>
  new UpstreamError({ status: 504, code: 'upstream_timeout', message: 'no answer' });
const throttled = () =>
  new UpstreamError({ status: 429, code: 'throttled', message: 'slow down', retryAfterMs: 1000 });

function failNTimes(breaker: CircuitBreaker, n: number, error: () => UpstreamError = serverError) {
  for (let i = 0; i < n; i += 1) {
    breaker.beforeCall();
    breaker.record(error());
  }
}

/** A breaker opened by failures, its cool-down waited out (`waitedMs`) and its trial call begun. */
function breakerInTrial(
  api: UpstreamApi,
  failureThreshold: number,
  coolDownMs: number,
  waitedMs = coolDownMs,
) {
  const { clock, options } = onManualClock(failureThreshold, coolDownMs);
  const breaker = new CircuitBreaker(api, options);
  failNTimes(breaker, failureThreshold);
  clock.advance(waitedMs);
  expect(breaker.status().state).toBe('half_open');
  breaker.beforeCall(); // the trial
  return { clock, breaker };
}

function rejectionOf(breaker: CircuitBreaker): UpstreamError {
  try {
    breaker.beforeCall();
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('the breaker let the call through');
}

describe('isUpstreamFailure', () => {
  it('counts 5xx, timeouts, network failures and unreadable answers, not 429 or 4xx', () => {
    expect(isUpstreamFailure(serverError())).toBe(true);
    expect(isUpstreamFailure(timeout())).toBe(true);
    expect(isUpstreamFailure(badGateway('no connection'))).toBe(true);
    expect(isUpstreamFailure(badGateway('unreadable', 200))).toBe(true);
    expect(isUpstreamFailure(throttled())).toBe(false);
    expect(isUpstreamFailure(refused())).toBe(false);
    expect(isUpstreamFailure(new Error('abort'))).toBe(false);
  });

  it.each<{ api: UpstreamApi; service: string }>([
    { api: 'hss.ListImageBasicImage', service: 'HSS' },
    { api: 'swr.ShowRepository', service: 'SWR' },
    { api: 'acr.ListRepoTag', service: 'ACR' },
  ])('names the service of $api: $service', ({ api, service }) => {
    expect(serviceNameOf(api)).toBe(service);
  });
});

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast with a 503 that says when', () => {
    const { clock, options } = onManualClock(5, 30_000);
    const breaker = new CircuitBreaker('hss.ListRegistryImages', options);
    failNTimes(breaker, 4);
    expect(breaker.status().state).toBe('closed');
    breaker.beforeCall();
    breaker.record(timeout());
    expect(breaker.status()).toMatchObject({
      state: 'open',
      consecutive_failures: 5,
      retry_in_ms: 30_000,
    });
    const rejection = rejectionOf(breaker);
    expect(rejection.status).toBe(503);
    expect(rejection.code).toBe('upstream_unavailable');
    expect(rejection.message).toMatch(/^HSS is failing .*retrying in 30 s$/);
    expect(rejection.retryAfterMs).toBe(30_000);
    clock.advance(20_500);
    expect(rejectionOf(breaker).message).toMatch(/retrying in 10 s$/);
    expect(breaker.status().rejected).toBe(2);
  });

  it('does not open on interleaved successes, throttling or refusals', () => {
    const breaker = new CircuitBreaker('swr.ShowRepository', { failureThreshold: 3 });
    for (let round = 0; round < 10; round += 1) {
      failNTimes(breaker, 2);
      breaker.beforeCall();
      breaker.record(round % 3 === 0 ? throttled() : round % 3 === 1 ? refused() : undefined);
    }
    expect(breaker.status()).toMatchObject({ state: 'closed', consecutive_failures: 0 });
  });

  it('half-opens after the cool-down: one trial call, closing on success', () => {
    const { breaker } = breakerInTrial('acr.ListRepoTag', 2, 1_000);
    expect(rejectionOf(breaker).code).toBe('upstream_unavailable'); // concurrent callers wait
    breaker.record(undefined);
    expect(breaker.status()).toMatchObject({ state: 'closed', consecutive_failures: 0 });
    breaker.beforeCall();
    breaker.record(undefined);
  });

  it('re-opens for a full cool-down when the trial fails', () => {
    const { clock, breaker } = breakerInTrial('hss.ListCicdImages', 2, 1_000, 1_500);
    breaker.record(serverError());
    expect(breaker.status()).toMatchObject({ state: 'open', retry_in_ms: 1_000 });
    clock.advance(999);
    expect(rejectionOf(breaker).code).toBe('upstream_unavailable');
    clock.advance(1);
    breaker.beforeCall();
  });

  it('frees the trial slot when the trial is cancelled', () => {
    const { breaker } = breakerInTrial('hss.ListCicdImages', 1, 10);
    breaker.cancel();
    breaker.beforeCall();
    expect(breaker.status().state).toBe('half_open');
  });
});

describe('CircuitBreakerRegistry', () => {
  it('keeps one breaker per credential and API and reports them', () => {
    const registry = new CircuitBreakerRegistry({ failureThreshold: 1 });
    const a = registry.get('cred-a', 'hss.ListRegistryImages');
    expect(registry.get('cred-a', 'hss.ListRegistryImages')).toBe(a);
    a.beforeCall();
    a.record(serverError());
    registry.get('cred-a', 'swr.ShowRepository');
    registry.get('cred-b', 'hss.ListRegistryImages');
    const status = registry.status('cred-a');
    expect(Object.keys(status).sort()).toEqual(['hss.ListRegistryImages', 'swr.ShowRepository']);
    expect(status['hss.ListRegistryImages']?.state).toBe('open');
    expect(status['swr.ShowRepository']?.state).toBe('closed');
    expect(registry.status('cred-b')['hss.ListRegistryImages']?.state).toBe('closed');
    expect(registry.status('nobody')).toEqual({});
  });
});

describe('runUpstreamCall with a breaker', () => {
  it('stops calling an upstream that keeps failing, without spending budget', async () => {
    const breakers = new CircuitBreakerRegistry(onManualClock(3, 60_000).options);
    const budgets = new BudgetRegistry({ defaultRate: parseRate('1000/1s') });
    let sent = 0;
    const call: UpstreamCall<string> = {
      api: 'hss.ListImageBasicImage',
      prepare: () => {
        sent += 1;
        // Port 9 (discard) on loopback: refused at once, a network failure.
        return { url: new URL('http://127.0.0.1:9/x'), method: 'GET', headers: {} };
      },
      interpret: () => ({ data: 'never', requestId: undefined, status: 200 }),
    };
    const deps = { budgets, breakers, credentialId: 'c', maxRetries: 0, timeoutMs: 2_000 };
    for (let i = 0; i < 3; i += 1) {
      await expect(runUpstreamCall(deps, call)).rejects.toMatchObject({ code: 'upstream_error' });
    }
    const usedBefore = budgets.get('c', 'hss.ListImageBasicImage').status().used;
    await expect(runUpstreamCall(deps, call)).rejects.toMatchObject({
      status: 503,
      code: 'upstream_unavailable',
    });
    expect(sent).toBe(3);
    expect(budgets.get('c', 'hss.ListImageBasicImage').status().used).toBe(usedBefore);
  });
});
