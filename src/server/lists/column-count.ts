// A page's total from the column scan (column-scan.ts) when neither a kept aggregate nor a
// basic-image walk gives it (issue 25: "a filtered page's total is never a full scan of the
// matching rows when an index or an aggregate can give it"): count(*) under image_size,
// image_version or q tests every image row of the account (1M: seconds); the snapshot's pass
// is milliseconds. The page's rows still come from SQL. A total never waits for a snapshot's read
// (1M: 7 s of CPU, more than the count(*) it would replace): without one at the request's version
// SQL counts, and the read started serves the next requests.
import type { Kysely } from 'kysely';
import type { ReadTrx } from '../serving/query-cache';
import type { InventoryTables } from '../store/tables';
import { columnTests, IGNORED_PARAMETERS, type ColumnScans } from './column-scan';
import type { ListQuery, ListSpec } from './spec';

/**
 * Time ranges alone are one range of a scan-time index (`*_scan_time_dimensions`, the sort
 * indexes): counted there in tens of ms, no snapshot (a build takes seconds) is worth waiting for.
 */
function indexCounts(spec: ListSpec, query: ListQuery): boolean {
  const params = query as Readonly<Record<string, unknown>>;
  const ranges = new Set(spec.timeFields.flatMap((field) => [`start_${field}`, `end_${field}`]));
  const filters = Object.keys(params).filter(
    (key) => params[key] !== undefined && !IGNORED_PARAMETERS.has(key),
  );
  return filters.length > 0 && filters.every((key) => ranges.has(key));
}

/** The rows matching `listWhere(spec, account, query, now)`, or undefined: SQL counts them. */
export async function columnCount(
  trx: Kysely<InventoryTables>,
  columns: ColumnScans | undefined,
  spec: ListSpec,
  account: string,
  query: ListQuery,
  now: number,
): Promise<number | undefined> {
  // A snapshot answers the version a read transaction sees (countList always runs in one).
  if (columns === undefined || !trx.isTransaction || indexCounts(spec, query)) return undefined;
  const tests = columnTests(spec, query, now);
  if (tests === undefined || tests.length > 32) return undefined;
  const all = tests.map((_, index) => index);
  const answer = await columns.answer(
    trx as ReadTrx,
    spec,
    account,
    { tests, parts: [{ kind: 'groups', tests: all, columns: [] }] },
    { wait: false },
  );
  return answer === undefined ? undefined : Number(answer[0]?.[0]?.[0] ?? 0);
}
