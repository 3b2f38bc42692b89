// The list aggregates of migration 0035, kept by triggers in every transaction that writes a list
// table: `*_risk_counts` and `*_risk_namespaces` hold the images per group of the list's facet
// dimensions, whether ever scanned, and the registry name or the namespace; `*_risk_days` per
// group of the summary's dimensions and UTC day of the scan. Their columns are the list table's
// (the risk counts as 0/1, the scan time as null / 0 or its day), so the list's own WHERE selects
// their groups as it selects images, as long as it filters on their columns only. `*_risk_bases`
// (migration 0049) holds the images per group of the counts' dimensions without the registry
// name, per basic-image facet (`facet`) and its value. `*_risk_namespace_registries` (migration
// 0054) per group of the counts' dimensions, the namespace and the registry name: it answers the
// namespace filters (substring, picks, scope) with or without a registry name filter.
// `*_risk_namespace_days` (migration 0057) per namespace, severity and UTC day of the scan: the
// summary's scan ages under namespace filters with or without a severity filter.
// `*_risk_namespace_bases` (migration 0056) holds `bases`' counts per group with the namespace,
// `*_risk_namespace_severity_bases` per namespace and severity only. `*_risk_namespace_facets`
// (migration 0061) per namespace and value of each dimension on its own (facet, value): the
// summary and the facets under namespace filters alone. `*_risk_base_groups` (migration 0064,
// rebuilt by 0067) holds the counts' groups per value of the images' bases (0055's facets, the
// end-of-life value the earliest date) and per such value and OS / OS version: the facets under
// one basic-image filter; the registry name only where the list's facets have its top.
// `*_risk_namespace_base_groups` (migration 0066) per namespace, registry name and severity per
// such value: the namespace and registry name tops under one basic-image filter (rebuilt by
// 0069). `cicd_images_risk_pipeline_base_groups` (0069): CI/CD's base groups with the pipeline
// name, read under a pipeline-name filter beside a base filter.
// `*_risk_name_facets` and `*_risk_name_base_groups` (migration 0068) per image name and severity:
// each dimension's counts on its own and the namespace, and the base values (no cross values):
// the facets under an image name filter with or without a severity filter.
import { sql, type RawBuilder } from 'kysely';
import { SCOPE_NAMESPACES } from '../auth/request-scope';
import type { InventoryDb } from '../store/db';
import type { ListQuery, ListSpec } from './spec';

export type AggregateKind =
  | 'counts'
  | 'namespaces'
  | 'days'
  | 'bases'
  | 'namespace_registries'
  | 'namespace_days'
  | 'namespace_bases'
  | 'namespace_severity_bases'
  | 'namespace_facets'
  | 'base_groups'
  | 'namespace_base_groups'
  | 'name_facets'
  | 'name_base_groups'
  | 'pipeline_base_groups';

export const aggregateTable = (spec: Pick<ListSpec, 'table'>, kind: AggregateKind): string =>
  `${spec.table}_risk_${kind}`;

/** The filters on the namespace column: the substring, the picks and a scoped user's patterns. */
export const NAMESPACE_FILTERS: readonly string[] = ['namespace', 'namespaces', SCOPE_NAMESPACES];

/** Whether the list's base groups (0067) have its registry field: its facets have its top. */
export const baseGroupsByRegistry = (spec: Pick<ListSpec, 'topFacetFields' | 'risk'>): boolean =>
  spec.topFacetFields.includes(spec.risk.registryField);

