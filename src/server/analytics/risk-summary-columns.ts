// The risk summary's counts from the column scan (lists/column-scan.ts) when no kept aggregate
// answers the filters (issue 25: "< 50 ms, no filter and with filters"): one pass over the
// snapshot's columns in place of the grouped pass and the vulnerable namespaces' pass over every
// matching image row (1M images under image_size or image_version: 5 s). The groups are those
// of the SQL pass, folded by the same code (risk-summary.ts); the top images stay SQL, read from
// the vul_num sort index down to the tenth largest matching vul_num the pass finds. With the
// query cache, the counts are asked before its read transaction (`columnSummaryCountsAt`, as the
// facets are): a summary waiting on the column worker holds no read connection; the top images
// are then read in the transaction when it is at the same version (else the counts are asked
// again within it).
import type {
  ColumnAnswer,
  ColumnPart,
  ColumnPlan,
  ColumnScans,
  ColumnTest,
} from '../lists/column-scan';
import { columnTests } from '../lists/column-scan';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { ReadTrx } from '../serving/query-cache';

/** An inclusive range of scan times (risk-summary.ts's scan-age buckets). */
export interface ScanTimeRange {
  start: number | null;
  end: number | null;
}

/** A group of the summary's pass, as the SQL pass names its columns. */
export interface ColumnGroupRow {
  severity: string | null;
  status: string | null;
  type: string | null;
  g_vul: number | null;
  g_malicious: number | null;
  g_unsafe: number | null;
  registry: string | null;
  total: number;
}

export interface ColumnSummaryCounts {
  groups: ColumnGroupRow[];
  neverScanned: number;
  /** Per scan-age range in the order given (0 for a range the request excludes). */
  ages: number[];
  vulnerableNamespaces: Array<{ value: string; count: number }>;
  /** The `topN`-th largest vul_num of the matching vulnerable images (null: none). */
  topFrom: number | null;
}

/** What the summary's plan is built from (risk-summary.ts's request). */
export interface ColumnSummaryRequest {
  account: string;
  query: ListQuery;
  now: number;
  ages: ReadonlyArray<ScanTimeRange | undefined>;
  topN: number;
}

/**
 * The summary's plan over the rows `listWhere(spec, account, query, now)` selects, and how its
 * answer reads as counts; undefined when the snapshot cannot answer (a filter it does not know).
 * Every part counts under the request's filters alone: a part under `vul_num > 0` as well
 * skipped rows the pass could not predict (1M rows, 40 % without vulnerabilities: 5-10 ms a
 * part). So the vulnerable namespaces are the groups by namespace and vul_num's code, and the
 * top images' bound is the `topN`-th largest vul_num of every matching image: the same value
 * when that is > 0 (at least `topN` vulnerable images); when it is not, `vulnerableTopFrom`
 * asks for it under `vul_num > 0` (fewer than `topN` vulnerable images match).
 */
