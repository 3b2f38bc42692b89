// The risk summary, computed from the inventory alone (no upstream call). Each count is taken
// under the list's own WHERE clause (registryImagesWhere / cicdImagesWhere) plus the segment's
// condition, and each segment carries the list filter that expresses that condition, so the
// explorer's total_num for the same filter equals the count by construction.
import { sql, type RawBuilder } from 'kysely';
import {
  RISK_SEVERITY_ORDER,
  RISK_TYPES,
  SCAN_STATUSES,
  type ImageList,
  type RiskBucket,
  type RiskSnapshotCounts,
  type RiskSummary,
  type SegmentFilter,
  type TopImage,
} from '../../shared/contracts';
import { listSpec, type ListQuery, type ListSpec } from '../lists';
import {
  aggregateTable,
  answersFromAggregate,
  namespacedWhere,
  type AggregateKind,
} from '../lists/aggregates';
import { listWhere } from '../lists/list-store';
import { imageNamesMatching, nameIndex, namedIn } from '../lists/image-names';
import type { InventoryDb } from '../store/db';
import { RISK_FLAGS_FACET, SCANNED_FACET } from '../store/namespace-facet-aggregates-schema';
import { dialectOf, sqliteIndexedBy, type InventoryDialect } from '../store/dialect';
import { NO_QUERY_CACHE, type QueryCache, type ReadTrx } from '../serving/query-cache';
import type { InventoryTables } from '../store/tables';
import type { ColumnScans } from '../lists/column-scan';
import {
  columnSummaryCounts,
  columnSummaryCountsAt,
  type ColumnSummaryCounts,
  type ColumnSummaryRequest,
} from './risk-summary-columns';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TOP_N = 10;

/** A summary of the list `kind` under its list query. */
export interface RiskSummaryRequest {
  kind: ImageList;
  query: ListQuery;
}

/** The covering index of the grouped pass (migration 0015). */
const summaryIndex = (spec: ListSpec) => `${spec.table}_summary`;
/** The covering index (account, namespace, vul_num) of migration 0010. */
const vulnerableNamespaceIndex = (spec: ListSpec) => `${spec.table}_vulnerable_namespace`;
/** The sort index (account, vul_num, …) of migration 0012. */
const vulSortIndex = (spec: ListSpec) => `${spec.table}_sort_vul_num`;

/** An inclusive [start, end] range of scan times; either end may be open. */
interface Range {
  start: number | null;
  end: number | null;
}

/** The scan-age buckets' ranges (scanAgeRanges); a bucket the request's time range excludes has none. */
type AgeRanges = Record<'day' | 'week' | 'month' | 'older', Range | undefined>;

/**
 * The scan-age buckets as inclusive ranges ending at `now`, intersected with a scan-time range
 * the request already has (so the bucket's filter, which replaces it, selects the same images).
 */
function scanAgeRanges(
  now: number,
  query: { start_latest_scan_time?: string; end_latest_scan_time?: string },
): AgeRanges {
  const userStart =
    query.start_latest_scan_time === undefined ? 0 : Number(query.start_latest_scan_time);
  // Only a start means [start, now] in the list's semantics.
  const userEnd =
    query.end_latest_scan_time === undefined ? now : Number(query.end_latest_scan_time);
  const clamp = (start: number, end: number): Range | undefined => {
    const lower = Math.max(start, userStart);
    const upper = Math.min(end, userEnd);
    return lower > upper ? undefined : { start: lower, end: upper };
  };
  return {
    day: clamp(now - DAY_MS, now),
    week: clamp(now - 7 * DAY_MS, now - DAY_MS - 1),
    month: clamp(now - 30 * DAY_MS, now - 7 * DAY_MS - 1),
    older: clamp(0, now - 30 * DAY_MS - 1),
  };
}

function rangeFilter(range: Range): SegmentFilter {
  const out: SegmentFilter = {};
  if (range.start !== null && range.start > 0) out.start_latest_scan_time = String(range.start);
  if (range.end !== null) out.end_latest_scan_time = String(range.end);
  return out;
}

/**
 * The count of images scanned within `range`. PostgreSQL has no sum() of booleans, so there it is
 * `sum(case …)`; SQLite sums the comparison itself (0/1, NULL without a scan time), which makes its
 * grouped pass 30 % faster.
 */
function rangeSql(dialect: InventoryDialect, range: Range | undefined): RawBuilder<unknown> {
  if (!range) return sql`0`;
  const start = range.start ?? 0;
  const end = range.end ?? Number.MAX_SAFE_INTEGER;
  return dialect === 'sqlite'
    ? sql`coalesce(sum(latest_scan_time between ${start} and ${end}), 0)`
    : sql`coalesce(sum(case when latest_scan_time is not null and latest_scan_time >= ${start} and latest_scan_time <= ${end} then 1 else 0 end), 0)`;
}

type CountRow = Record<string, number | null>;

interface GroupedCounts {
  totals: CountRow;
  statuses: Array<{ value: string; count: number }>;
  types: Array<{ value: string; count: number }>;
  registries: Array<{ value: string; count: number }>;
}

/** severity_level value → the count it adds to ('' is unrated, as the list's filter has it). */
const SEVERITY_COLUMNS: Record<string, string> = {
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Security: 'security',
  '': 'unrated',
};

