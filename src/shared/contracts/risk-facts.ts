// The risk overview's facts that need no schema (orders, labels, history ranges, UTC days):
// zod-free, for the browser (facts.ts).
import { labelledEnum } from './enums';

/** `unrated`: images without a severity level (never scanned, or the scan failed). */
export const RISK_SEVERITY_ORDER = ['High', 'Medium', 'Low', 'Security', 'unrated'] as const;

export const { values: RISK_TYPES, labels: RISK_TYPE_LABELS } = labelledEnum({
  has_vul: 'Vulnerabilities',
  has_malicious_file: 'Malicious files',
  has_unsafe_setting: 'Baseline risks',
  risky: 'Any risk',
});
export type RiskType = (typeof RISK_TYPES)[number];

/** Scan age, measured from the summary's `generated_at`; the buckets do not overlap. */
export const { values: SCAN_AGE_BUCKETS, labels: SCAN_AGE_LABELS } = labelledEnum({
  day: 'Last 24 h',
  week: '1–7 days',
  month: '7–30 days',
  older: 'Older than 30 days',
  never: 'Never scanned',
});
export type ScanAgeBucket = (typeof SCAN_AGE_BUCKETS)[number];

export const RISK_HISTORY_RETENTION_DAYS = 400;
export const RISK_HISTORY_RANGES = ['30', '90', '365'] as const;
export type RiskHistoryRange = (typeof RISK_HISTORY_RANGES)[number];

/** Epoch ms of the last millisecond of a UTC day `YYYY-MM-DD`. */
export function endOfUtcDay(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) + 86_400_000 - 1;
}

/** `YYYY-MM-DD` of the UTC day holding `epochMs`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
