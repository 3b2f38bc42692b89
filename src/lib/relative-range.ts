// Relative time ranges in the URL, an extension of the app's own URLs (README "Sharing a view"):
// `<name>_within=7d` means "the last 7 days from when the page is opened", so a shared link
// still means the last 7 days tomorrow. The BFF takes absolute bounds, so the app turns it into
// `start_<name>` when it asks.
import type { QueryRecord } from '../shared/contracts';

const HOUR_MS = 60 * 60 * 1000;

export const RELATIVE_RANGES = {
  '24h': { ms: 24 * HOUR_MS, short: 'Last 24 h', words: 'last 24 hours' },
  '7d': { ms: 7 * 24 * HOUR_MS, short: 'Last 7 d', words: 'last 7 days' },
  '30d': { ms: 30 * 24 * HOUR_MS, short: 'Last 30 d', words: 'last 30 days' },
} as const;
export type RelativeRangeCode = keyof typeof RELATIVE_RANGES;

export const RELATIVE_RANGE_CODES = Object.keys(RELATIVE_RANGES) as RelativeRangeCode[];
const SUFFIX = '_within';

/** `latest_scan_time` → `latest_scan_time_within`. */
export function withinParam(name: string): string {
  return `${name}${SUFFIX}`;
}

export function isRelativeRangeCode(value: string | undefined): value is RelativeRangeCode {
  return value !== undefined && Object.hasOwn(RELATIVE_RANGES, value);
}

/** The time filter a `<name>_within` parameter belongs to, or undefined for other keys. */
export function relativeRangeName(key: string): string | undefined {
  return key.endsWith(SUFFIX) ? key.slice(0, -SUFFIX.length) : undefined;
}

/**
 * The record as the BFF takes it: each `<name>_within` becomes `start_<name>`, counted back from
 * `now` rounded down to the minute (so that the same view asks the same question for a minute
 * and shares the answer cache). An absolute start given as well wins.
 */
export function resolveRelativeRanges(record: QueryRecord, now: number): QueryRecord {
  const resolved: QueryRecord = {};
  const minute = Math.floor(now / 60_000) * 60_000;
  for (const [key, value] of Object.entries(record)) {
    const name = relativeRangeName(key);
    if (name === undefined || !isRelativeRangeCode(value)) {
      resolved[key] = value;
      continue;
    }
    const start = `start_${name}`;
    if (record[start] === undefined) resolved[start] = String(minute - RELATIVE_RANGES[value].ms);
  }
  return resolved;
}
