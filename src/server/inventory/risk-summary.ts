// The risk summary, computed from the inventory alone (no upstream call). Each count is taken
// under the list's own WHERE clause (registryImagesWhere / cicdImagesWhere) plus the segment's
// condition, and each segment carries the list filter that expresses that condition, so the
// explorer's total_num for the same filter equals the count by construction.
import { sql, type RawBuilder } from 'kysely';
import {
  PIPELINE_TYPES,
  REGISTRY_IMAGE_TYPES,
  RISK_SEVERITY_ORDER,
  RISK_TYPES,
  SCAN_STATUSES,
  type CicdImagesListQuery,
  type ImageList,
  type RegistryImagesListQuery,
  type RiskBucket,
  type RiskSnapshotCounts,
  type RiskSummary,
  type SegmentFilter,
  type TopImage,
} from '../../shared/contracts';
import { cicdImagesWhere } from './cicd-images';
import type { InventoryDb } from './db';
import { dialectOf } from './dialect';
import { NO_QUERY_CACHE, type QueryCache, type ReadTrx } from './query-cache';
import { registryImagesWhere } from './registry-images';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TOP_N = 10;

export type RiskSummaryRequest =
  | { kind: 'registry'; query: RegistryImagesListQuery }
  | { kind: 'cicd'; query: CicdImagesListQuery };

interface KindSql {
  table: RawBuilder<unknown>;
  key: 'id' | 'image_id';
  typeField: 'image_type' | 'pipeline_type';
  typeValues: readonly string[];
  registryField: 'registry_name' | 'cicd_name';
  /** The covering index (account, namespace, vul_num) of migration 0010. */
  namespaceIndex: string;
}

const KINDS: Record<ImageList, KindSql> = {
  registry: {
    table: sql.table('registry_images'),
    key: 'id',
    typeField: 'image_type',
    typeValues: REGISTRY_IMAGE_TYPES,
    registryField: 'registry_name',
    namespaceIndex: 'registry_images_vulnerable_namespace',
  },
  cicd: {
    table: sql.table('cicd_images'),
    key: 'image_id',
    typeField: 'pipeline_type',
    typeValues: PIPELINE_TYPES,
    registryField: 'cicd_name',
    namespaceIndex: 'cicd_images_vulnerable_namespace',
  },
};

function whereFor(account: string, request: RiskSummaryRequest, now: number) {
  return request.kind === 'registry'
    ? registryImagesWhere(account, request.query, now)
    : cicdImagesWhere(account, request.query, now);
}

/** An inclusive [start, end] range of scan times; either end may be open. */
interface Range {
  start: number | null;
  end: number | null;
}

/**
 * The scan-age buckets as inclusive ranges ending at `now`, intersected with a scan-time range
 * the request already has (so the bucket's filter, which replaces it, selects the same images).
 */
