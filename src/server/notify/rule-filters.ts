// A rule's filters: its own list and query, or its saved view's (read at each match, so that
// editing the view edits the rule). The query is parsed with the list's own schema, as the list
// route parses it; the app's own parameters and the paging and sort are not filters.
import {
  firstIssue,
  searchParamsToRecord,
  type ImageList,
  type QueryRecord,
} from '../../shared/contracts';
import { listSpec } from '../lists';
import type { ListQuery } from '../lists/spec';
import { APP_ONLY } from '../routes/views';
import type { InventoryDb } from '../store/db';
import { getView } from '../views/view-store';

const NOT_FILTERS = new Set(['offset', 'limit', 'sort_key', 'sort_dir']);

export interface RuleFilters {
  list: ImageList;
  query: ListQuery;
  /** The filters as query parameters (for the Changes page's link). */
  params: QueryRecord;
}

/** The list's filters a query string holds, or the first problem as "field message". */
export function parseRuleQuery(
  list: ImageList,
  query: string,
): { ok: true; filters: RuleFilters } | { ok: false; problem: string } {
  const record = searchParamsToRecord(new URLSearchParams(query));
  if (!record.ok) return { ok: false, problem: `${record.issue.field} ${record.issue.message}` };
  const params = Object.fromEntries(
    Object.entries(record.value).filter(([key]) => !APP_ONLY(key) && !NOT_FILTERS.has(key)),
  );
  const parsed = listSpec(list).querySchema.safeParse(params);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    return { ok: false, problem: `${issue.field} ${issue.message}` };
  }
  return { ok: true, filters: { list, query: parsed.data, params } };
}

/** The filters a stored rule follows now; undefined when its view is gone or no longer parses. */
export async function filtersOfRule(
  db: InventoryDb,
  rule: { view_id: string | null; list: ImageList | null; query: string | null },
): Promise<RuleFilters | undefined> {
  if (rule.view_id !== null) {
    const view = await getView(db, rule.view_id);
    if (view === undefined) return undefined;
    const parsed = parseRuleQuery(view.list, view.query);
    return parsed.ok ? parsed.filters : undefined;
  }
  if (rule.list === null) return undefined;
  const parsed = parseRuleQuery(rule.list, rule.query ?? '');
  return parsed.ok ? parsed.filters : undefined;
}
