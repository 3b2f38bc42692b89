import { describe, expect, it } from 'vitest';
import { relativeRangeName, resolveRelativeRanges, withinParam } from './relative-range';

describe('relative ranges', () => {
  const now = Date.UTC(2026, 11, 6, 12, 34, 56, 789);
  const minute = Date.UTC(2026, 11, 6, 12, 34);

  it('turns <name>_within into a start counted back from the minute', () => {
    expect(resolveRelativeRanges({ latest_scan_time_within: '7d', limit: '20' }, now)).toEqual({
      start_latest_scan_time: String(minute - 7 * 24 * 3600 * 1000),
      limit: '20',
    });
  });

  it('leaves an absolute start alone', () => {
    expect(
      resolveRelativeRanges({ latest_scan_time_within: '24h', start_latest_scan_time: '5' }, now),
    ).toEqual({ start_latest_scan_time: '5' });
  });

  it('names the filter of a parameter', () => {
    expect(withinParam('latest_sync_time')).toBe('latest_sync_time_within');
    expect(relativeRangeName('latest_sync_time_within')).toBe('latest_sync_time');
    expect(relativeRangeName('start_latest_sync_time')).toBeUndefined();
  });
});
