// Which change events one image's new record makes, against the row the inventory held: a pure
// function, so that the sync engine records exactly what it applies, and tests can say it.
import type { ChangeEventType, ChangeValues } from '../../shared/contracts';

/** The stored columns a change can concern (every list has them). */
export const TRACKED_COLUMNS = [
  'scan_status',
  'scan_failed_code',
  'scan_failed_desc',
  'severity_level',
  'latest_scan_time',
  'vul_num',
  'malicious_file_num',
  'unsafe_setting_num',
  'latest_version',
] as const;
type TrackedColumn = (typeof TRACKED_COLUMNS)[number];

/** A stored row as the diff reads it (times as stored: decimal strings or numbers). */
export type TrackedRow = Readonly<Partial<Record<TrackedColumn, unknown>>>;

export interface ChangeDraft {
  eventType: ChangeEventType;
  before: ChangeValues | null;
  after: ChangeValues | null;
}

/** Scan states that mean the scan did not give a result (HSS: failed, download failed, oversized). */
const FAILED_SCANS: ReadonlySet<string> = new Set(['failed', 'download_failed', 'image_oversized']);
const RISK_COUNTS = ['vul_num', 'malicious_file_num', 'unsafe_setting_num'] as const;

const value = (row: TrackedRow, column: TrackedColumn): string | number | null => {
  const raw = row[column];
  if (raw === null || raw === undefined) return null;
  return typeof raw === 'number' ? raw : String(raw);
};

const pick = (row: TrackedRow, columns: readonly TrackedColumn[]): ChangeValues =>
  Object.fromEntries(columns.map((column) => [column, value(row, column)]));

/** What an appearing or disappearing image is described by. */
const SUMMARY: readonly TrackedColumn[] = ['scan_status', 'severity_level', ...RISK_COUNTS];

/** A time stored as a decimal string or a number, compared without losing digits. */
function laterTime(before: string | number | null, after: string | number | null): boolean {
  if (after === null) return false;
  if (before === null) return true;
  return BigInt(after) > BigInt(before);
}

/** The events of one upserted image: `before` is the stored row (undefined: the image is new). */
export function diffImage(before: TrackedRow | undefined, after: TrackedRow): ChangeDraft[] {
  if (before === undefined)
    return [{ eventType: 'appeared', before: null, after: pick(after, SUMMARY) }];
  const drafts: ChangeDraft[] = [];
  const changed = (column: TrackedColumn) => value(before, column) !== value(after, column);
  const event = (eventType: ChangeEventType, columns: readonly TrackedColumn[]) =>
    drafts.push({ eventType, before: pick(before, columns), after: pick(after, columns) });

  if (laterTime(value(before, 'latest_scan_time'), value(after, 'latest_scan_time')))
    event('rescanned', ['latest_scan_time']);
  const wasFailed = FAILED_SCANS.has(String(value(before, 'scan_status')));
  const isFailed = FAILED_SCANS.has(String(value(after, 'scan_status')));
  if (isFailed && !wasFailed)
    event('scan_failed', ['scan_status', 'scan_failed_code', 'scan_failed_desc']);
  if (wasFailed && value(after, 'scan_status') === 'success')
    event('scan_recovered', ['scan_status']);
  if (changed('severity_level')) event('severity_changed', ['severity_level']);
  if (RISK_COUNTS.some(changed)) event('risk_changed', RISK_COUNTS);
  if (changed('latest_version')) event('latest_version_changed', ['latest_version']);
  return drafts;
}

/** The event of an image the sync removed, described as it last stood. */
export function removedImage(before: TrackedRow): ChangeDraft {
  return { eventType: 'removed', before: pick(before, SUMMARY), after: null };
}

/** The event of a repository's previous latest version, superseded by a newer one. */
export function supersededImage(): ChangeDraft {
  return {
    eventType: 'latest_version_changed',
    before: { latest_version: 1 },
    after: { latest_version: 0 },
  };
}
