// A channel's rate limit (DingTalk: 20 messages a minute per robot): a token bucket per channel
// URL, full at first, refilled evenly over the window.

/** At most `messages` per `perMs` (channels/channel.ts ChannelRateLimit). */
export interface RateLimit {
  messages: number;
  perMs: number;
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
   * Takes a token from each of `key`'s buckets (one per limit: a vendor may document several):
   * 0 when taken, else how long until every bucket has one (nothing is taken then).
   */
  take(key: string, limits: readonly RateLimit[], now: number): number {
    const filled = limits.map((limit, index) => {
      const bucketKey = `${index} ${key}`;
      const rate = limit.messages / limit.perMs;
      const stored = this.buckets.get(bucketKey);
      const tokens =
        stored === undefined
          ? limit.messages
          : Math.min(limit.messages, stored.tokens + (now - stored.at) * rate);
      return { bucketKey, rate, tokens };
    });
    const wait = Math.max(
      0,
      ...filled.map(({ rate, tokens }) => (tokens >= 1 ? 0 : Math.ceil((1 - tokens) / rate))),
    );
    for (const { bucketKey, tokens } of filled)
      this.buckets.set(bucketKey, { tokens: wait === 0 ? tokens - 1 : tokens, at: now });
    if (wait === 0) this.forgetIdle(now);
    return wait;
  }

  private forgetIdle(now: number): void {
    if (this.buckets.size < 1_000) return;
    for (const [key, bucket] of this.buckets)
      if (now - bucket.at > IDLE_FORGET_MS) this.buckets.delete(key);
  }
}