function scanAgeRanges(
  now: number,
  query: { start_latest_scan_time?: string; end_latest_scan_time?: string },
): Record<'day' | 'week' | 'month' | 'older', Range | undefined> {
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

// Counts are `sum(case when … then 1 else 0 end)`: PostgreSQL has no sum() of booleans.
function rangeSql(range: Range | undefined): RawBuilder<unknown> {
  if (!range) return sql`0`;
  return sql`coalesce(sum(case when latest_scan_time is not null and latest_scan_time >= ${range.start ?? 0} and latest_scan_time <= ${range.end ?? Number.MAX_SAFE_INTEGER} then 1 else 0 end), 0)`;
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
 * One pass over the selected images, grouped by scan status, type and registry (and severity) in the
 * order of the covering index `*_risk` (so SQLite streams it without a sort or a table read): every
 * scalar count, and the three breakdowns summed from the groups.
 */
async function groupedCounts(
  db: InventoryDb,
  kind: KindSql,
  where: RawBuilder<unknown>,
  ranges: Record<'day' | 'week' | 'month' | 'older', Range | undefined>,
): Promise<GroupedCounts> {
  const result = await sql<
    CountRow & { status: string; type: string; registry: string; severity: string }
  >`select
      scan_status as status,
      ${sql.ref(kind.typeField)} as type,
      ${sql.ref(kind.registryField)} as registry,
      severity_level as severity,
      count(*) as total,
      coalesce(sum(case when vul_num > 0 then 1 else 0 end), 0) as has_vul,
      coalesce(sum(case when malicious_file_num > 0 then 1 else 0 end), 0) as has_malicious_file,
      coalesce(sum(case when unsafe_setting_num > 0 then 1 else 0 end), 0) as has_unsafe_setting,
      coalesce(sum(case when vul_num > 0 or malicious_file_num > 0 or unsafe_setting_num > 0 then 1 else 0 end), 0) as risky,
      coalesce(sum(case when latest_scan_time is null then 1 else 0 end), 0) as never_scanned,
      ${rangeSql(ranges.day)} as age_day,
      ${rangeSql(ranges.week)} as age_week,
      ${rangeSql(ranges.month)} as age_month,
      ${rangeSql(ranges.older)} as age_older
    from ${kind.table} where ${where}
    group by scan_status, ${sql.ref(kind.typeField)}, ${sql.ref(kind.registryField)}, severity_level`.execute(
    db,
  );
  const totals: CountRow = {};
  const statuses = new Map<string, number>();
  const types = new Map<string, number>();
  const registries = new Map<string, number>();
  for (const row of result.rows) {
    for (const [name, value] of Object.entries(row)) {
      if (name === 'status' || name === 'type' || name === 'registry' || name === 'severity')
        continue;
      totals[name] = (totals[name] ?? 0) + Number(value ?? 0);
    }
    const count = Number(row.total ?? 0);
    const severity = SEVERITY_COLUMNS[String(row.severity ?? '')];
    if (severity) totals[severity] = (totals[severity] ?? 0) + count;
    sumInto(statuses, String(row.status ?? ''), count);
    sumInto(types, String(row.type ?? ''), count);
    sumInto(registries, String(row.registry ?? ''), count);
  }
  const list = (map: Map<string, number>) => [...map].map(([value, count]) => ({ value, count }));
  return { totals, statuses: list(statuses), types: list(types), registries: list(registries) };
}

const num = (row: CountRow, name: string): number => Number(row[name] ?? 0);

/** The snapshot aggregates of a whole list (history), from one pass. */
export async function riskSnapshotCounts(
  db: InventoryDb,
  kind: ImageList,
  account: string,
  now: number,
): Promise<RiskSnapshotCounts> {
  const request: RiskSummaryRequest =
    kind === 'registry' ? { kind, query: {} } : { kind, query: {} };
  const { totals: row } = await groupedCounts(
    db,
    KINDS[kind],
    whereFor(account, request, now),
    scanAgeRanges(now, {}),
  );
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
 * Images with vulnerabilities per namespace, read from the covering index
 * `*_vulnerable_namespace` (named: SQLite would otherwise pick the plain namespace index and
 * read every table row).
 */
async function vulnerableNamespaceCounts(
  db: InventoryDb,
  kind: KindSql,
  where: RawBuilder<unknown>,
): Promise<Array<{ value: string; count: number }>> {
  // `indexed by` is SQLite's; PostgreSQL's planner chooses on its own.
  const indexHint =
    dialectOf(db) === 'sqlite' ? sql`indexed by ${sql.raw(kind.namespaceIndex)}` : sql``;
  const result = await sql<{
    value: string | null;
    count: number;
  }>`select namespace as value, count(*) as count from ${kind.table} ${indexHint}
    where ${where} and vul_num > 0 group by namespace`.execute(db);
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
  namespace: string;
  image_name: string;
  image_version: string;
  vul_num: number;
  malicious_file_num: number;
  unsafe_setting_num: number;
  severity_level: string;
}

function topImageFilter(kind: ImageList, row: TopImageRow): SegmentFilter {
  // CI/CD images have an exact image_id filter; repository images are narrowed by name and tag.
  if (kind === 'cicd') return { image_id: row.key, image: row.key };
  const filter: SegmentFilter = { image: row.key };
  if (row.namespace !== '' && row.namespace.length <= 128) filter.namespace = row.namespace;
  if (row.image_name !== '' && row.image_name.length <= 128) filter.image_name = row.image_name;
  if (row.image_version !== '' && row.image_version.length <= 64)
    filter.image_version = row.image_version;
  return filter;
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
  const summary = await cache.answer(
    db,
    {
      list: options.request.kind,
      kind: 'risk-summary',
      account: options.account,
      query: { query: options.request.query, filters: options.filters },
      // The scan-age buckets end at `now`.
      dependsOnNow: true,
    },
    (trx) => computeRiskSummary(trx, options),
  );
  return summary.synced_at === options.syncedAt
    ? summary
    : { ...summary, synced_at: options.syncedAt };
}

async function computeRiskSummary(trx: ReadTrx, options: RiskSummaryOptions): Promise<RiskSummary> {
  const { account, request, now } = options;
  const kind = KINDS[request.kind];
  const where = whereFor(account, request, now);
  const ranges = scanAgeRanges(now, request.query);
  const {
    totals: row,
    statuses,
    types,
    registries,
  } = await groupedCounts(trx, kind, where, ranges);
  const vulnerableNamespaces = await vulnerableNamespaceCounts(trx, kind, where);
  const top = await sql<TopImageRow>`select ${sql.ref(kind.key)} as key, namespace, image_name,
      image_version, vul_num, malicious_file_num, unsafe_setting_num, severity_level
    from ${kind.table} where ${where} and vul_num > 0
    order by vul_num desc, malicious_file_num desc, ${sql.ref(kind.key)} asc limit ${TOP_N}`.execute(
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
    filter: topImageFilter(request.kind, image),
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
    image_type_field: kind.typeField,
    image_types: bucketsOf(kind.typeValues, types, kind.typeField),
    registry_field: kind.registryField,
    registries: topNameBuckets(registries, kind.registryField, {}),
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
