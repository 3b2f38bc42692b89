// Daily risk snapshots per account, list kind and UTC day: recorded after each successful sync
// (the day's last sync wins), pruned after RISK_HISTORY_RETENTION_DAYS, and in demo mode
// back-filled for a year from the images' own times so the trend charts have a past.
import { sql } from 'kysely';
import {
  IMAGE_LISTS,
  RISK_HISTORY_RETENTION_DAYS,
  RiskSnapshotCountsSchema,
  utcDay,
  type ImageList,
  type RiskHistory,
  type RiskHistoryPoint,
  type RiskSnapshotCounts,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { numberOrNull } from '../store/dialect';
import { riskSnapshotCounts } from './risk-summary';
import { listSpec } from '../lists';

const DAY_MS = 86_400_000;

export async function saveRiskSnapshot(
  db: InventoryDb,
  snapshot: {
    account: string;
    kind: ImageList;
    day: string;
    counts: RiskSnapshotCounts;
    recordedAt: number;
  },
): Promise<void> {
  const row = {
    account: snapshot.account,
    kind: snapshot.kind,
    day: snapshot.day,
    recorded_at: snapshot.recordedAt,
    reconstructed: 0,
    counts: JSON.stringify(snapshot.counts),
  };
  await db
    .insertInto('risk_history')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['account', 'kind', 'day']).doUpdateSet({
        recorded_at: row.recorded_at,
        reconstructed: 0,
        counts: row.counts,
      }),
    )
    .execute();
}