function sumInto(map: Map<string, number>, key: string, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/**
 * The grouping of the risk summary's pass, in the column order of the covering index `*_summary`
 * (migration 0015), so that SQLite streams it without a sort or a table read. The risk types are
 * grouped as `count > 0` rather than summed with a `case` per row (a third of the pass's time).
 */
function summaryGrouping(spec: ListSpec): RawBuilder<unknown>[] {
  return [
    sql`severity_level`,
    sql`scan_status`,
    ...spec.risk.summaryColumns.map((column) => sql.ref(column)),
    sql`vul_num > 0`,
    sql`malicious_file_num > 0`,
    sql`unsafe_setting_num > 0`,
    sql.ref(spec.risk.registryField),
  ];
}

/** A `count > 0` group value: 0/1 on SQLite, a boolean on PostgreSQL. */
const isSet = (value: unknown): boolean => value === true || Number(value) > 0;

/** A group of the summary's pass, from the image table or from an aggregate. */
type GroupRow = CountRow & {
  status: string;
  type: string;
  registry: string;
  severity: string;
  g_vul: unknown;
  g_malicious: unknown;
  g_unsafe: unknown;
};

const AGE_COUNTS = ['age_day', 'age_week', 'age_month', 'age_older'] as const;
type AgeCounts = Record<(typeof AGE_COUNTS)[number], number>;

/** The scan-age counts from the images scanned at or before each range's end and start. */
function agesFromCumulative(upTo: ReadonlyMap<number, number>, ranges: AgeRanges): AgeCounts {
  const count = (range: Range | undefined) =>
    range
      ? (upTo.get(range.end ?? Number.MAX_SAFE_INTEGER) ?? 0) -
        (upTo.get((range.start ?? 0) - 1) ?? 0)
      : 0;
  return {
    age_day: count(ranges.day),
    age_week: count(ranges.week),
    age_month: count(ranges.month),
    age_older: count(ranges.older),
  };
}

/** Every scalar count, and the status, type and registry breakdowns, summed from the groups. */
function foldGroups(rows: readonly GroupRow[]): GroupedCounts {
  const totals: CountRow = {};
  const statuses = new Map<string, number>();
  const types = new Map<string, number>();
  const registries = new Map<string, number>();
  const add = (name: string, count: number) => {
    totals[name] = (totals[name] ?? 0) + count;
  };
  for (const row of rows) {
    const count = Number(row.total ?? 0);
    for (const name of ['total', 'never_scanned', ...AGE_COUNTS]) add(name, Number(row[name] ?? 0));
    const vul = isSet(row.g_vul);
    const malicious = isSet(row.g_malicious);
    const unsafe = isSet(row.g_unsafe);
    if (vul) add('has_vul', count);
    if (malicious) add('has_malicious_file', count);
    if (unsafe) add('has_unsafe_setting', count);
    if (vul || malicious || unsafe) add('risky', count);
    const severity = SEVERITY_COLUMNS[String(row.severity ?? '')];
    if (severity) add(severity, count);
    sumInto(statuses, String(row.status ?? ''), count);
    sumInto(types, String(row.type ?? ''), count);
    sumInto(registries, String(row.registry ?? ''), count);
  }
  const list = (map: Map<string, number>) => [...map].map(([value, count]) => ({ value, count }));
  return {
    totals,
    statuses: list(statuses),
    types: list(types),
    registries: list(registries),
  };
}

/**
 * One pass over the selected images, grouped as `summaryGrouping` says: every scalar count, and the
 * status, type and registry breakdowns summed from the groups.
 */
async function groupedCounts(
  db: InventoryDb,
  spec: ListSpec,
  where: RawBuilder<unknown>,
  ranges: AgeRanges,
  index = summaryIndex(spec),
): Promise<GroupedCounts> {
  const dialect = dialectOf(db);
  const covering = sqliteIndexedBy(dialect, index);
  const result = await sql<GroupRow>`select
      severity_level as severity,
      scan_status as status,
      ${sql.ref(spec.risk.typeField)} as type,
      vul_num > 0 as g_vul,
      malicious_file_num > 0 as g_malicious,
      unsafe_setting_num > 0 as g_unsafe,
      ${sql.ref(spec.risk.registryField)} as registry,
      count(*) as total,
      count(*) - count(latest_scan_time) as never_scanned,
      ${rangeSql(dialect, ranges.day)} as age_day,
      ${rangeSql(dialect, ranges.week)} as age_week,
      ${rangeSql(dialect, ranges.month)} as age_month,
      ${rangeSql(dialect, ranges.older)} as age_older
    from ${sql.table(spec.table)} ${covering} where ${where}
    group by ${sql.join(summaryGrouping(spec))}`.execute(db);
  return foldGroups(result.rows);
}

const riskCountsTable = (spec: ListSpec) => aggregateTable(spec, 'counts');
const riskDaysTable = (spec: ListSpec) => aggregateTable(spec, 'days');

/**
 * The summary's groups from `*_risk_counts`, or from `*_risk_namespace_registries` under a
 * namespace filter (no scan-age counts: see scanAgeFromDays, scanAgeByNamespace).
 */
async function aggregateGroups(
  db: InventoryDb,
  spec: ListSpec,
  where: RawBuilder<unknown>,
  kind: 'counts' | 'namespace_registries' = 'counts',
): Promise<GroupedCounts> {
  const grouping = [
    sql`severity_level`,
    sql`scan_status`,
    sql.ref(spec.risk.typeField),
    sql`vul_num`,
    sql`malicious_file_num`,
    sql`unsafe_setting_num`,
    sql.ref(spec.risk.registryField),
  ];
  // 0054's groups in this grouping's order (no sorter); 0035's are few enough to read as kept.
  const inGroupingOrder =
    kind === 'namespace_registries'
      ? sqliteIndexedBy(dialectOf(db), `${aggregateTable(spec, kind)}_by_dimensions`)
      : sql``;
  const result = await sql<GroupRow>`select severity_level as severity, scan_status as status,
      ${sql.ref(spec.risk.typeField)} as type, vul_num as g_vul,
      malicious_file_num as g_malicious, unsafe_setting_num as g_unsafe,
      ${sql.ref(spec.risk.registryField)} as registry, sum(images) as total,
      sum(case when latest_scan_time is null then images else 0 end) as never_scanned
    from ${sql.table(aggregateTable(spec, kind))} ${inGroupingOrder}
    where ${where} and images <> 0
    group by ${sql.join(grouping)}`.execute(db);
  return foldGroups(result.rows);
}

/** A risk flags value of 0061 (vulnerabilities, malicious files, unsafe settings as '0'/'1'). */
const RISK_FLAG_COUNTS = ['has_vul', 'has_malicious_file', 'has_unsafe_setting'] as const;

/**
 * Every count but the scan ages, and the status, type and registry breakdowns, from each
 * dimension's counts on its own in the matching namespaces (`*_risk_namespace_facets`, 0061): a
 * namespace filter alone needs no combination of dimensions but the risk flags' (kept together),
 * about 40 rows a namespace where 0054's groups by every dimension were 275 (1M, the 270
 * namespaces matching `a`: 74,350 → 11,000 rows; see docs/benchmarks.md).
 */
async function namespaceFacetGroups(
  trx: ReadTrx,
  spec: ListSpec,
  where: RawBuilder<unknown>,
): Promise<GroupedCounts> {
  const result = await sql<{ facet: string; value: string; n: number | string }>`select facet,
      value, sum(images) as n from ${sql.table(aggregateTable(spec, 'namespace_facets'))}
    where ${where} and images <> 0 group by facet, value`.execute(trx);
  const totals: CountRow = {};
  const breakdown = (facet: string) =>
    result.rows
      .filter((row) => row.facet === facet)
      .map((row) => ({ value: row.value, count: Number(row.n) }));
  const add = (name: string, count: number) => {
    totals[name] = (totals[name] ?? 0) + count;
  };
  for (const { value, count } of breakdown('severity_level')) {
    add('total', count);
    const severity = SEVERITY_COLUMNS[value];
    if (severity) add(severity, count);
  }
  for (const { value, count } of breakdown(RISK_FLAGS_FACET)) {
    for (const [i, name] of RISK_FLAG_COUNTS.entries()) if (value[i] === '1') add(name, count);
    if (value.includes('1')) add('risky', count);
  }
  for (const { value, count } of breakdown(SCANNED_FACET))
    if (value === '0') add('never_scanned', count);
  return {
    totals,
    statuses: breakdown('scan_status'),
    types: breakdown(spec.risk.typeField),
    registries: breakdown(spec.risk.registryField),
  };
}

const dayStart = (time: number) => Math.floor(time / DAY_MS) * DAY_MS;

/** The times t whose F(t) (images scanned at or before t) the ranges' counts are made of. */
function agePoints(ranges: AgeRanges) {
  const points = new Set<number>();
  for (const range of Object.values(ranges))
    if (range) points.add(range.end ?? Number.MAX_SAFE_INTEGER).add((range.start ?? 0) - 1);
  return points;
}

/**
 * The scan-age counts from `*_risk_days`: a range [a, b] holds F(b) − F(a − 1) images, where F(t)
 * (images scanned at or before t) is the sum of the whole days before t's day plus the images of
 * t's own day up to t (or the days through t's less the rest of it), counted through a covering
 * index (half a day's entries at most).
 */
async function scanAgeFromDays(
  db: InventoryDb,
  spec: ListSpec,
  where: RawBuilder<unknown>,
  ranges: AgeRanges,
): Promise<AgeCounts> {
  const points = agePoints(ranges);
  const times = [...points];
  // The images per day (a few hundred rows, in day order from the covering index of 0049),
  // summed here: ten conditional sums per group (two per point) over the 17,000 groups at 1M,
  // each read from the table, took 15-23 ms of CPU (40-100 ms wall on the shared machine).
  const days = await sql<{ day: number | string | null; n: number | string }>`select
      latest_scan_time as day, sum(images) as n from ${sql.table(riskDaysTable(spec))}
      ${sqliteIndexedBy(dialectOf(db), `${riskDaysTable(spec)}_by_day`)}
      where ${where} and images <> 0 group by latest_scan_time`.execute(db);
  const imagesBefore = (time: number) => {
    let total = 0;
    for (const { day, n } of days.rows) if (day !== null && Number(day) < time) total += Number(n);
    return total;
  };
  // Per point, the images of the whole days before its day (b) and through its day (t).
  const sums: Record<string, number> = {};
  for (const [i, time] of times.entries()) {
    sums[`b${i}`] = imagesBefore(dayStart(time));
    sums[`t${i}`] = imagesBefore(dayStart(time) + DAY_MS);
  }
  // Covering (migration 0036): the day's index entries, no table rows.
  const byIndex = sqliteIndexedBy(dialectOf(db), `${spec.table}_scan_time_dimensions`);
  const countBetween = async (start: number, end: number) => {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n
      from ${sql.table(spec.table)} ${byIndex} where ${where}
      and latest_scan_time >= ${start} and latest_scan_time <= ${end}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  };
  const upTo = new Map<number, number>();
  for (const [i, time] of times.entries()) {
    const start = dayStart(time);
    const end = start + DAY_MS - 1;
    // From the nearer end of t's day: its start up to t, or the days through it less what
    // follows t (for t = now, the rest of today holds no scan yet).
    upTo.set(
      time,
      time - start <= end - time
        ? Number(sums[`b${i}`] ?? 0) + (await countBetween(start, time))
        : Number(sums[`t${i}`] ?? 0) - (await countBetween(time + 1, end)),
    );
  }
  return agesFromCumulative(upTo, ranges);
}

/** Scan-age points at or after this age are counted from the recent end (see scanAgeByNamespace). */
const RECENT_MS = 31 * DAY_MS;

/** The scan-age counts of the `scanned` images matching `where`, a namespace filter among its terms. */
type NamespaceScanAges = (
  trx: ReadTrx,
  spec: ListSpec,
  where: RawBuilder<unknown>,
  ranges: AgeRanges,
  scanned: number,
  now: number,
) => Promise<AgeCounts>;

/**
 * The scan-age counts under a namespace filter, which the days' aggregate cannot take: F(t)
 * (images scanned at or before t) is the scanned images less those scanned after t for the recent
 * points (the last month's scans of the matching namespaces, through the covering index
 * `*_namespace_scan_time` of 0054), and a count up to t for older ones (none but t = -1 here).
 */
const scanAgeByNamespace: NamespaceScanAges = async (trx, spec, where, ranges, scanned, now) => {
  const dialect = dialectOf<InventoryTables>(trx);
  const points = agePoints(ranges);
  const recent = [...points].filter((point) => point >= now - RECENT_MS);
  const byIndex = sqliteIndexedBy(dialect, `${spec.table}_namespace_scan_time`);
  const upTo = new Map<number, number>();
  if (recent.length > 0) {
    const after = (point: number) =>
      dialect === 'sqlite'
        ? sql`coalesce(sum(latest_scan_time > ${point}), 0)`
        : sql`coalesce(sum(case when latest_scan_time > ${point} then 1 else 0 end), 0)`;
    const { rows } = await sql<Record<string, number | string>>`select ${sql.join(
      recent.map((point, i) => sql`${after(point)} as ${sql.ref(`a${i}`)}`),
    )} from ${sql.table(spec.table)} ${byIndex}
      where ${where} and latest_scan_time > ${Math.min(...recent)}`.execute(trx);
    for (const [i, point] of recent.entries())
      upTo.set(point, scanned - Number(rows[0]?.[`a${i}`] ?? 0));
  }
  for (const point of points) {
    if (upTo.has(point)) continue;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n
      from ${sql.table(spec.table)} ${byIndex}
      where ${where} and latest_scan_time <= ${point}`.execute(trx);
    upTo.set(point, Number(rows[0]?.n ?? 0));
  }
  return agesFromCumulative(upTo, ranges);
};

/**
 * The scan-age counts under a namespace filter with no other filter than severities, from the
 * images per namespace, severity and day of 0057 (`*_risk_namespace_days`): F(t) is the scanned
 * images less those scanned after t for the recent points, the images scanned before t for older
 * ones (none but t = -1 without a time range), each from its whole days' groups and, through
 * `*_namespace_scan_time`, the images of t's own day between t and that day's nearer end. At 1M,
 * under the 270 namespaces matching `a`, a month of day groups is 39,000 index entries (every
 * severity; the index seeks each namespace's recent days) against 235,000 images': with two
 * severities, the summary's CPU went from 76 to 43 ms (load 13, A/B in one process).
 */
const scanAgeFromNamespaceDays: NamespaceScanAges = async (
  trx,
  spec,
  where,
  ranges,
  scanned,
  now,
) => {
  const dialect = dialectOf<InventoryTables>(trx);
  const points = [...agePoints(ranges)];
  const table = sql.table(aggregateTable(spec, 'namespace_days'));
  const byDay = sqliteIndexedBy(
    dialect,
    `${aggregateTable(spec, 'namespace_days')}_by_namespace_day`,
  );
  const recent = new Set(points.filter((point) => point >= now - RECENT_MS));
  // Each point's day is counted from its nearer end (for t = now, the rest of today is empty).
  const nearerStart = (point: number) =>
    point - dayStart(point) <= dayStart(point) + DAY_MS - 1 - point;
  // The whole days a point's F(t) is made of: its own day's start, or the next day's.
  const wholeDaysFrom = (point: number) => dayStart(point) + (nearerStart(point) ? 0 : DAY_MS);
  // The images scanned from each recent point's whole days on, in one read of the recent groups.
  const starts = [...new Set([...recent].map(wholeDaysFrom))];
  const fromDay = new Map<number, number>();
  if (starts.length > 0) {
    const { rows } = await sql<Record<string, number | string | null>>`select ${sql.join(
      starts.map(
        (start, i) =>
          sql`coalesce(sum(case when latest_scan_time >= ${start} then images else 0 end), 0) as ${sql.ref(`s${i}`)}`,
      ),
    )} from ${table} ${byDay} where ${where} and latest_scan_time >= ${Math.min(...starts)}`.execute(
      trx,
    );
    for (const [i, start] of starts.entries()) fromDay.set(start, Number(rows[0]?.[`s${i}`] ?? 0));
  }
  const beforeDay = async (start: number) => {
    const { rows } = await sql<{ n: number | string | null }>`select sum(images) as n
      from ${table} ${byDay} where ${where} and latest_scan_time < ${start}`.execute(trx);
    return Number(rows[0]?.n ?? 0);
  };
  const byIndex = sqliteIndexedBy(dialect, `${spec.table}_namespace_scan_time`);
  // The images scanned within [start, end] (none for an empty range, without a read).
  const countBetween = async (start: number, end: number) => {
    if (start > end) return 0;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n
      from ${sql.table(spec.table)} ${byIndex} where ${where}
      and latest_scan_time >= ${start} and latest_scan_time <= ${end}`.execute(trx);
    return Number(rows[0]?.n ?? 0);
  };
  const upTo = new Map<number, number>();
  for (const point of points) {
    const from = wholeDaysFrom(point);
    // The part of the point's day between it and the whole days: added or taken off.
    const part = nearerStart(point)
      ? await countBetween(from, point)
      : -(await countBetween(point + 1, from - 1));
    upTo.set(
      point,
      recent.has(point)
        ? scanned - ((fromDay.get(from) ?? 0) - part)
        : (await beforeDay(from)) + part,
    );
  }
  return agesFromCumulative(upTo, ranges);
};

const num = (row: CountRow, name: string): number => Number(row[name] ?? 0);

/** The snapshot aggregates of a whole list (history), from one pass. */
export async function riskSnapshotCounts(
  db: InventoryDb,
  kind: ImageList,
  account: string,
  now: number,
): Promise<RiskSnapshotCounts> {
  const spec = listSpec(kind);
  // Whole-list counts without scan ages: the aggregate has them all.
  const { totals: row } = await aggregateGroups(db, spec, listWhere(spec, account, {}, now));
  return {
    total: num(row, 'total'),
    high: num(row, 'high'),
    medium: num(row, 'medium'),
    low: num(row, 'low'),
    security: num(row, 'security'),
    unrated: num(row, 'unrated'),
    never_scanned: num(row, 'never_scanned'),
    has_vul: num(row, 'has_vul'),
    has_malicious_file: num(row, 'has_malicious_file'),
    has_unsafe_setting: num(row, 'has_unsafe_setting'),
    risky: num(row, 'risky'),
  };
}

/**
 * Name filters are case-insensitive substrings, so the explorer's `registry_name=X` also lists
 * images of every name containing X. Given exact-name groups, this counts what that filter lists.
 */
export function substringCounts(
  groups: ReadonlyArray<{ value: string; count: number }>,
  names: readonly string[],
): Map<string, number> {
  const lowered = groups.map((group) => ({ text: group.value.toLowerCase(), count: group.count }));
  const out = new Map<string, number>();
  for (const name of names) {
    const needle = name.toLowerCase();
    let total = 0;
    for (const group of lowered) if (group.text.includes(needle)) total += group.count;
    out.set(name, total);
  }
  return out;
}

/** The largest exact-name groups (empty names cannot be filtered on), counted as the filter lists. */
function topNameBuckets(
  groups: ReadonlyArray<{ value: string; count: number }>,
  field: string,
  extraFilter: SegmentFilter,
): RiskBucket[] {
  const named = groups.filter((group) => group.value !== '' && group.value.length <= 128);
  const top = [...named]
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, TOP_N);
  const counts = substringCounts(
    named,
    top.map((group) => group.value),
  );
  return top
    .map((group) => ({
      value: group.value,
      count: counts.get(group.value) ?? group.count,
      filter: { ...extraFilter, [field]: group.value },
    }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * A walk of the vul_num sort index visiting up to this many times the rows that reading and
 * sorting every match would read is still the cheaper plan (it stops after TOP_N matches).
 */
const WALK_OVER_SORT_COST = 2;

/**
 * How to read the top images on SQLite. Its planner prefers a filter's index, then reads and sorts
 * every match (over 100 ms for a namespace + severity filter at 200,000 images); walking the
 * vul_num index from the top stops after TOP_N matches, visiting about TOP_N × (the account's
 * vulnerable images) / (matching vulnerable images) rows when matches are spread evenly. Forced
 * when that is cheaper; PostgreSQL's planner has statistics and chooses alone.
 */
async function topImagesAccess(
  trx: ReadTrx,
  spec: ListSpec,
  account: string,
  vulnerableMatches: number,
  fromAggregates: boolean,
): Promise<RawBuilder<unknown>> {
  const dialect = dialectOf<InventoryTables>(trx);
  if (dialect !== 'sqlite' || vulnerableMatches === 0) return sql``;
  // From the aggregate, else a range count over the same index (no table rows); exact either way.
  const vulnerable = fromAggregates
    ? await sql<{ n: number }>`select coalesce(sum(images), 0) as n
        from ${sql.table(riskCountsTable(spec))} where account = ${account} and vul_num > 0`.execute(
        trx,
      )
    : await sql<{ n: number }>`select count(*) as n from ${sql.table(spec.table)}
        ${sqliteIndexedBy(dialect, vulSortIndex(spec))}
        where account = ${account} and vul_num > 0`.execute(trx);
  const accountVulnerable = Number(vulnerable.rows[0]?.n ?? 0);
  const walked = (TOP_N * Math.max(accountVulnerable, vulnerableMatches)) / vulnerableMatches;
  return walked <= vulnerableMatches * WALK_OVER_SORT_COST
    ? sqliteIndexedBy(dialect, vulSortIndex(spec))
    : sql``;
}

/**
 * Images with vulnerabilities per namespace. Unfiltered, from the covering index
 * `*_vulnerable_namespace` (account, namespace, vul_num), already in namespace order; filtered,
 * from the summary index, which covers every enum and name filter (the other one would read a
 * table row per image to test them, 7 times slower). Named: SQLite's planner picks neither.
 */
async function vulnerableNamespaceCounts(
  trx: ReadTrx,
  spec: ListSpec,
  where: RawBuilder<unknown>,
  unfiltered: boolean,
  aggregate:
    | { kind: 'namespaces' | 'namespace_registries'; index: string }
    | { kind: 'namespace_facets' }
    | undefined,
  filteredIndex = summaryIndex(spec),
): Promise<Array<{ value: string; count: number }>> {
  const dialect = dialectOf<InventoryTables>(trx);
  const index = unfiltered ? vulnerableNamespaceIndex(spec) : filteredIndex;
  const grouped = aggregate && 'index' in aggregate ? aggregate : undefined;
  const result =
    aggregate?.kind === 'namespace_facets'
      ? // 0061's risk flags per namespace (vulnerabilities first).
        await sql<{ value: string | null; count: number }>`select namespace as value,
        sum(images) as count from ${sql.table(aggregateTable(spec, aggregate.kind))}
        where ${where} and facet = ${RISK_FLAGS_FACET} and substr(value, 1, 1) = '1'
          and images <> 0 group by namespace`.execute(trx)
      : grouped
        ? await sql<{ value: string | null; count: number }>`select namespace as value,
        sum(images) as count from ${sql.table(aggregateTable(spec, grouped.kind))}
        ${sqliteIndexedBy(dialect, `${aggregateTable(spec, grouped.kind)}_${grouped.index}`)}
        where ${where} and vul_num > 0 and images <> 0 group by namespace`.execute(trx)
        : await sql<{
            value: string | null;
            count: number;
          }>`select namespace as value, count(*) as count from ${sql.table(spec.table)}
        ${sqliteIndexedBy(dialect, index)}
        where ${where} and vul_num > 0 group by namespace`.execute(trx);
  return result.rows.map((row) => ({ value: row.value ?? '', count: Number(row.count) }));
}

function bucketsOf(
  values: readonly string[],
  groups: ReadonlyArray<{ value: string; count: number }>,
  field: string,
): RiskBucket[] {
  const counts = new Map(groups.map((group) => [group.value, group.count]));
  return values.map((value) => ({
    value,
    count: counts.get(value) ?? 0,
    filter: { [field]: value },
  }));
}

interface TopImageRow {
  key: string;
  image_id: string;
  namespace: string;
  image_name: string;
  image_version: string;
  vul_num: number;
  malicious_file_num: number;
  unsafe_setting_num: number;
  severity_level: string;
}

/**
 * A bucket emptied by one of the request's own filters (say `Low` under severity_level=High)
 * has no filter that lists its zero images: replacing the request's value would list others.
 * It keeps its count and loses its link (an empty filter).
 */
function unlinkExcluded(buckets: RiskBucket[], filters: SegmentFilter): RiskBucket[] {
  return buckets.map((bucket) => {
    if (bucket.count > 0) return bucket;
    const clashes = Object.entries(bucket.filter).some(
      ([key, value]) => filters[key] !== undefined && filters[key] !== value,
    );
    return clashes ? { ...bucket, filter: {} } : bucket;
  });
}

export interface RiskSummaryOptions {
  account: string;
  request: RiskSummaryRequest;
  filters: SegmentFilter;
  now: number;
  syncedAt: number | null;
  /** The client request's (aborts on disconnect; see serving/admission.ts); none for background work. */
  signal?: AbortSignal | undefined;
  /** Computes by scanning the images even when the aggregates could answer (tests compare). */
  scan?: boolean;
  /** The rows as columns (lists/column-scan.ts): the counts no kept aggregate answers. */
  columns?: ColumnScans | undefined;
}

/**
 * The summary in one read transaction (every figure describes the same state of the inventory).
 * Cached under the query and the echoed filters; the scan-age buckets depend on `now`, which the
 * cache's 30 s age bound covers (generated_at says when). synced_at is always the caller's.
 */
export async function buildRiskSummary(
  db: InventoryDb,
  options: RiskSummaryOptions,
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<RiskSummary> {
  // The column counts read before the transaction (`atVersion`), at the version they were read.
  let before: { version: number; counts: ColumnSummaryCounts | undefined } | undefined;
  const { columns } = options;
  const summary = await cache.answer(
    db,
    {
      list: options.request.kind,
      kind: 'risk-summary',
      account: options.account,
      query: { query: options.request.query, filters: options.filters, scan: options.scan },
      // The scan-age buckets end at `now`.
      dependsOnNow: true,
    },
    (trx, snapshotVersion) =>
      computeRiskSummary(
        trx,
        options,
        // Read at this snapshot's version, else (a write came between) asked again within it.
        before !== undefined && before.version === snapshotVersion
          ? { counts: before.counts }
          : undefined,
      ),
    options.signal,
    columns?.answerAt === undefined || !countedByColumns(db, options)
      ? undefined
      : async (version) => {
          const counts = await columnSummaryCountsAt(
            columns,
            listSpec(options.request.kind),
            version,
            columnSummaryRequest(options),
          ).catch(() => undefined);
          before = { version, counts };
          // The top images are read in the transaction (`compute`), down to the counts' nth.
          return undefined;
        },
  );
  return summary.synced_at === options.syncedAt
    ? summary
    : { ...summary, synced_at: options.syncedAt };
}

/**
 * Where the summary's counts come from: the aggregates with the days' scan ages when every filter
 * is one of their dimensions; each dimension's counts per namespace (0061) under namespace filters
 * alone, the namespace and registry name groups (0054) when there are also dimension or registry
 * name filters, both with the scan ages of the matching namespaces; otherwise a
 * scan of the images (any other filter: image name or version, instance, sizes, time ranges,
 * basic image, …).
 */
type CountSource = 'days' | 'namespace_facets' | 'namespace_registries' | 'columns' | 'scan';

const AGE_ORDER = ['day', 'week', 'month', 'older'] as const;

/** The column scan's request for the summary's counts. */
function columnSummaryRequest(options: RiskSummaryOptions): ColumnSummaryRequest {
  const { account, request, now } = options;
  const ranges = scanAgeRanges(now, request.query);
  return {
    account,
    query: request.query,
    now,
    ages: AGE_ORDER.map((age) => ranges[age]),
    topN: TOP_N,
  };
}

/** The source of the counts, but 'columns' (tried when it is 'scan'). */
function countSource(
  db: InventoryDb,
  spec: ListSpec,
  options: RiskSummaryOptions,
): Exclude<CountSource, 'columns'> {
  const { account, request, now } = options;
  const whereOf = (filters: ListQuery) => listWhere(spec, account, filters, now);
  const answers = (kind: AggregateKind) =>
    options.scan !== true && answersFromAggregate(db, spec, kind, request.query, whereOf);
  return answers('days')
    ? 'days'
    : answers('namespace_facets')
      ? 'namespace_facets'
      : answers('namespace_registries')
        ? 'namespace_registries'
        : 'scan';
}

/** The counts are the column scan's to give (no kept aggregate answers, not checking by a scan). */
const countedByColumns = (db: InventoryDb, options: RiskSummaryOptions): boolean =>
  options.scan !== true &&
  options.columns !== undefined &&
  countSource(db, listSpec(options.request.kind), options) === 'scan';

/** Every count of the summary but the top images, and the WHERE those are read with. */
async function summaryCounts(
  trx: ReadTrx,
  spec: ListSpec,
  options: RiskSummaryOptions,
  ranges: AgeRanges,
  /** The column counts read before the transaction at its version (undefined: none were). */
  before: { counts: ColumnSummaryCounts | undefined } | undefined,
): Promise<{
  source: CountSource;
  counts: GroupedCounts;
  vulnerableNamespaces: Array<{ value: string; count: number }>;
  imageWhere: RawBuilder<unknown>;
  /** From the columns: the top images' smallest vul_num (null: no vulnerable image matches). */
  topFrom?: number | null;
}> {
  const { account, request, now } = options;
  const query = request.query;
  const whereOf = (filters: ListQuery) => listWhere(spec, account, filters, now);
  const where = whereOf(query);
  const answers = (kind: AggregateKind) =>
    options.scan !== true && answersFromAggregate(trx, spec, kind, query, whereOf);
  const source = countSource(trx, spec, options);
  // Compared as SQL text (the account is a parameter): no filter beyond the account.
  const unfiltered = where.compile(trx).sql === whereOf({}).compile(trx).sql;
  if (source === 'days') {
    const counts = await aggregateGroups(trx, spec, where);
    Object.assign(counts.totals, await scanAgeFromDays(trx, spec, where, ranges));
    const vulnerableNamespaces = await vulnerableNamespaceCounts(
      trx,
      spec,
      where,
      unfiltered,
      // 0036's vulnerable groups, in namespace order.
      answers('namespaces') ? { kind: 'namespaces', index: 'vulnerable' } : undefined,
    );
    return { source, counts, vulnerableNamespaces, imageWhere: where };
  }
  if (source === 'scan' && options.scan !== true && options.columns !== undefined) {
    // Declined before the transaction at this version: SQL (asking again would wait in it).
    const fromColumns =
      before !== undefined
        ? before.counts
        : await columnSummaryCounts(trx, options.columns, spec, columnSummaryRequest(options));
    if (fromColumns !== undefined) {
      const counts = foldGroups(fromColumns.groups as unknown as GroupRow[]);
      counts.totals.never_scanned = fromColumns.neverScanned;
      AGE_ORDER.forEach((age, index) => {
        counts.totals[`age_${age}`] = fromColumns.ages[index] ?? 0;
      });
      return {
        source: 'columns',
        counts,
        vulnerableNamespaces: fromColumns.vulnerableNamespaces,
        imageWhere: where,
        topFrom: fromColumns.topFrom,
      };
    }
  }
  if (source === 'scan') {
    // Under an image name (SQLite), 0070's index, which covers the summary's columns: 0015's
    // lacks the name, so every image's row was read (1M, 'nginx': 5-6 s of CPU); the names'
    // ranges when they match few images, else the whole index with the substring on each entry.
    const names =
      options.scan === true
        ? undefined
        : await imageNamesMatching(trx, account, spec.table, query, whereOf);
    const scanned =
      query.image_name === undefined || options.scan === true
        ? { where, index: undefined }
        : {
            where: names === undefined ? where : sql`${namedIn(names)} and ${where}`,
            index: nameIndex(spec.table),
          };
    const counts = await groupedCounts(trx, spec, scanned.where, ranges, scanned.index);
    const vulnerableNamespaces = await vulnerableNamespaceCounts(
      trx,
      spec,
      scanned.where,
      unfiltered,
      undefined,
      scanned.index,
    );
    return { source, counts, vulnerableNamespaces, imageWhere: where };
  }
  // Namespace filters: the matching namespaces, named, in place of the filters that chose them
  // (the same rows), so that the reads seek them through their indexes instead of testing a
  // substring or patterns on every entry (the images' scan ages at 1M: 101 → 28 ms of CPU).
  const namespaced = await namespacedWhere(trx, spec, account, query, whereOf);
  const counts =
    source === 'namespace_facets'
      ? await namespaceFacetGroups(trx, spec, namespaced)
      : await aggregateGroups(trx, spec, namespaced, source);
  const scanned = num(counts.totals, 'total') - num(counts.totals, 'never_scanned');
  // The days' groups of 0057 when the other filters are severities, else the images' index.
  Object.assign(
    counts.totals,
    answers('namespace_days')
      ? await scanAgeFromNamespaceDays(trx, spec, namespaced, ranges, scanned, now)
      : await scanAgeByNamespace(trx, spec, namespaced, ranges, scanned, now),
  );
  const vulnerableNamespaces = await vulnerableNamespaceCounts(
    trx,
    spec,
    namespaced,
    unfiltered,
    // 0061's risk flags per namespace under namespace filters alone; else sought per namespace
    // named (0049's index), or 0054's groups under a registry name filter.
    source === 'namespace_facets'
      ? { kind: source }
      : answers('namespaces')
        ? { kind: 'namespaces', index: 'by_namespace' }
        : { kind: source, index: 'by_dimensions' },
  );
  return { source, counts, vulnerableNamespaces, imageWhere: namespaced };
}

async function computeRiskSummary(
  trx: ReadTrx,
  options: RiskSummaryOptions,
  before?: { counts: ColumnSummaryCounts | undefined },
): Promise<RiskSummary> {
  const { account, request, now } = options;
  const spec = listSpec(request.kind);
  const ranges = scanAgeRanges(now, request.query);
  const { counts, vulnerableNamespaces, imageWhere, topFrom } = await summaryCounts(
    trx,
    spec,
    options,
    ranges,
    before,
  );
  const { totals: row, statuses, types, registries } = counts;
  // From the columns, the walk of the vul_num index ends at the tenth match's vul_num (every
  // top image has at least it), so it never reads more than the account's images above it.
  const topAccess =
    topFrom === undefined
      ? await topImagesAccess(
          trx,
          spec,
          account,
          num(row, 'has_vul'),
          // The account's count, whatever the filters: kept (0035) unless checking by a scan (1M,
          // under an image name: 50-140 ms for the index range's count).
          options.scan !== true,
        )
      : sqliteIndexedBy(dialectOf(trx), vulSortIndex(spec));
  const top =
    topFrom === null
      ? { rows: [] as TopImageRow[] }
      : await sql<TopImageRow>`select ${sql.ref(spec.key)} as key, image_id, namespace,
      image_name, image_version, vul_num, malicious_file_num, unsafe_setting_num, severity_level
    from ${sql.table(spec.table)} ${topAccess} where ${imageWhere} and vul_num > 0
      ${topFrom === undefined ? sql`` : sql`and vul_num >= ${topFrom}`}
    order by vul_num desc, malicious_file_num desc, ${sql.ref(spec.key)} asc limit ${TOP_N}`.execute(
          trx,
        );

  const severityCount: Record<(typeof RISK_SEVERITY_ORDER)[number], number> = {
    High: num(row, 'high'),
    Medium: num(row, 'medium'),
    Low: num(row, 'low'),
    Security: num(row, 'security'),
    unrated: num(row, 'unrated'),
  };
  const ageCount = {
    day: num(row, 'age_day'),
    week: num(row, 'age_week'),
    month: num(row, 'age_month'),
    older: num(row, 'age_older'),
  };
  // Statuses the API documents first (zero counts included), then any other value seen.
  const knownStatuses = new Set<string>(SCAN_STATUSES);
  const extraStatuses = statuses
    .map((group) => group.value)
    .filter((value) => value !== '' && !knownStatuses.has(value));
  const topImages: TopImage[] = top.rows.map((image) => ({
    key: String(image.key),
    namespace: image.namespace,
    image_name: image.image_name,
    image_version: image.image_version,
    vul_num: Number(image.vul_num),
    malicious_file_num: Number(image.malicious_file_num),
    unsafe_setting_num: Number(image.unsafe_setting_num),
    severity_level: image.severity_level,
    filter: spec.risk.topImageFilter(image),
  }));

  const summary: RiskSummary = {
    kind: request.kind,
    account,
    filters: options.filters,
    total_num: num(row, 'total'),
    generated_at: now,
    synced_at: options.syncedAt,
    severity: RISK_SEVERITY_ORDER.map((value) => ({
      value,
      count: severityCount[value],
      filter: { severity_level: value },
    })),
    // Only statuses the list filter accepts can be linked; others would be refused (400).
    scan_status: bucketsOf([...SCAN_STATUSES], statuses, 'scan_status').concat(
      extraStatuses.map((value) => ({
        value,
        count: statuses.find((group) => group.value === value)?.count ?? 0,
        filter: {},
      })),
    ),
    risk_types: RISK_TYPES.map((value) => ({
      value,
      count: num(row, value),
      filter: { [value]: 'true' },
    })),
    image_type_field: spec.risk.typeField,
    image_types: bucketsOf(spec.risk.typeValues, types, spec.risk.typeField),
    registry_field: spec.risk.registryField,
    registries: topNameBuckets(registries, spec.risk.registryField, {}),
    scan_age: [
      ...(['day', 'week', 'month', 'older'] as const).map((value) => {
        const range = ranges[value];
        return {
          value,
          count: range ? ageCount[value] : 0,
          filter: range ? rangeFilter(range) : {},
        };
      }),
      { value: 'never', count: num(row, 'never_scanned'), filter: { never_scanned: 'true' } },
    ],
    top_images: topImages,
    top_namespaces: topNameBuckets(vulnerableNamespaces, 'namespace', { has_vul: 'true' }),
  };
  const linked = (buckets: RiskBucket[]) => unlinkExcluded(buckets, options.filters);
  return {
    ...summary,
    severity: linked(summary.severity),
    scan_status: linked(summary.scan_status),
    risk_types: linked(summary.risk_types),
    image_types: linked(summary.image_types),
    scan_age: linked(summary.scan_age),
  };
}
