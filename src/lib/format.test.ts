import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatExactTime,
  formatImageReference,
  withDigestAlgorithm,
  formatNumber,
  formatRelativeTime,
  isoInstant,
  shortDigest,
} from './format';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [20000, '20,000'],
    [1234567, '1,234,567'],
  ])('adds thousands separators: %d reads %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatBytes', () => {
  it('reads in binary multiples with few digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10.25 * 1024 * 1024)).toBe('10.3 MB');
    expect(formatBytes(123.4 * 1024 ** 3)).toBe('123 GB');
    expect(formatBytes(2_147_483_547)).toBe('2 GB');
  });
  it('refuses nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.UTC(2025, 0, 10, 12, 0, 0);
  it('says how long ago, coarsely', () => {
    expect(formatRelativeTime(now - 3_000, now)).toBe('just now');
    expect(formatRelativeTime(now - 45_000, now)).toBe('45 s ago');
    expect(formatRelativeTime(now - 2 * 60_000, now)).toBe('2 min ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelativeTime(now - 5 * 86_400_000, now)).toBe('5 d ago');
    expect(formatRelativeTime(now - 400 * 86_400_000, now)).toBe('1 y ago');
  });
  it('handles the future', () => {
    expect(formatRelativeTime(now + 5 * 60_000, now)).toBe('in 5 min');
  });
  it('rounds durations', () => {
    expect(formatDuration(89_000)).toBe('1 min');
    expect(formatDuration(91_000)).toBe('2 min');
  });
});

describe('shortDigest', () => {
  it.each([
    ['sha256:0123456789abcdef0123', 'sha256:0123456789ab'],
    ['0123456789abcdef', '0123456789ab'],
    ['', ''],
  ])('keeps the algorithm and 12 hex digits: %j reads %j', (digest, short) => {
    expect(shortDigest(digest)).toBe(short);
  });
});

describe('formatImageReference', () => {
  it('joins namespace, name and tag', () => {
    expect(formatImageReference('library', 'nginx', '1.25')).toBe('library/nginx:1.25');
    expect(formatImageReference('', 'nginx', '')).toBe('nginx');
  });
});

describe('times past 2^53 (exact decimal text from the API)', () => {
  it('shows every digit of a time no Date can hold, and no instant for it', () => {
    expect(formatExactTime('9007199254740993')).toBe('9007199254740993 ms after 1970-01-01 UTC');
    expect(isoInstant('9007199254740993')).toBeUndefined();
    expect(formatRelativeTime('9007199254740993', Date.UTC(2026, 0, 1))).toMatch(/^in \d+ y$/);
  });

  it('reads decimal text like the number it spells', () => {
    const ms = Date.UTC(2025, 5, 1, 12, 0, 0);
    expect(isoInstant(String(ms))).toBe('2025-06-01T12:00:00.000Z');
    expect(formatExactTime(String(ms))).toBe(formatExactTime(ms));
    expect(formatRelativeTime(String(ms), ms + 3 * 3_600_000)).toBe('3 h ago');
  });
});

describe('withDigestAlgorithm', () => {
  it('prefixes a bare sha256 hex and leaves a prefixed digest alone', () => {
    const hex = 'a'.repeat(64);
    expect(withDigestAlgorithm(hex)).toBe(`sha256:${hex}`);
    expect(withDigestAlgorithm(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(withDigestAlgorithm('')).toBe('');
  });
});
