// A list's page from the column scan (column-scan.ts), on SQLite: under a filter no index serves
// (a substring of a namespace, name or tag, `q`, a size, a namespace scope) SQL tests the rows
// one by one in the sort index's order until offset + limit match, so pages grow slower with the
// offset (1,000,000 images: 150-250 ms for the commonest namespace, 1.0-1.3 s for a search, the
// team mix's misses). The snapshot finds the page's rows in one pass over the kept order (a
// sort's order is made once per snapshot) and names them by rowid with the page's total; SQL
// then reads just those rows, in the same read transaction's version (queryPage's `keys`).
import type { ColumnAnswer, ColumnPlan, ColumnTest, PageOrder } from './column-program';
import { columnTests } from './column-scan';
import { parseSearch, SCAN_STATUS_RANKS, SEVERITY_RANKS } from './filters';
import type { ListQuery, ListSpec } from './spec';

/** A page as the columns give it: the rows' rowids in the list's order, and the total. */
export interface ColumnPage {
  total: number;
  rowids: number[];
}

/** A test no index serves: SQL tests it on each row it walks. */
function testedRowByRow(test: ColumnTest): boolean {
  if (test.kind === 'search') return true;
  if (test.kind === 'text') return 'contains' in test.match || 'patterns' in test.match;
  return test.kind === 'range' && test.column === 'image_size';
}

/** The page's order (list-store.ts listOrder) as the columns sort it. */
function pageOrder(spec: ListSpec, query: ListQuery): PageOrder {
  if (query.sort_key === undefined) {
    const terms = parseSearch(query.q);
    return terms === undefined
      ? { by: 'tie' }
      : {
          by: 'search',
          columns: ['namespace', 'image_name', 'image_version', 'image_digest'],
          reference: terms.reference,
          digest: terms.digest ?? terms.text,
        };
  }
  if (query.sort_key === spec.tieBreakKey) return { by: 'tie' };
  const ranked = [SEVERITY_RANKS, SCAN_STATUS_RANKS].find(
    (ranks) => ranks.column === query.sort_key,
  );
  return ranked === undefined
    ? { by: 'column', column: query.sort_key }
    : {
        by: 'rank',
        column: ranked.column,
        ranks: { ...ranked.ranks },
        otherwise: ranked.otherwise,
      };
}

/**
 * The plan of a page and its total, or undefined where SQL serves the page as well (no filter
 * tested row by row) or the scan does not know a filter.
 */
export function columnPagePlan(
  spec: ListSpec,
  query: ListQuery,
  now: number,
): ColumnPlan | undefined {
  const tests = columnTests(spec, query, now);
  if (tests === undefined || tests.length > 32 || !tests.some(testedRowByRow)) return undefined;
  return {
    tests,
    parts: [
      {
        kind: 'page',
        tests: tests.map((_, index) => index),
        order: pageOrder(spec, query),
        // Without a sort key the order is ascending whatever sort_dir says (listOrder).
        desc: query.sort_key !== undefined && query.sort_dir === 'desc',
        offset: query.offset ?? 0,
        limit: query.limit ?? spec.defaultLimit,
      },
    ],
  };
}

/** columnPagePlan's answer read as a page. */
export function columnPageOf(answer: ColumnAnswer | undefined): ColumnPage | undefined {
  if (answer === undefined) return undefined;
  const [rowids, [total] = []] = answer[0] ?? [];
  if (rowids === undefined || total === undefined) return undefined;
  return { total: Number(total), rowids: rowids.map(Number) };
}