/** Deletes snapshots older than the retention period. Returns how many went. */
export async function pruneRiskHistory(db: InventoryDb, now: number): Promise<number> {
  const oldest = utcDay(now - RISK_HISTORY_RETENTION_DAYS * DAY_MS);
  const result = await db.deleteFrom('risk_history').where('day', '<', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records today's snapshot of a list and prunes what is past retention. */
export async function recordRiskSnapshot(
  db: InventoryDb,
  account: string,
  kind: ImageList,
  now: number,
): Promise<RiskSnapshotCounts> {
  const counts = await riskSnapshotCounts(db, kind, account, now);
  await saveRiskSnapshot(db, { account, kind, day: utcDay(now), counts, recordedAt: now });
  await pruneRiskHistory(db, now);
  return counts;
}

interface ImageTimes {
  latest_update_time: number | null;
  latest_scan_time: number | null;
  severity_level: string;
  vul_num: number;
  malicious_file_num: number;
  unsafe_setting_num: number;
}

const COUNT_NAMES = [
  'total',
  'high',
  'medium',
  'low',
  'security',
  'scanned',
  'has_vul',
  'has_malicious_file',
  'has_unsafe_setting',
  'risky',
] as const;
type CountName = (typeof COUNT_NAMES)[number];

/**
 * Reconstructs the aggregates of each of the `days` UTC days before today from the images in
 * the inventory now. The approximation: an image counts on day D if it existed by the end of D
 * (latest_update_time ≤ end of D, or no update time at all); it counts with its current severity
 * and risk counts if its latest scan was by the end of D, and as never scanned before that (we
 * cannot know what an earlier scan found). Images deleted since are missing from the past.
 */
export function reconstructRiskHistory(
  images: readonly ImageTimes[],
  now: number,
  days: number,
): Array<{ day: string; counts: RiskSnapshotCounts }> {
  const today = Date.parse(`${utcDay(now)}T00:00:00.000Z`);
  const firstDayEnd = today - days * DAY_MS + DAY_MS - 1;
  // Index of the first reconstructed day whose end is at or after `time`.
  const dayIndex = (time: number | null): number =>
    time === null ? 0 : Math.max(0, Math.ceil((time - firstDayEnd) / DAY_MS));
  // Difference arrays: +1 from the day an image (or its scan) appears onwards.
  const deltas: Record<CountName, Int32Array> = Object.fromEntries(
    COUNT_NAMES.map((name) => [name, new Int32Array(days + 1)]),
  ) as Record<CountName, Int32Array>;
  const add = (name: CountName, from: number) => {
    if (from < days) deltas[name][from] = (deltas[name][from] ?? 0) + 1;
  };
  for (const image of images) {
    const exists = dayIndex(image.latest_update_time);
    add('total', exists);
    if (image.latest_scan_time === null) continue;
    const scanned = Math.max(exists, dayIndex(image.latest_scan_time));
    add('scanned', scanned);
    if (image.severity_level === 'High') add('high', scanned);
    else if (image.severity_level === 'Medium') add('medium', scanned);
    else if (image.severity_level === 'Low') add('low', scanned);
    else if (image.severity_level === 'Security') add('security', scanned);
    if (image.vul_num > 0) add('has_vul', scanned);
    if (image.malicious_file_num > 0) add('has_malicious_file', scanned);
    if (image.unsafe_setting_num > 0) add('has_unsafe_setting', scanned);
    if (image.vul_num > 0 || image.malicious_file_num > 0 || image.unsafe_setting_num > 0)
      add('risky', scanned);
  }
  const running = Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Record<
    CountName,
    number
  >;
  const out: Array<{ day: string; counts: RiskSnapshotCounts }> = [];
  for (let index = 0; index < days; index += 1) {
    for (const name of COUNT_NAMES) running[name] += deltas[name][index] ?? 0;
    const rated = running.high + running.medium + running.low + running.security;
    out.push({
      day: utcDay(today - (days - index) * DAY_MS),
      counts: {
        total: running.total,
        high: running.high,
        medium: running.medium,
        low: running.low,
        security: running.security,
        unrated: running.total - rated,
        never_scanned: running.total - running.scanned,
        has_vul: running.has_vul,
        has_malicious_file: running.has_malicious_file,
        has_unsafe_setting: running.has_unsafe_setting,
        risky: running.risky,
      },
    });
  }
  return out;
}

/**
 * Demo mode: fills the `days` days before today that have no snapshot with reconstructed ones
 * (recorded snapshots are never overwritten). Returns how many were written.
 */
export async function backfillRiskHistory(
  db: InventoryDb,
  account: string,
  kind: ImageList,
  now: number,
  days = 365,
): Promise<number> {
  // Every list's table has the risk columns read here (the two typed tables stand for any).
  const table = listSpec(kind).table as 'registry_images' | 'cicd_images';
  const images = await db
    .selectFrom(table)
    .select([
      'latest_update_time',
      'latest_scan_time',
      'severity_level',
      'vul_num',
      'malicious_file_num',
      'unsafe_setting_num',
    ])
    .where('account', '=', account)
    .execute();
  const series = reconstructRiskHistory(
    images.map((image) => ({
      ...image,
      latest_update_time: numberOrNull(image.latest_update_time),
      latest_scan_time: numberOrNull(image.latest_scan_time),
    })),
    now,
    days,
  );
  let written = 0;
  await db.transaction().execute(async (trx) => {
    for (const point of series) {
      const result = await trx
        .insertInto('risk_history')
        .values({
          account,
          kind,
          day: point.day,
          recorded_at: now,
          reconstructed: 1,
          counts: JSON.stringify(point.counts),
        })
        .onConflict((oc) => oc.columns(['account', 'kind', 'day']).doNothing())
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  });
  return written;
}

export async function loadRiskHistory(
  db: InventoryDb,
  options: { account: string; kind: ImageList; days: number; now: number },
): Promise<RiskHistory> {
  const from = utcDay(options.now - (options.days - 1) * DAY_MS);
  const rows = await db
    .selectFrom('risk_history')
    .select(['day', 'reconstructed', 'counts'])
    .where('account', '=', options.account)
    .where('kind', '=', options.kind)
    .where('day', '>=', from)
    .orderBy('day', 'asc')
    .execute();
  const points: RiskHistoryPoint[] = [];
  for (const row of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.counts);
    } catch {
      continue; // a damaged row is skipped rather than failing the chart
    }
    const counts = RiskSnapshotCountsSchema.safeParse(parsed);
    if (counts.success)
      points.push({ day: row.day, reconstructed: row.reconstructed === 1, ...counts.data });
  }
  return { kind: options.kind, account: options.account, days: options.days, points };
}

export interface RiskRecorderLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * The sync engine's `onSynced` hook: records the list's snapshot (and in demo mode first
 * back-fills the past year once per process). Never throws: history must not fail a sync.
 */
export function createRiskRecorder(options: {
  db: InventoryDb;
  demo: boolean;
  logger: RiskRecorderLogger;
  now?: () => number;
}): (account: string, list: ImageList) => Promise<void> {
  const backfilled = new Set<string>();
  const now = options.now ?? Date.now;
  return async (account, list) => {
    if (!IMAGE_LISTS.includes(list)) return;
    try {
      const at = now();
      const key = `${account}\u0000${list}`;
      if (options.demo && !backfilled.has(key)) {
        backfilled.add(key);
        const written = await backfillRiskHistory(options.db, account, list, at);
        if (written > 0)
          options.logger.info({ account, list, days: written }, 'risk history back-filled (demo)');
      }
      await recordRiskSnapshot(options.db, account, list, at);
    } catch (error) {
      options.logger.error({ err: error, account, list }, 'could not record the risk snapshot');
    }
  };
}

/** For tests and benches: how many snapshots an account and kind have. */
export async function countRiskSnapshots(
  db: InventoryDb,
  account: string,
  kind: ImageList,
): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*) as n from risk_history where account = ${account} and kind = ${kind}`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0);
}
