// A circuit breaker per credential and API: after `failureThreshold` consecutive failures (5xx,
// timeouts, network errors, unreadable answers) the upstream is not called for `coolDownMs`;
// callers fail fast with 503 `upstream_unavailable`. Then one trial call is let through
// (half-open): its success closes the circuit, its failure opens it again. Throttling (429) and
// refusals (4xx) are not failures of the upstream: the budget and the caller deal with those.
import type { CircuitState, CircuitStatus, UpstreamErrorInfo } from '../../shared/contracts';
import { PerCredentialAndApi } from './per-credential';
import { UpstreamError, type UpstreamApi } from './types';

export type { CircuitState, CircuitStatus };

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call. Default 30 s. */
  coolDownMs?: number;
  now?: () => number;
}

export const CIRCUIT_DEFAULTS = { failureThreshold: 5, coolDownMs: 30_000 } as const;

const SERVICE_NAMES: Record<string, string> = { hss: 'HSS', swr: 'SWR', acr: 'ACR' };

/** "HSS" for `hss.ListRegistryImages`: the name users know the service by. */
export function serviceNameOf(api: UpstreamApi): string {
  const prefix = api.split('.')[0] ?? api;
  return SERVICE_NAMES[prefix] ?? prefix.toUpperCase();
}

/** Whether an error says the upstream itself is failing (as opposed to refusing or throttling). */
export function isUpstreamFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.code === 'upstream_timeout') return true;
  if (error.code !== 'upstream_error') return false;
  const status = error.upstream.status;
  // No status: never answered (refused, reset, truncated). 2xx: answered with something unreadable.
  return status === undefined || status >= 500 || (status >= 200 && status < 300);
}

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private rejectedTotal = 0;
  /** What the upstream said last time it failed: a fast-failed call reports it (code, request id). */
  private lastFailure: UpstreamErrorInfo | undefined;
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly api: UpstreamApi,
    options: CircuitBreakerOptions = {},
  ) {
    this.failureThreshold = options.failureThreshold ?? CIRCUIT_DEFAULTS.failureThreshold;
    this.coolDownMs = options.coolDownMs ?? CIRCUIT_DEFAULTS.coolDownMs;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1)
      throw new Error('a circuit breaker needs a failure threshold of at least 1');
    if (!(this.coolDownMs > 0)) throw new Error('a circuit breaker needs a positive cool-down');
  }

  /**
   * Call before each attempt. Throws a 503 `upstream_unavailable` UpstreamError while open (or
   * while a half-open trial is already running); otherwise the attempt may go ahead.
   */
  beforeCall(): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') {
      const wait = this.retryInMs();
      if (wait > 0) throw this.rejection(wait);
      this.state = 'half_open';
      this.trialInFlight = false;
    }
    if (this.trialInFlight) throw this.rejection(this.coolDownMs);
    this.trialInFlight = true;
  }

  /** The outcome of an attempt that `beforeCall` let through. */
  record(error: unknown | undefined): void {
    if (error === undefined || !isUpstreamFailure(error)) {
      // An answer, even a refusal, means the upstream is up.
      this.state = 'closed';
      this.failures = 0;
      this.trialInFlight = false;
      return;
    }
    this.failures += 1;
    if (error instanceof UpstreamError) this.lastFailure = error.upstream;
    if (this.state === 'half_open' || this.failures >= this.failureThreshold) {
      this.state = 'open';
      this.openedAt = this.now();
      this.trialInFlight = false;
    }
  }

  /** An attempt let through ended without an answer either way (the caller aborted). */
  cancel(): void {
    this.trialInFlight = false;
  }

  status(): CircuitStatus {
    const open = this.state === 'open';
    return {
      state: open && this.retryInMs() === 0 ? 'half_open' : this.state,
      consecutive_failures: this.failures,
      opened_at: this.openedAt,
      retry_at: open && this.openedAt !== null ? this.openedAt + this.coolDownMs : null,
      retry_in_ms: open ? this.retryInMs() : 0,
      rejected: this.rejectedTotal,
    };
  }

  private retryInMs(): number {
    if (this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.coolDownMs - this.now());
  }

  private rejection(waitMs: number): UpstreamError {
    this.rejectedTotal += 1;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new UpstreamError({
      status: 503,
      code: 'upstream_unavailable',
      message: `${serviceNameOf(this.api)} is failing (${this.failures} failed calls in a row); retrying in ${seconds} s`,
      retryAfterMs: waitMs,
      ...(this.lastFailure ? { upstream: this.lastFailure } : {}),
    });
  }
}

/** One breaker per credential and API, like the call budgets. */
export class CircuitBreakerRegistry {
  private readonly breakers: PerCredentialAndApi<CircuitBreaker>;

  constructor(options: CircuitBreakerOptions = {}) {
    this.breakers = new PerCredentialAndApi(
      (_credentialId, api) => new CircuitBreaker(api, options),
    );
  }

  get(credentialId: string, api: UpstreamApi): CircuitBreaker {
    return this.breakers.get(credentialId, api);
  }

  /** State of every breaker this credential has used, by API name (for /api/sync). */
  status(credentialId: string): Record<string, CircuitStatus> {
    return this.breakers.readAll(credentialId, (breaker) => breaker.status());
  }
}
