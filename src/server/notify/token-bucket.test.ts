// The per-channel rate limit: a full bucket lets a burst of the limit through, then one message
// per refill interval, per channel URL independently.
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

const DINGTALK = { messages: 20, windowMs: 60_000 };

describe('TokenBuckets', () => {
  it('lets 20 messages a minute through to one robot, then says how long to wait', () => {
    const buckets = new TokenBuckets();
    const t0 = 1_000_000;
    for (let sent = 0; sent < 20; sent += 1) expect(buckets.take('robot-a', DINGTALK, t0)).toBe(0);
    expect(buckets.take('robot-a', DINGTALK, t0)).toBe(3_000);
    // Another robot has its own bucket.
    expect(buckets.take('robot-b', DINGTALK, t0)).toBe(0);
    // One token refills every 3 s (60 s / 20).
    expect(buckets.take('robot-a', DINGTALK, t0 + 1_500)).toBe(1_500);
    expect(buckets.take('robot-a', DINGTALK, t0 + 3_000)).toBe(0);
    expect(buckets.take('robot-a', DINGTALK, t0 + 3_000)).toBe(3_000);
  });

  it('refills to the limit, not beyond, after a quiet spell', () => {
    const buckets = new TokenBuckets();
    expect(buckets.take('robot', DINGTALK, 0)).toBe(0);
    const later = 3_600_000;
    let taken = 0;
    while (buckets.take('robot', DINGTALK, later) === 0) taken += 1;
    expect(taken).toBe(20);
  });
});
