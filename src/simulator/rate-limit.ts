// The cloud's throttle: a sliding window of accepted calls per credential and API.
import { parseRate, type Rate } from '../shared/upstream/rate';

export class SlidingWindowLimiter {
  private rate: Rate | undefined;
  private readonly calls = new Map<string, number[]>();

  constructor(spec?: string) {
    this.setRate(spec);
  }

  /** `undefined`, "" or "off" lifts the limit. */
  setRate(spec: string | undefined): void {
    const text = spec?.trim() ?? '';
    this.rate = text === '' || text === 'off' ? undefined : parseRate(text);
    this.calls.clear();
  }

  get current(): Rate | undefined {
    return this.rate;
  }

  /** Records the call and returns true, or returns false (and records nothing) when over the limit. */
  tryAcquire(key: string, now: number): boolean {
    const rate = this.rate;
    if (!rate) return true;
    let times = this.calls.get(key);
    if (!times) {
      times = [];
      this.calls.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && (times[expired] as number) <= now - rate.windowMs) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= rate.limit) return false;
    times.push(now);
    return true;
  }

  /** Milliseconds until the oldest call in the window leaves it (when the next one may pass). */
  retryAfterMs(key: string, now: number): number {
    const oldest = this.calls.get(key)?.[0];
    if (!this.rate || oldest === undefined) return 0;
    return Math.max(0, oldest + this.rate.windowMs - now);
  }

  /** APIG's wording: "limit:5,time:1 minute". */
  describe(): string {
    const rate = this.rate;
    if (!rate) return '';
    const seconds = rate.windowMs / 1000;
    const time =
      rate.windowMs % 60_000 === 0
        ? `${rate.windowMs / 60_000} minute`
        : `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)} second`;
    return `limit:${rate.limit},time:${time}`;
  }
}
