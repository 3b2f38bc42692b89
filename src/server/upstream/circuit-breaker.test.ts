import { describe, expect, it } from 'vitest';
import { BudgetRegistry, parseRate } from './budget';
import { runUpstreamCall, type UpstreamCall } from './call';
import {
  CircuitBreaker,
  CircuitBreakerRegistry,
  isUpstreamFailure,
  serviceNameOf,
} from './circuit-breaker';
import { UpstreamError } from './types';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const serverError = () =>
  new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: 'upstream failed',
    upstream: { status: 500 },
  });
const timeout = () =>
  new UpstreamError({ status: 504, code: 'upstream_timeout', message: 'no answer' });
const throttled = () =>
  new UpstreamError({ status: 429, code: 'throttled', message: 'slow down', retryAfterMs: 1000 });
const refused = () =>
  new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: 'bad credentials',
    upstream: { status: 401 },
  });

function failNTimes(breaker: CircuitBreaker, n: number, error: () => UpstreamError = serverError) {
  for (let i = 0; i < n; i += 1) {
    breaker.beforeCall();
    breaker.record(error());
  }
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
    expect(
      isUpstreamFailure(new UpstreamError({ status: 502, code: 'upstream_error', message: 'x' })),
    ).toBe(true);
    expect(
      isUpstreamFailure(
        new UpstreamError({
          status: 502,
          code: 'upstream_error',
          message: 'unreadable',
          upstream: { status: 200 },
        }),
      ),
    ).toBe(true);
    expect(isUpstreamFailure(throttled())).toBe(false);
    expect(isUpstreamFailure(refused())).toBe(false);
    expect(isUpstreamFailure(new Error('abort'))).toBe(false);
  });

  it('names the service', () => {
    expect(serviceNameOf('hss.ListImageBasicImage')).toBe('HSS');
    expect(serviceNameOf('swr.ShowRepository')).toBe('SWR');
    expect(serviceNameOf('acr.ListRepoTag')).toBe('ACR');
  });
});

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast with a 503 that says when', () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker('hss.ListRegistryImages', {
      failureThreshold: 5,
      coolDownMs: 30_000,
      now: clock.now,
    });
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
    const clock = fakeClock();
    const breaker = new CircuitBreaker('acr.ListRepoTag', {
      failureThreshold: 2,
      coolDownMs: 1_000,
      now: clock.now,
    });
    failNTimes(breaker, 2);
    clock.advance(1_000);
    expect(breaker.status().state).toBe('half_open');
    breaker.beforeCall(); // the trial
    expect(rejectionOf(breaker).code).toBe('upstream_unavailable'); // concurrent callers wait
    breaker.record(undefined);
    expect(breaker.status()).toMatchObject({ state: 'closed', consecutive_failures: 0 });
    breaker.beforeCall();
    breaker.record(undefined);
  });

  it('re-opens for a full cool-down when the trial fails', () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker('hss.ListCicdImages', {
      failureThreshold: 2,
      coolDownMs: 1_000,
      now: clock.now,
    });
    failNTimes(breaker, 2);
    clock.advance(1_500);
    breaker.beforeCall();
    breaker.record(serverError());
    expect(breaker.status()).toMatchObject({ state: 'open', retry_in_ms: 1_000 });
    clock.advance(999);
    expect(rejectionOf(breaker).code).toBe('upstream_unavailable');
    clock.advance(1);
    breaker.beforeCall();
  });

  it('frees the trial slot when the trial is cancelled', () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker('hss.ListCicdImages', {
      failureThreshold: 1,
      coolDownMs: 10,
      now: clock.now,
    });
    failNTimes(breaker, 1);
    clock.advance(10);
    breaker.beforeCall();
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
    const clock = fakeClock();
    const breakers = new CircuitBreakerRegistry({
      failureThreshold: 3,
      coolDownMs: 60_000,
      now: clock.now,
    });
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