/** The list filters whose columns the aggregate `kind` has. */
export function aggregateFilters(spec: ListSpec, kind: AggregateKind): string[] {
  const dimensions = [
    'severity_level',
    'scan_status',
    spec.risk.typeField,
    'latest_version',
    'has_vul',
    'has_malicious_file',
    'has_unsafe_setting',
    'risky',
    'never_scanned',
  ];
  if (kind === 'days') return dimensions;
  // Scanned or not is its day's being null.
  if (kind === 'namespace_days') return ['severity_level', 'never_scanned', ...NAMESPACE_FILTERS];
  if (kind === 'namespace_severity_bases') return ['severity_level', ...NAMESPACE_FILTERS];
  if (kind === 'namespace_base_groups')
    return ['severity_level', spec.risk.registryField, ...NAMESPACE_FILTERS];
  // Each dimension's counts on its own: no filter but the namespace ones.
  if (kind === 'namespace_facets') return [...NAMESPACE_FILTERS];
  // Per image name and severity (0068).
  if (kind === 'name_facets' || kind === 'name_base_groups')
    return ['image_name', 'severity_level'];
  const names = {
    counts: [spec.risk.registryField],
    // 0067: the registry name only for a list whose facets have its top (CI/CD's have not).
    base_groups: baseGroupsByRegistry(spec) ? [spec.risk.registryField] : [],
    // 0069: where base_groups lack the registry field, and only there (no table otherwise).
    pipeline_base_groups: baseGroupsByRegistry(spec) ? [] : [spec.risk.registryField],
    namespaces: NAMESPACE_FILTERS,
    bases: [],
    namespace_registries: [spec.risk.registryField, ...NAMESPACE_FILTERS],
    namespace_bases: NAMESPACE_FILTERS,
  }[kind];
  return [...dimensions, ...Object.keys(spec.ownFilters.flags), ...names];
}

/**
 * Whether `where(query)` is the WHERE of the query's filters on the aggregate's columns alone
 * (compared as SQL text; values are parameters): then it selects the aggregate's groups exactly.
 */
export function answersFromAggregate<Q extends ListQuery>(
  db: InventoryDb,
  spec: ListSpec<Q>,
  kind: AggregateKind,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
): boolean {
  const params = query as Readonly<Record<string, unknown>>;
  const kept = Object.fromEntries(
    aggregateFilters(spec as unknown as ListSpec, kind).map((key) => [key, params[key]]),
  ) as Q;
  return where(kept).compile(db).sql === where(query).compile(db).sql;
}

/** More matching namespaces than this are not named (namespacedWhere). */
const MAX_NAMED_NAMESPACES = 10_000;

/**
 * The WHERE of `query` with its namespace filters replaced by the namespaces they match, named:
 * the same rows, but the reads seek each namespace through an index with the namespace in it
 * instead of testing a substring or patterns on every entry. The namespaces are the account's
 * (a loose index scan of the list's namespace index, 400-odd seeks at 1M) that pass the list's
 * own namespace conditions, read in the caller's transaction.
 */
export async function namespacedWhere<Q extends ListQuery>(
  db: InventoryDb,
  spec: Pick<ListSpec, 'table'>,
  account: string,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
): Promise<RawBuilder<unknown>> {
  const params = query as Readonly<Record<string, unknown>>;
  const namespaceQuery = Object.fromEntries(NAMESPACE_FILTERS.map((key) => [key, params[key]]));
  const otherFilters = Object.fromEntries(
    Object.entries(params).filter(([key]) => !NAMESPACE_FILTERS.includes(key)),
  );
  const table = sql.table(spec.table);
  const { rows } = await sql<{ namespace: string }>`with recursive seen(namespace) as (
      select min(namespace) from ${table} where account = ${account}
      union all
      select (select min(namespace) from ${table} where account = ${account}
        and namespace > seen.namespace) from seen where seen.namespace is not null)
    select namespace from (select cast(${account} as text) as account, namespace from seen
      where namespace is not null) matched
    where ${where(namespaceQuery as Q)}`.execute(db);
  if (rows.length === 0) return sql`1 = 0`;
  // Bound parameters are limited (SQLite 32,766): that many namespaces keep their filters.
  if (rows.length > MAX_NAMED_NAMESPACES) return where(query);
  return sql`${where(otherFilters as Q)}
    and namespace in (${sql.join(rows.map((row) => sql`${row.namespace}`))})`;
}

/** Does the query filter on the namespace (see NAMESPACE_FILTERS)? */
export const filtersNamespace = (query: ListQuery): boolean =>
  NAMESPACE_FILTERS.some((key) => query[key] !== undefined);
