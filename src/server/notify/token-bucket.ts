// A channel's rate limit (DingTalk: 20 messages a minute per robot): a token bucket per channel
// URL, full at first, refilled evenly over the window.

export interface RateLimit {
  /** Messages allowed per window (the bucket's size). */
  messages: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle this long are full again and forgotten (a bound on the map's size). */
const IDLE_FORGET_MS = 3_600_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * Takes a token from `key`'s bucket: 0 when taken, else how long until one is available
   * (nothing is taken then).
   */
  take(key: string, limit: RateLimit, now: number): number {
    const perMs = limit.messages / limit.windowMs;
    const stored = this.buckets.get(key);
    const tokens =
      stored === undefined
        ? limit.messages
        : Math.min(limit.messages, stored.tokens + (now - stored.at) * perMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.forgetIdle(now);
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.ceil((1 - tokens) / perMs);
  }

  private forgetIdle(now: number): void {
    if (this.buckets.size < 1_000) return;
    for (const [key, bucket] of this.buckets)
      if (now - bucket.at > IDLE_FORGET_MS) this.buckets.delete(key);
  }
}