export function columnSummaryPlan(
  spec: ListSpec,
  request: ColumnSummaryRequest,
):
  | {
      plan: ColumnPlan;
      read: (answer: ColumnAnswer) => ColumnSummaryCounts & { topFromKnown: boolean };
      vulnerableTopFrom: { plan: ColumnPlan; read: (answer: ColumnAnswer) => number | null };
    }
  | undefined {
  const base = columnTests(spec, request.query, request.now);
  if (base === undefined || base.length >= 32) return undefined;
  const all = base.map((_, index) => index);
  const grouping = [
    'severity_level',
    'scan_status',
    spec.risk.typeField,
    'vul_num',
    'malicious_file_num',
    'unsafe_setting_num',
    spec.risk.registryField,
  ];
  // As the SQL pass's `latest_scan_time between start and end`; an excluded bucket matches none.
  const ageRanges = request.ages.map((range): [number, number] =>
    range === undefined ? [1, 0] : [range.start ?? 0, range.end ?? Number.MAX_SAFE_INTEGER],
  );
  const nth = { kind: 'nth', column: 'vul_num', rank: request.topN } as const;
  const parts: ColumnPart[] = [
    { kind: 'groups', tests: all, columns: grouping },
    { kind: 'ranges', tests: all, column: 'latest_scan_time', ranges: ageRanges },
    { kind: 'groups', tests: all, columns: ['namespace', 'vul_num'] },
    { ...nth, tests: all },
  ];
  const nthValue = (answer: ColumnAnswer, part: number) => {
    const value = answer[part]?.[0]?.[0];
    return value === undefined || value === null ? null : Number(value);
  };
  const read = (answer: ColumnAnswer) => {
    const [grouped = [], [ages = []] = [], namespaces = []] = answer;
    const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
    const code = (value: unknown) => (value === null || value === undefined ? null : Number(value));
    // vul_num's code 1: > 0 (as the SQL's `vul_num > 0`).
    const vulnerableNamespaces = namespaces
      .filter((row) => row[1] === 1)
      .map(([value, , count]) => ({ value: text(value) ?? '', count: Number(count) }));
    const topFrom = nthValue(answer, 3);
    const known = vulnerableNamespaces.length === 0 || (topFrom !== null && topFrom > 0);
    return {
      groups: grouped.map((row) => ({
        severity: text(row[0]),
        status: text(row[1]),
        type: text(row[2]),
        g_vul: code(row[3]),
        g_malicious: code(row[4]),
        g_unsafe: code(row[5]),
        registry: text(row[6]),
        total: Number(row[7]),
      })),
      neverScanned: Number(ages[ageRanges.length] ?? 0),
      ages: ageRanges.map((_, index) => Number(ages[index] ?? 0)),
      vulnerableNamespaces,
      topFrom: vulnerableNamespaces.length === 0 ? null : topFrom,
      topFromKnown: known,
    };
  };
  const vulnerable: ColumnTest = { kind: 'count', column: 'vul_num', positive: true };
  return {
    plan: { tests: base, parts },
    read,
    vulnerableTopFrom: {
      plan: { tests: [...base, vulnerable], parts: [{ ...nth, tests: [...all, base.length] }] },
      read: (answer) => nthValue(answer, 0),
    },
  };
}

/** The counts from the plans `ask` answers (undefined: a plan not answered). */
async function countsAnswered(
  spec: ListSpec,
  request: ColumnSummaryRequest,
  ask: (plan: ColumnPlan) => Promise<ColumnAnswer | undefined>,
): Promise<ColumnSummaryCounts | undefined> {
  const planned = columnSummaryPlan(spec, request);
  const answer = planned === undefined ? undefined : await ask(planned.plan);
  if (planned === undefined || answer === undefined) return undefined;
  const { topFromKnown, ...counts } = planned.read(answer);
  if (topFromKnown) return counts;
  const { plan, read } = planned.vulnerableTopFrom;
  const vulnerable = await ask(plan);
  return vulnerable === undefined ? undefined : { ...counts, topFrom: read(vulnerable) };
}

/**
 * The summary's counts at the snapshot `trx` reads (a wait on the column worker inside the
 * transaction), or undefined when the snapshot cannot answer: the SQL pass answers then.
 */
export async function columnSummaryCounts(
  trx: ReadTrx,
  columns: ColumnScans,
  spec: ListSpec,
  request: ColumnSummaryRequest,
): Promise<ColumnSummaryCounts | undefined> {
  return countsAnswered(spec, request, (plan) => columns.answer(trx, spec, request.account, plan));
}

/**
 * The summary's counts at inventory version `version`, with no transaction held (asked before
 * the query cache takes a read slot), or undefined when no snapshot at that version answers.
 */
export async function columnSummaryCountsAt(
  columns: ColumnScans,
  spec: ListSpec,
  version: number,
  request: ColumnSummaryRequest,
): Promise<ColumnSummaryCounts | undefined> {
  const { answerAt } = columns;
  return answerAt === undefined
    ? undefined
    : countsAnswered(spec, request, (plan) => answerAt(spec, request.account, version, plan));
}
