// Facets: for each filterable field, how many images each value has under all the OTHER active
// filters, so that a filter control can show what choosing a value would give.
//
// The enum and boolean fields ("dimensions") are counted in one pass: the rows matching every
// filter that is NOT a dimension are grouped by all dimensions at once (a few hundred groups,
// read from a covering index), and each facet sums the groups that pass the other dimensions'
// filters, applied here with the same semantics as filters.ts. Namespace and registry name are
// grouped in SQL under the full filter minus their own (top 50). When no kept aggregate answers
// the dimension groups, every part is counted over the rows kept as columns (column-scan.ts,
// `columnFacets`) under the same filters, where SQL read every image row for each part.
import { sql, type RawBuilder } from 'kysely';
import { SEVERITY_LEVELS_BY_RANK, type FacetBucket } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { dialectOf, sqliteIndexedBy } from '../store/dialect';
import { NO_QUERY_CACHE, withoutPaging, type ReadTrx } from '../serving/query-cache';
import type { CROSS_FACETS } from '../store/base-group-aggregates-schema';
import { FACETS_GROUPING_ORDER } from '../store/migrations';
import { RISK_FLAGS_FACET } from '../store/namespace-facet-aggregates-schema';
import { NAMESPACE_FACET } from '../store/name-facet-aggregates-schema';
import type { InventoryTables } from '../store/tables';
import {
  aggregateTable,
  answersFromAggregate,
  baseGroupsByRegistry,
  filtersNamespace,
  NAMESPACE_FILTERS,
  namespacedWhere,
  type AggregateKind,
} from './aggregates';
import { listWhere, type ReadContext } from './list-store';
import { countMatching } from './filters';
import { isScannedList, type InventoryListSpec, type ListQuery, type ListSpec } from './spec';
import { byBaseImages, byBaseRows } from './images-by-base';
import { imageNamesMatching, MAX_NAMED_IMAGE_NAMES, nameIndex, namedIn } from './image-names';
import {
  columnTests,
  type ColumnAnswer,
  type ColumnPart,
  type ColumnPlan,
  type ColumnScans,
  type ColumnTest,
} from './column-scan';

export const TOP_FACET_LIMIT = 50;

/**
 * The filters a top facet is counted without (by default the field's own parameter). The
 * namespace facet is counted without the exact pick `namespaces`, so that the picker shows what
 * adding a namespace would give, but under the substring `namespace`, which narrows the picker's
 * suggestions to the namespaces containing the typed text.
 */
const OWN_FILTERS: Record<string, readonly string[]> = { namespace: ['namespaces'] };

/**
 * The aggregates holding every facet dimension, the fewer groups first: by registry name, by
 * namespace, and by both (0054), so that a namespace filter with or without a name one reads groups.
 */
const GROUP_AGGREGATES: readonly AggregateKind[] = ['counts', 'namespaces', 'namespace_registries'];

/** The aggregates kept per basic-image value that hold every facet dimension, fewer groups first. */
const BASE_GROUP_AGGREGATES: readonly AggregateKind[] = ['bases', 'namespace_bases'];

/**
 * The groups per base value with every dimension and their OS / OS version (0064/0067's), and on a
 * list whose groups lack the registry field (CI/CD's pipeline name) 0069's that have it, read only
 * when the first do not answer (a pipeline-name filter): about one row per image and value.
 */
const baseGroupKinds = (
  spec: Pick<ListSpec, 'topFacetFields' | 'risk'>,
): readonly AggregateKind[] =>
  baseGroupsByRegistry(spec) ? ['base_groups'] : ['base_groups', 'pipeline_base_groups'];

/** The basic-image filters whose values 0049's and 0056's aggregates are kept by (`facet`). */
const KEPT_BASE_FILTERS: readonly string[] = ['basic_image_os', 'basic_image_os_version'];

/** Counts grouped on as `count > 0` (the facets only tell zero from non-zero). */
const GROUPED_AS_NONZERO = new Set(['vul_num', 'malicious_file_num', 'unsafe_setting_num']);

function groupedExpression(column: string): RawBuilder<unknown> {
  return GROUPED_AS_NONZERO.has(column) ? sql`${sql.ref(column)} > 0` : sql`${sql.ref(column)}`;
}

/** One group of rows sharing every dimension's value. */
export type Group = Record<string, string> & { n: string };

/**
 * The dimensions' columns, each once, in the order of the `*_facets` indexes (migration 0012),
 * which hold the count columns only as `count > 0`: grouping by exactly these expressions in this
 * order walks the index with no sort and a few hundred groups, where the raw counts gave tens of
 * thousands (5 times slower).
 */
function groupingOrder(dimensions: readonly Dimension[]): string[] {
  return [
    ...new Set(
      FACETS_GROUPING_ORDER.filter((column) => dimensions.some((d) => d.column === column)),
    ),
  ];
}

/** A group from its values in `ordered`'s columns, its count after them (a JSON or column row). */
function groupOfValues(
  values: readonly unknown[],
  ordered: readonly string[],
  dimensions: readonly Dimension[],
): { group: Group; n: number } {
  const n = values[ordered.length];
  const group: Group = { n: String(n) };
  ordered.forEach((column, index) => {
    for (const dimension of dimensions)
      if (dimension.column === column) group[dimension.field] = dimension.valueOf(values[index]);
  });
  return { group, n: Number(n) };
}

/** A facet's buckets from rows of a value and its count, in the rows' order. */
function bucketsOfRows(rows: ReadonlyArray<{ value: unknown; n: unknown }>): FacetBucket[] {
  return rows.map((row) => ({ value: String(row.value), count: Number(row.n) }));
}

/** The most frequent values (top 50) of kept counts `from` under `condition`. */
async function keptTopValues(
  trx: ReadTrx,
  from: RawBuilder<unknown>,
  condition: RawBuilder<unknown>,
): Promise<FacetBucket[]> {
  const { rows } = await sql<{ value: string; n: number }>`select value, sum(images) as n
    from ${from} where ${condition} and images <> 0
    group by value order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx);
  return bucketsOfRows(rows);
}

export interface Dimension {
  /** The facet's name = its filter's query parameter. */
  field: string;
  /**
   * The column grouped on. Raw columns in the covering index's order let SQLite aggregate while
   * walking that index, with no sort; `valueOf` then maps a raw value to the bucket.
   */
  column: string;
  valueOf(raw: unknown): string;
  /** Facet buckets: every documented value, or true/false. */
  values: readonly string[];
  /** Does a group pass this dimension's filter (`wanted` = the parsed query value)? */
  accepts(group: Group, wanted: unknown): boolean;
}

const asList = (wanted: unknown): unknown[] => (Array.isArray(wanted) ? wanted : [wanted]);

export function enumDimension(field: string, column: string, values: readonly string[]): Dimension {
  return {
    field,
    column,
    valueOf: (raw) => String(raw ?? ''),
    values,
    accepts: (group, wanted) => asList(wanted).includes(group[field]),
  };
}

/** `true`/`false` from a 0/1 or count column; the filter compares with it (`has_vul=false` → 0). */
export function flagDimension(field: string, column: string): Dimension {
  return {
    field,
    column,
    valueOf: (raw) => (Number(raw) > 0 ? 'true' : 'false'),
    values: ['true', 'false'],
    accepts: (group, wanted) => group[field] === String(wanted),
  };
}

export const severity: Dimension = {
  field: 'severity_level',
  column: 'severity_level',
  // The empty level is the `unrated` bucket (and filter value).
  valueOf: (raw) => (raw === '' || raw === null ? 'unrated' : String(raw)),
  // Among equal counts, worst first (the order of a sort by severity, descending).
  values: [...SEVERITY_LEVELS_BY_RANK, 'unrated'],
  accepts: (group, wanted) => asList(wanted).includes(group.severity_level),
};

export const latestVersion: Dimension = {
  ...flagDimension('latest_version', 'latest_version'),
  // `latest_version=false` does not filter (the upstream's meaning).
  accepts: (group, wanted) => wanted !== true || group.latest_version === 'true',
};

export const countFlags: Dimension[] = [
  flagDimension('has_vul', 'vul_num'),
  flagDimension('has_malicious_file', 'malicious_file_num'),
  flagDimension('has_unsafe_setting', 'unsafe_setting_num'),
];

/** Risky is derived from the three count flags: no column of its own in the grouping. */
const RISKY_FIELD = 'risky';
function isRisky(group: Group): boolean {
  return (
    group.has_vul === 'true' ||
    group.has_malicious_file === 'true' ||
    group.has_unsafe_setting === 'true'
  );
}

function without<Q extends Record<string, unknown>>(query: Q, fields: readonly string[]): Q {
  const copy: Record<string, unknown> = { ...query };
  for (const field of fields) delete copy[field];
  return copy as Q;
}

/** Does the group pass every active dimension filter except those named in `skip`? */
function passes(
  group: Group,
  dimensions: readonly Dimension[],
  query: Record<string, unknown>,
  skip: string,
): boolean {
  for (const dimension of dimensions) {
    const wanted = query[dimension.field];
    if (wanted === undefined || dimension.field === skip) continue;
    if (!dimension.accepts(group, wanted)) return false;
  }
  const risky = query[RISKY_FIELD];
  if (risky !== undefined && skip !== RISKY_FIELD && isRisky(group) !== risky) return false;
  return true;
}

function byCount(buckets: FacetBucket[]): FacetBucket[] {
  // Most frequent first; the documented order among equals (the sort is stable).
  return buckets.sort((a, b) => b.count - a.count);
}

type FacetsAnswer = { total_num: number; facets: Record<string, FacetBucket[]> };

/** Kept groups of one basic-image value: the aggregate and the WHERE selecting them. */
interface KeptGroups {
  table: RawBuilder<unknown>;
  where: () => Promise<RawBuilder<unknown>>;
}

/** The basic-image facets (list extensions basic_image_os, basic_image_os_version). */
const BASIC_IMAGE_FACETS = [
  ['basic_image_os', 'os_name'],
  ['basic_image_os_version', 'os_version'],
] as const;

/** Each basic-image facet's `cross_facet` in 0064's groups (0055's facet names). */
const CROSS_FACET_OF: Record<string, (typeof CROSS_FACETS)[number]> = {
  basic_image_os: 'os',
  basic_image_os_version: 'os_version',
};

/** A list's read in one transaction: the account, the list and its WHERE for a query. */
interface ListRead<Q extends ListQuery> {
  trx: ReadTrx;
  account: string;
  spec: ListSpec<Q>;
  where: (query: Q) => RawBuilder<unknown>;
}

/** What every part of one facets answer reads with. */
interface FacetsContext<Q extends ListQuery> extends ListRead<Q> {
  whereOn: (query: Q, relation: string) => RawBuilder<unknown>;
  /** Every part from the images (the check of the kept paths), none from kept aggregates. */
  scan: boolean;
  now: number;
  /** Snapshots of the rows as columns, for the filter sets no kept aggregate answers. */
  columns: ColumnScans | undefined;
}

async function computeFacets<Q extends ListQuery>(
  trx: ReadTrx,
  account: string,
  spec: InventoryListSpec<Q>,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
  {
    scan,
    now,
    whereOn,
    columns,
  }: {
    scan: boolean;
    now: number;
    /** `where` on the columns of another relation of the list's (a CTE of its rows). */
    whereOn: (query: Q, relation: string) => RawBuilder<unknown>;
    columns?: ColumnScans | undefined;
  },
): Promise<FacetsAnswer> {
  if (!isScannedList(spec)) {
    // No scans: no dimensions, aggregates or basic images; the total and the top values.
    const total = await countMatching<InventoryTables>(trx, spec.table, where(query));
    return { total_num: total, facets: await topFacets(trx, spec, query, where) };
  }
  const context: FacetsContext<Q> = { trx, account, spec, where, whereOn, scan, now, columns };
  const { table, facetDimensions: dimensions } = spec;
  const dimensionFields = [...dimensions.map((dimension) => dimension.field), RISKY_FIELD];
  const base = without(query, dimensionFields);
  const marginal = scan ? undefined : marginalCountsFor(context, query, dimensionFields);
  if (marginal === 'namespaces') return namespaceFacets(context, query);
  if (marginal === 'names') return nameFacets(context, query);
  const dialect = dialectOf<InventoryTables>(trx);
  // An image name filter (a substring) is tested on 0070's index led by the name, which has the
  // facets' columns: the facets index lacks the name, so every image's row was read, in the
  // index's order, for each part (1M images, 'nginx': 3.4 s of CPU a part, 0.3 s). Forced on
  // SQLite: its planner may prefer an index in the grouping's or a filter's order that is not
  // covering, and then reads every row of the table (8 times slower).
  const covering = sqliteIndexedBy(
    dialect,
    query.image_name === undefined ? `${table}_facets` : nameIndex(table),
  );
  const names = scan ? undefined : await imageNamesMatching(trx, account, table, query, where);
  // Paging and sort are accepted with the facets' query and ignored.
  const params = withoutPaging(query);
  const onNameIndex = new Set(nameIndexFilters(spec));
  if (
    names !== undefined &&
    Object.keys(params).every((key) => onNameIndex.has(key) || params[key] === undefined)
  )
    return namedFacets(context, query, base, names);
  // When the dimension groups would be read from the images (no kept groups answer the filters
  // but the dimensions'), every part would: the snapshot's columns answer in one pass instead.
  if (!scan && columns !== undefined && !keptDimensionGroups(context, base)) {
    const answer = await columnFacets(spec, query, base, now, (plan) =>
      columns.answer(trx, spec, account, plan),
    );
    if (answer !== undefined) return answer;
  }
  // Under a basic-image filter the images on its base are walked (0055's kept rows, joined to
  // their image rows), where every other path tests basic_images for each image of the account
  // (1M images, basic_image_os: 17 s a facets answer); under an image name matching few images,
  // the names' ranges of 0070's index are read. Not when scanning: the check compares with the
  // per-part reads.
  const images = (filters: Q, path: RawBuilder<unknown>): RawBuilder<unknown> =>
    names !== undefined
      ? sql`${sql.table(table)} ${covering} where ${namedIn(names)} and ${where(filters)}`
      : ((scan ? undefined : byBaseImages(table, account, filters, now, where, dialect)) ??
        sql`${sql.table(table)} ${path} where ${where(filters)}`);
  const keptBase = (filters: Q, kinds: readonly AggregateKind[], crossFacet = '') =>
    keptBaseGroups(context, filters, kinds, crossFacet);
  const fromAggregate = (kind: AggregateKind, filters: Q) =>
    !scan && answersFromAggregate(trx, spec, kind, filters, where);
  const groups = await dimensionGroups(context, base, {
    fromAggregate,
    keptBase,
    scanned: (selected, grouping) =>
      sql`select ${selected}, count(*) as n from ${images(base, covering)} group by ${grouping}`,
  });
  const { total, facets } = dimensionFacets(groups, dimensions, query);
  Object.assign(
    facets,
    await topFacets(trx, spec, query, where, {
      covering,
      images,
      aggregateWhere: (filters) => aggregateWhere(trx, spec, account, filters, where),
      aggregateOf: (field, filters) =>
        topFacetAggregates(spec, field).find((kind) => fromAggregate(kind, filters)),
      // The namespaces under one OS or OS version: 0056's groups have them, under any base value
      // (with a registry name or severity) 0066's; the registry names under a base value: 0064's,
      // with namespace filters 0066's.
      keptBase: (field, filters) =>
        field === 'namespace'
          ? keptBase(filters, ['namespace_bases', 'namespace_base_groups'])
          : field === spec.risk.registryField
            ? keptBase(filters, ['base_groups', 'namespace_base_groups'])
            : undefined,
    }),
  );
  Object.assign(
    facets,
    await basicImageFacets(context, query, {
      covering,
      images,
      fromAggregate,
      byValueKinds: baseGroupKinds(spec),
      keptCross: (field, filters) => keptBase(filters, baseGroupKinds(spec), CROSS_FACET_OF[field]),
    }),
  );
  return { total_num: total, facets };
}

/**
 * The kept groups of the images on one basic-image value (the filter `filters` has), if an
 * aggregate of `kinds` answers the other filters. Under one OS or OS version alone (with filters
 * on an aggregate's columns) the counts are kept per base value: 0049's groups (`bases`), 0056's
 * per namespace (`namespace_bases`). Under one OS, OS version, layer or end of life (with filters
 * on the counts' columns), 0064's groups per base value (`base_groups`), which also have the
 * registry name and, per value, the images' OS and OS version (`cross_facet`).
 */
function keptBaseGroups<Q extends ListQuery>(
  {
    trx,
    account,
    spec,
    where,
    scan,
    now,
  }: Pick<FacetsContext<Q>, 'account' | 'spec' | 'where' | 'scan' | 'now'> & { trx: InventoryDb },
  filters: Q,
  kinds: readonly AggregateKind[],
  crossFacet: string,
): KeptGroups | undefined {
  const walked = scan ? undefined : byBaseRows(spec.table, account, filters, now);
  const facet = walked?.answers;
  if (walked === undefined || facet === undefined) return undefined;
  const rest = without(filters, [facet]);
  const byValue = (candidate: AggregateKind | undefined) =>
    candidate === 'base_groups' || candidate === 'pipeline_base_groups';
  const kind = kinds.find(
    (candidate) =>
      (byValue(candidate) ||
        candidate === 'namespace_base_groups' ||
        KEPT_BASE_FILTERS.includes(facet)) &&
      answersFromAggregate(trx, spec, candidate, rest, where),
  );
  const value = byValue(kind)
    ? sql`${walked.groupsWhere} and cross_facet = ${crossFacet}`
    : kind === 'namespace_base_groups'
      ? walked.groupsWhere
      : sql`facet = ${facet} and value = ${walked.value}`;
  return kind === undefined
    ? undefined
    : {
        table: sql.table(aggregateTable(spec, kind)),
        where: async () =>
          sql`${await aggregateWhere(trx, spec, account, rest, where)}
            and ${value} and images <> 0`,
      };
}

/**
 * The images matching `base` (the query without its dimension filters) grouped by every
 * dimension: from the aggregate's groups (a few thousand) when the filters left are on its
 * columns (migration 0035: they are the table's, so the same WHERE and grouping read it), else
 * from one basic-image value's kept groups, else from the images (`scanned`). All have every
 * facet dimension; the per-namespace groups also answer namespace filters.
 */
async function dimensionGroups<Q extends ListQuery>(
  context: FacetsContext<Q>,
  base: Q,
  access: {
    fromAggregate: (kind: AggregateKind, filters: Q) => boolean;
    keptBase: (filters: Q, kinds: readonly AggregateKind[]) => KeptGroups | undefined;
    /** The images' statement, given the select list and the grouping. */
    scanned: (selected: RawBuilder<unknown>, grouping: RawBuilder<unknown>) => RawBuilder<unknown>;
  },
): Promise<Array<{ group: Group; n: number }>> {
  const { trx, account, spec, where } = context;
  const dimensions = spec.facetDimensions;
  const ordered = groupingOrder(dimensions);
  const groupsKind = GROUP_AGGREGATES.find((kind) => access.fromAggregate(kind, base));
  const keptGroups =
    groupsKind === undefined
      ? access.keptBase(base, [...BASE_GROUP_AGGREGATES, ...baseGroupKinds(spec)])
      : undefined;
  // The aggregates hold the counts as 0/1: grouped on the columns themselves, so that the groups
  // by namespace stream from 0054's index in this order (a sorter over 36,000 groups of the
  // namespaces matching 'a' at 1M took 93 ms of CPU).
  const rawColumns = sql.join(ordered.map((column) => sql.ref(column)));
  const rawSelected = sql.join(
    ordered.map((column) => sql`${sql.ref(column)} as ${sql.ref(`g_${column}`)}`),
  );
  let statement: RawBuilder<unknown>;
  if (groupsKind !== undefined) {
    const inGroupingOrder =
      groupsKind === 'namespaces'
        ? sqliteIndexedBy(
            dialectOf<InventoryTables>(trx),
            `${aggregateTable(spec, groupsKind)}_by_facets`,
          )
        : sql``;
    statement = sql`select ${rawSelected}, sum(images) as n
      from ${sql.table(aggregateTable(spec, groupsKind))} ${inGroupingOrder}
      where ${await aggregateWhere(trx, spec, account, base, where)} and images <> 0
      group by ${rawColumns}`;
  } else if (keptGroups !== undefined) {
    statement = sql`select ${rawSelected}, sum(images) as n
      from ${keptGroups.table} where ${await keptGroups.where()}
      group by ${rawColumns}`;
  } else {
    statement = access.scanned(
      // Aliased apart from the columns: SQLite would read `vul_num` in the grouping as the alias.
      sql.join(
        ordered.map((column) => sql`${groupedExpression(column)} as ${sql.ref(`g_${column}`)}`),
      ),
      sql.join(ordered.map(groupedExpression)),
    );
  }
  const grouped = await sql<Record<string, unknown>>`${statement}`.execute(trx);
  return grouped.rows.map((row) => {
    const group: Group = { n: String(row.n) };
    for (const dimension of dimensions)
      group[dimension.field] = dimension.valueOf(row[`g_${dimension.column}`]);
    return { group, n: Number(row.n) };
  });
}

/** Whether kept groups answer the dimension groups under `base` (no read: compiled only). */
function keptDimensionGroups<Q extends ListQuery>(
  context: Pick<FacetsContext<Q>, 'account' | 'spec' | 'where' | 'scan' | 'now'> & {
    trx: InventoryDb;
  },
  base: Q,
): boolean {
  const { trx, spec, where } = context;
  return (
    GROUP_AGGREGATES.some((kind) => answersFromAggregate(trx, spec, kind, base, where)) ||
    keptBaseGroups(context, base, [...BASE_GROUP_AGGREGATES, ...baseGroupKinds(spec)], '') !==
      undefined
  );
}

/**
 * Before any transaction (the query cache's `atVersion`): the facets from the columns at
 * `version` when computeFacets would take them (a scanned list, no kept path for the filters,
 * no image name, whose names are read first). The answer waits on the column worker without
 * holding a read connection. Undefined: computeFacets answers.
 */
async function columnFacetsAt<Q extends ListQuery>(
  db: InventoryDb,
  account: string,
  spec: InventoryListSpec<Q>,
  query: Q,
  { now, columns, version }: { now: number; columns: ColumnScans; version: number },
): Promise<FacetsAnswer | undefined> {
  const { answerAt } = columns;
  if (answerAt === undefined || !isScannedList(spec) || query.image_name !== undefined)
    return undefined;
  const where = (q: Q) => listWhere(spec, account, q, now);
  const dimensionFields = [
    ...spec.facetDimensions.map((dimension) => dimension.field),
    RISKY_FIELD,
  ];
  const base = without(query, dimensionFields);
  const context = { trx: db, account, spec, where, scan: false, now };
  if (
    marginalCountsFor(context, query, dimensionFields) !== undefined ||
    keptDimensionGroups(context, base)
  )
    return undefined;
  return columnFacets(spec, query, base, now, (plan) => answerAt(spec, account, version, plan));
}

/**
 * Every part from the snapshot's columns (column-scan.ts), under the same filters as the SQL
 * parts: the groups by every dimension under the query without the dimensions' filters, each top
 * field without its own, each basic-image facet without its own. `ask` counts the plan over the
 * list's snapshot. Undefined when the snapshot cannot answer (a filter it does not know, another
 * version): SQL answers.
 */
async function columnFacets<Q extends ListQuery>(
  spec: ListSpec<Q>,
  query: Q,
  base: Q,
  now: number,
  ask: (plan: ColumnPlan) => Promise<ColumnAnswer | undefined>,
): Promise<FacetsAnswer | undefined> {
  const dimensions = spec.facetDimensions;
  const ordered = groupingOrder(dimensions);
  const tests: ColumnTest[] = [];
  const known = new Map<string, number>();
  // Each part's filters as indexes into the shared tests (a filter in several parts is run once).
  const testsOf = (filters: Q): number[] | undefined =>
    columnTests(spec, filters, now)?.map((test) => {
      const key = JSON.stringify(test);
      let index = known.get(key);
      if (index === undefined) {
        index = tests.push(test) - 1;
        known.set(key, index);
      }
      return index;
    });
  const parts: ColumnPart[] = [];
  const groupTests = testsOf(base);
  if (groupTests === undefined) return undefined;
  parts.push({ kind: 'groups', tests: groupTests, columns: ordered });
  for (const field of spec.topFacetFields) {
    const topTests = testsOf(without(query, OWN_FILTERS[field] ?? [field]));
    if (topTests === undefined) return undefined;
    parts.push({ kind: 'top', tests: topTests, column: field, limit: TOP_FACET_LIMIT });
  }
  for (const [field, column] of BASIC_IMAGE_FACETS) {
    const baseTests = testsOf(without(query, [field]));
    if (baseTests === undefined) return undefined;
    parts.push({ kind: 'bases', tests: baseTests, field: column, limit: TOP_FACET_LIMIT });
  }
  const answer = await ask({ tests, parts });
  if (answer === undefined) return undefined;
  const [groupRows = [], ...rest] = answer;
  const groups = groupRows.map((values) => groupOfValues(values, ordered, dimensions));
  const { total, facets } = dimensionFacets(groups, dimensions, query);
  const fields = [...spec.topFacetFields, ...BASIC_IMAGE_FACETS.map(([field]) => field)];
  fields.forEach((field, index) => {
    facets[field] = (rest[index] ?? []).map(([value, count]) => ({
      value: String(value),
      count: Number(count),
    }));
  });
  return { total_num: total, facets };
}

/** The total and each dimension's facet (and `risky`'s) from the groups by every dimension. */
function dimensionFacets(
  groups: ReadonlyArray<{ group: Group; n: number }>,
  dimensions: readonly Dimension[],
  query: Record<string, unknown>,
): { total: number; facets: Record<string, FacetBucket[]> } {
  const facets: Record<string, FacetBucket[]> = {};
  let total = 0;
  for (const { group, n } of groups) if (passes(group, dimensions, query, '')) total += n;
  for (const dimension of dimensions) {
    const counts = new Map<string, number>(dimension.values.map((value) => [value, 0]));
    for (const { group, n } of groups) {
      if (!passes(group, dimensions, query, dimension.field)) continue;
      const value = group[dimension.field] ?? '';
      // Values outside the documented set (a newer upstream) are counted under their own name.
      counts.set(value, (counts.get(value) ?? 0) + n);
    }
    facets[dimension.field] = byCount([...counts].map(([value, count]) => ({ value, count })));
  }
  let risky = 0;
  let safe = 0;
  for (const { group, n } of groups) {
    if (!passes(group, dimensions, query, RISKY_FIELD)) continue;
    if (isRisky(group)) risky += n;
    else safe += n;
  }
  facets[RISKY_FIELD] = byCount([
    { value: 'true', count: risky },
    { value: 'false', count: safe },
  ]);
  return { total, facets };
}

/**
 * The filters whose columns 0070's index led by the name has (with the digest, which the
 * basic-image filters probe by): under an image name and only these, the facets read the
 * matching names' index ranges alone (namedFacets).
 */
function nameIndexFilters(spec: ListSpec): string[] {
  return [
    'image_name',
    ...NAMESPACE_FILTERS,
    ...spec.facetDimensions.map((dimension) => dimension.field),
    RISKY_FIELD,
    spec.risk.registryField,
    ...BASIC_IMAGE_FILTERS,
  ];
}

/** The list filters on an image's basic images (each probes basic_images by the digest). */
const BASIC_IMAGE_FILTERS = [
  'basic_image_os',
  'basic_image_os_version',
  'basic_image_digest',
  'basic_image_eol',
];

/** A statement fragment's SQL and parameters as one key (fragments that read the same). */
function compiledKey(trx: ReadTrx, fragment: RawBuilder<unknown>): string {
  const compiled = fragment.compile(trx);
  return JSON.stringify([compiled.sql, compiled.parameters], (_, value: unknown) =>
    typeof value === 'bigint' ? String(value) : value,
  );
}

/**
 * SQLite, under an image name filter with only filters on 0070's index's columns beside it
 * (nameIndexFilters; `base`: the query without its dimension filters): every part in one
 * statement over the matching names' ranges of that index (`matching`), each part under its
 * filters and its answer a JSON column. Before 0070 the rows were sought by rowid, once for
 * every part (1M, 'nginx' + scan status success: 24,460 rows, 158-212 ms of CPU).
 */
async function namedFacets<Q extends ListQuery>(
  { trx, account, spec, whereOn }: FacetsContext<Q>,
  query: Q,
  base: Q,
  names: readonly string[],
): Promise<FacetsAnswer> {
  const dimensions = spec.facetDimensions;
  const ordered = groupingOrder(dimensions);
  const tops = spec.topFacetFields;
  // The basic-image filters are tested once per distinct digest of the matching images (a CTE
  // per set of them), where each part probed basic_images for every row (1M, 'nginx' + Debian:
  // 24,460 probes a part).
  const digestSets = new Map<string, { condition: RawBuilder<unknown>; name: string }>();
  const where = (filters: Q): RawBuilder<unknown> => {
    const params = filters as Readonly<Record<string, unknown>>;
    const onBases = BASIC_IMAGE_FILTERS.filter((field) => params[field] !== undefined);
    if (onBases.length === 0) return whereOn(filters, 'matching');
    const basesQuery = Object.fromEntries(onBases.map((field) => [field, params[field]])) as Q;
    const condition = whereOn(basesQuery, 'd');
    const key = compiledKey(trx, condition);
    const set = digestSets.get(key) ?? { condition, name: `digests_${digestSets.size}` };
    digestSets.set(key, set);
    return sql`${whereOn(without(filters, BASIC_IMAGE_FILTERS), 'matching')}
      and image_digest in (select image_digest from ${sql.ref(set.name)})`;
  };
  // The columns the filters on this path read, all in 0070's index.
  const columns = [
    ...new Set([
      'account',
      'image_name',
      ...ordered,
      ...tops,
      spec.risk.registryField,
      'namespace',
      'image_digest',
    ]),
  ];
  const bucketsOf = (rows: RawBuilder<unknown>) =>
    sql`(select json_group_array(json_array(value, n)) from (${rows}) r)`;
  // Each basic-image facet under the query without its own filter; facets under the same filters
  // share the images' read.
  const baseReads = new Map<string, { filters: RawBuilder<unknown>; name: string }>();
  const baseReadOf = new Map<string, string>();
  for (const [field] of BASIC_IMAGE_FACETS) {
    const filters = where(without(query, [field]));
    const key = compiledKey(trx, filters);
    const read = baseReads.get(key) ?? { filters, name: `${baseReads.size}` };
    baseReads.set(key, read);
    baseReadOf.set(field, read.name);
  }
  const dimensionsWhere = where(base);
  const topsWhere = tops.map((field) => where(without(query, OWN_FILTERS[field] ?? [field])));
  // Each part reads the names' ranges of the index (not materialized: reading them again costs
  // less than writing and reading a copy of the rows; 1M, 'nginx' + scan status success: 64-91
  // against 76-146 ms of CPU).
  const { rows } = await sql<Record<string, string>>`with
      matching as not materialized (select ${sql.join(columns.map((column) => sql.ref(column)))}
        from ${sql.table(spec.table)} ${sqliteIndexedBy('sqlite', nameIndex(spec.table))}
        where account = ${account} and ${namedIn(names)}),
      ${sql.join(
        [...digestSets.values()].map(
          ({ condition, name }) => sql`${sql.ref(name)} as materialized (select image_digest
            from (select distinct account, image_digest from matching) d where ${condition}),`,
        ),
        sql``,
      )}
      ${sql.join(
        [...baseReads.values()].map(
          ({ filters, name }) => sql`${sql.ref(`images_${name}`)} as (select image_digest,
              count(*) as n from matching where ${filters} group by image_digest),
            ${basesOfImages(account, `images_${name}`, `bases_${name}`)}`,
        ),
      )}
    select (select json_group_array(json_array(${sql.join(ordered.map((column) => sql.ref(`g_${column}`)))}, n))
        from (select ${sql.join(ordered.map((column) => sql`${groupedExpression(column)} as ${sql.ref(`g_${column}`)}`))},
            count(*) as n from matching where ${dimensionsWhere}
          group by image_name, ${sql.join(ordered.map(groupedExpression))}) g) as dimensions,
      ${sql.join(
        tops.map(
          (field, index) =>
            sql`${bucketsOf(sql`select ${sql.ref(field)} as value, count(*) as n
            from matching where ${topsWhere[index]}
            group by ${sql.ref(field)}
            order by n desc, value asc limit ${TOP_FACET_LIMIT}`)} as ${sql.ref(`top_${field}`)}`,
        ),
      )},
      ${sql.join(
        BASIC_IMAGE_FACETS.map(
          ([field, column]) =>
            sql`${bucketsOf(baseFacetCounts(column, undefined, `bases_${baseReadOf.get(field) ?? '0'}`))} as ${sql.ref(`base_${field}`)}`,
        ),
      )}`.execute(trx);
  const [row] = rows;
  const parsed = (name: string) => JSON.parse(row?.[name] ?? '[]') as unknown[][];
  const groups = parsed('dimensions').map((values) => groupOfValues(values, ordered, dimensions));
  const { total, facets } = dimensionFacets(groups, dimensions, query);
  // Sorted again as the statements were (count, then the value's bytes): an aggregate over an
  // ordered subquery keeps its order in practice, which SQL does not promise.
  const buckets = (name: string) =>
    parsed(name)
      .map(([value, count]) => ({ value: String(value), count: Number(count) }))
      .sort(
        (a, b) => b.count - a.count || Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)),
      );
  for (const field of tops) facets[field] = buckets(`top_${field}`);
  for (const [field] of BASIC_IMAGE_FACETS) facets[field] = buckets(`base_${field}`);
  return { total_num: total, facets };
}

/**
 * Which kept counts of each dimension on its own answer the query, if any: 0061's per namespace
 * when the only filters are namespace filters, 0068's per name when they are an image name and at
 * most a severity.
 */
function marginalCountsFor<Q extends ListQuery>(
  { trx, spec, where }: Pick<ListRead<Q>, 'spec' | 'where'> & { trx: InventoryDb },
  query: Q,
  dimensionFields: readonly string[],
): 'namespaces' | 'names' | undefined {
  const params = query as Readonly<Record<string, unknown>>;
  if (
    filtersNamespace(query) &&
    dimensionFields.every((field) => params[field] === undefined) &&
    answersFromAggregate(trx, spec, 'namespace_facets', query, where)
  )
    return 'namespaces';
  if (
    query.image_name !== undefined &&
    answersFromAggregate(trx, spec, 'name_facets', query, where) &&
    answersFromAggregate(trx, spec, 'name_base_groups', query, where)
  )
    return 'names';
  return undefined;
}

/**
 * Under an image name filter, with or without a severity filter: every part sums the kept counts
 * of the matching names (0068, per name and severity), where the matching images' rows were read
 * (1M, `nginx`: 24,460 rows, 133-252 ms of CPU). The substring is tested once per name kept (a
 * loose scan of the counts' key, 86 names at 1M). The dimension facets read the names' counts of
 * every severity, the severity filter applied here (the severity's own facet is counted without
 * it); the tops and the basic-image facets are counted under it in SQL.
 */
async function nameFacets<Q extends ListQuery>(
  { trx, account, spec, where }: ListRead<Q>,
  query: Q,
): Promise<FacetsAnswer> {
  const kept = sql.table(aggregateTable(spec, 'name_facets'));
  const nameQuery = Object.fromEntries([['image_name', query.image_name]]) as Q;
  const { rows: names } = await sql<{ image_name: string }>`with recursive
      seen(image_name) as (
        select min(image_name) from ${kept} where account = ${account}
        union all
        select (select min(image_name) from ${kept} where account = ${account}
          and image_name > seen.image_name) from seen where seen.image_name is not null)
    select image_name from (select cast(${account} as text) as account, image_name from seen
      where image_name is not null) s where ${where(nameQuery)}`.execute(trx);
  // The filters but the name's, and the names it matches (past the limit, the name's filter).
  const named = (filters: Q): RawBuilder<unknown> =>
    names.length > MAX_NAMED_IMAGE_NAMES
      ? where(filters)
      : names.length === 0
        ? sql`1 = 0`
        : sql`${where(without(filters, ['image_name']))}
          and image_name in (${sql.join(names.map((row) => sql`${row.image_name}`))})`;
  // The dimensions' counts: the tops' (most of the rows, a namespace's a name and severity) are
  // left out before the grouping (1M, 64 names: 72 ms of CPU with them).
  const { rows } = await sql<MarginalCount & { severity_level: string }>`select severity_level,
      facet, value, sum(images) as n from ${kept}
    where ${named(without(query, ['severity_level']))} and images <> 0
      and facet not in (${NAMESPACE_FACET}, ${spec.risk.registryField})
    group by severity_level, facet, value`.execute(trx);
  const severityDimension =
    spec.facetDimensions.find((dimension) => dimension.field === 'severity_level') ?? severity;
  const params = query as Readonly<Record<string, unknown>>;
  // Whether a count's severity passes the severity filter, unless the facet is counted without it.
  const counted = (row: { severity_level: string }, field: string) =>
    passes(
      { severity_level: severityDimension.valueOf(row.severity_level), n: '' },
      [severityDimension],
      params,
      field,
    );
  const facets = marginalFacets(spec, rows, counted);
  const total = rows
    .filter((row) => row.facet === 'severity_level' && counted(row, ''))
    .reduce((sum, row) => sum + Number(row.n), 0);
  const matching = named(query);
  // The top fields are kept as facets of their own name; neither is filtered on this path.
  for (const field of spec.topFacetFields)
    facets[field] = await keptTopValues(trx, kept, sql`${matching} and facet = ${field}`);
  for (const [field] of BASIC_IMAGE_FACETS)
    facets[field] = await keptTopValues(
      trx,
      sql.table(aggregateTable(spec, 'name_base_groups')),
      sql`${matching} and facet = ${CROSS_FACET_OF[field]} and cross_facet = ''`,
    );
  return { total_num: total, facets };
}

/** The CTE `bases`: the base rows of the digests in `images` (image_digest, n) with their counts. */
function basesOfImages(account: string, images = 'images', bases = 'bases'): RawBuilder<unknown> {
  return sql`${sql.ref(bases)} as materialized (select i.image_digest, i.n, b.os_name,
      b.os_version from ${sql.ref(images)} i join basic_images b on b.account = ${account}
        and b.image_digest = i.image_digest and b.kind = 'base')`;
}

/**
 * A basic-image facet's top values from `bases`: each digest's distinct values counted once
 * (`facet`: the facet's name as a first column).
 */
function baseFacetCounts(baseColumn: string, facet?: string, bases = 'bases'): RawBuilder<unknown> {
  return sql`select ${facet === undefined ? sql`` : sql`${sql.lit(facet)} as facet, `}value,
      sum(n) as n from (select distinct image_digest, n, ${sql.ref(baseColumn)} as value
        from ${sql.ref(bases)}) d
    group by value order by n desc, value asc limit ${TOP_FACET_LIMIT}`;
}

/** The count columns kept together in 0061's risk flags value, in its order. */
const RISK_FLAG_COLUMNS = ['vul_num', 'malicious_file_num', 'unsafe_setting_num'];

/** A kept count of one value of one facet on its own (0061's, 0068's). */
interface MarginalCount {
  facet: string;
  value: string;
  n: number | string;
}

/**
 * Each dimension's facet and `risky`'s from each dimension's counts on its own (0061, 0068), of
 * the counts `counted` keeps for the facet (0068: those of the severities the query's severity
 * filter passes, but for the severity's own facet). The risk flags are kept together as one
 * value (RISK_FLAGS_FACET), `risky` their union.
 */
function marginalFacets<R extends MarginalCount>(
  spec: { facetDimensions: readonly Dimension[] },
  rows: readonly R[],
  counted: (row: R, field: string) => boolean = () => true,
): Record<string, FacetBucket[]> {
  const countsOf = (facet: string, field: string) =>
    rows.filter((row) => row.facet === facet && counted(row, field));
  const facets: Record<string, FacetBucket[]> = {};
  for (const dimension of spec.facetDimensions) {
    const flag = RISK_FLAG_COLUMNS.indexOf(dimension.column);
    const raw =
      flag < 0
        ? countsOf(dimension.column, dimension.field)
        : countsOf(RISK_FLAGS_FACET, dimension.field).map((row) => ({
            ...row,
            value: row.value[flag] ?? '0',
          }));
    const counts = new Map<string, number>(dimension.values.map((value) => [value, 0]));
    for (const row of raw) {
      const value = dimension.valueOf(row.value);
      counts.set(value, (counts.get(value) ?? 0) + Number(row.n));
    }
    facets[dimension.field] = byCount([...counts].map(([value, count]) => ({ value, count })));
  }
  let risky = 0;
  let safe = 0;
  for (const row of countsOf(RISK_FLAGS_FACET, RISKY_FIELD))
    if (row.value.includes('1')) risky += Number(row.n);
    else safe += Number(row.n);
  facets[RISKY_FIELD] = byCount([
    { value: 'true', count: risky },
    { value: 'false', count: safe },
  ]);
  return facets;
}

/**
 * The dimension and top facets under namespace filters alone, from each dimension's counts on its
 * own in the matching namespaces (`*_risk_namespace_facets`, 0061): with no dimension filter, a
 * facet is its dimension's counts, and `risky` the union of the risk flags kept together. At 1M,
 * under the 270 namespaces matching `a`, 36,000 groups by every dimension (0035) and 74,350 by
 * every dimension and registry name (0054) were read; about 40 rows a namespace now.
 */
async function namespaceFacets<Q extends ListQuery>(
  { trx, account, spec, where }: ListRead<Q>,
  query: Q,
): Promise<FacetsAnswer> {
  const params = query as Readonly<Record<string, unknown>>;
  const namespaced = await namespacedWhere(trx, spec, account, query, where);
  const kept = sql.table(aggregateTable(spec, 'namespace_facets'));
  const { rows } = await sql<{ facet: string; value: string; n: number | string }>`select facet,
      value, sum(images) as n from ${kept} where ${namespaced} and images <> 0
    group by facet, value`.execute(trx);
  const countsOf = (facet: string) => rows.filter((row) => row.facet === facet);
  const facets = marginalFacets(spec, rows);
  // The top fields, each under the query without its own filter (the namespaces' per namespace,
  // from the counts of one dimension: every image has a severity value).
  for (const field of spec.topFacetFields) {
    const topQuery = without(query, OWN_FILTERS[field] ?? [field]);
    const topParams = topQuery as Readonly<Record<string, unknown>>;
    // The registry names under the same namespaces; the namespaces without their picks.
    const topWhere = NAMESPACE_FILTERS.every((key) => topParams[key] === params[key])
      ? namespaced
      : filtersNamespace(topQuery)
        ? await namespacedWhere(trx, spec, account, topQuery, where)
        : where(topQuery);
    if (field === 'namespace') {
      const top = await sql<{ value: string; n: number }>`select namespace as value,
          sum(images) as n from ${kept}
        where ${topWhere} and facet = 'severity_level' and images <> 0
        group by namespace order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx);
      facets[field] = bucketsOfRows(top.rows);
    } else facets[field] = await keptTopValues(trx, kept, sql`${topWhere} and facet = ${field}`);
  }
  const table = spec.table;
  Object.assign(
    facets,
    await basicImageFacets({ trx, account, spec, where }, query, {
      covering: sqliteIndexedBy(dialectOf<InventoryTables>(trx), `${table}_facets`),
      // No basic-image filter on this path (the namespace groups answer no other filter).
      images: (filters, path) => sql`${sql.table(table)} ${path} where ${where(filters)}`,
      fromAggregate: (kind, filters) => answersFromAggregate(trx, spec, kind, filters, where),
      byValueKinds: baseGroupKinds(spec),
    }),
  );
  const total = countsOf('severity_level').reduce((sum, row) => sum + Number(row.n), 0);
  return { total_num: total, facets };
}

/**
 * The basic-image facets, each under the query without its own filter. Kept on write (0049) when
 * the other filters are on its columns, per namespace (0056) when a namespace filter is among
 * them (namespaceBaseFacet); else the matching images are counted per digest and each
 * digest's distinct values added once (an image on two bases of one OS counts once under it), in
 * one pass for the facets that share their filters: the images' side was most of the time of a
 * namespace-filtered answer (2 s each at 200,000 images, load 9), read once, not per facet.
 */
async function basicImageFacets<Q extends ListQuery>(
  { trx, account, spec, where }: ListRead<Q>,
  query: Q,
  access: {
    covering: RawBuilder<unknown>;
    /** `from … where …` of the images matching filters (walked under a basic-image filter). */
    images: (filters: Q, path: RawBuilder<unknown>) => RawBuilder<unknown>;
    fromAggregate: (kind: AggregateKind, filters: Q) => boolean;
    /** The groups kept per base value, by value alone (baseGroupKinds). */
    byValueKinds: readonly AggregateKind[];
    /** Under one base value, the kept groups of the facet's values on the same images. */
    keptCross?: (field: string, filters: Q) => KeptGroups | undefined;
  },
): Promise<Record<string, FacetBucket[]>> {
  const facets: Record<string, FacetBucket[]> = {};
  const counted = new Map<string, { matching: RawBuilder<unknown>; fields: string[] }>();
  // Both facets have the query's namespace filters: the namespaces are split once.
  let split: Promise<NamespaceSplit> | undefined;
  const namespaces = () => (split ??= namespacesSplit(trx, spec, account, query, where));
  for (const [field] of BASIC_IMAGE_FACETS) {
    const facetQuery = without(query, [field]);
    const imageWhere = where(facetQuery);
    if (access.fromAggregate('bases', facetQuery)) {
      facets[field] = await keptTopValues(
        trx,
        sql.table(aggregateTable(spec, 'bases')),
        sql`${imageWhere} and facet = ${field}`,
      );
      continue;
    }
    // With a registry name among the filters (no base filter left): 0064's groups per value
    // (CI/CD's pipeline name: 0069's).
    const byValue = access.byValueKinds.find((kind) => access.fromAggregate(kind, facetQuery));
    if (byValue !== undefined) {
      facets[field] = await keptTopValues(
        trx,
        sql.table(aggregateTable(spec, byValue)),
        sql`${imageWhere} and facet = ${CROSS_FACET_OF[field]} and cross_facet = ''`,
      );
      continue;
    }
    const cross = access.keptCross?.(field, facetQuery);
    if (cross !== undefined) {
      const rows = await sql<{ value: string; n: number }>`select cross_value as value,
          sum(images) as n from ${cross.table} where ${await cross.where()}
        group by cross_value order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx);
      facets[field] = bucketsOfRows(rows.rows);
      continue;
    }
    if (access.fromAggregate('namespace_bases', facetQuery)) {
      facets[field] = await namespaceBaseFacet(trx, spec, facetQuery, field, {
        where,
        fromAggregate: access.fromAggregate,
        namespaces: await namespaces(),
      });
      continue;
    }
    // Facets whose filters are the same statement are counted from one read of the images.
    // On SQLite through the facets index (seekable by the risk filters, covering the namespace
    // and registry), where the planner walked the digest index and read every image's row.
    const matching = access.images(facetQuery, access.covering);
    const key = compiledKey(trx, matching);
    const shared = counted.get(key);
    if (shared === undefined) counted.set(key, { matching, fields: [field] });
    else shared.fields.push(field);
  }
  for (const { matching, fields } of counted.values()) {
    const perFacet = fields.map((field) => {
      const baseColumn = BASIC_IMAGE_FACETS.find(([name]) => name === field)?.[1] ?? 'os_name';
      return sql`select * from (${baseFacetCounts(baseColumn, field)}) ${sql.ref(`f_${baseColumn}`)}`;
    });
    const rows = await sql<{ facet: string; value: string; n: number }>`with
      images as (select image_digest, count(*) as n from ${matching} group by image_digest),
      ${basesOfImages(account)}
      ${sql.join(perFacet, sql` union all `)}
      order by facet, n desc, value asc`.execute(trx);
    for (const field of fields)
      facets[field] = rows.rows
        .filter((row) => row.facet === field)
        .map((row) => ({ value: String(row.value), count: Number(row.n) }));
  }
  return facets;
}

/**
 * A basic-image facet under namespace filters (and dimension ones) from `*_risk_namespace_bases`:
 * the images are additive over namespaces, so the matching namespaces' counts are read, or, when
 * most namespaces match (a short substring), the whole account's counts (`*_risk_bases`) less the
 * other namespaces': at most half of the namespaces' groups are read either way (1M, namespace
 * 'a': 270 of 400 match).
 */
async function namespaceBaseFacet<Q extends ListQuery>(
  trx: ReadTrx,
  spec: InventoryListSpec<Q>,
  facetQuery: Q,
  field: string,
  {
    where,
    fromAggregate,
    namespaces: { matched, unmatched },
  }: {
    where: (query: Q) => RawBuilder<unknown>;
    fromAggregate: (kind: AggregateKind, filters: Q) => boolean;
    /** The account's namespaces split by the query's namespace filters (namespacesSplit). */
    namespaces: NamespaceSplit;
  },
): Promise<FacetBucket[]> {
  const otherFilters = where(without(facetQuery, NAMESPACE_FILTERS));
  // Per namespace and severity when the filters are only those (about 50 values a namespace),
  // else per namespace and every dimension (about as many entries as images).
  const perNamespace = sql.table(
    aggregateTable(
      spec,
      fromAggregate('namespace_severity_bases', facetQuery)
        ? 'namespace_severity_bases'
        : 'namespace_bases',
    ),
  );
  const named = (namespaces: readonly string[]) =>
    sql`namespace in (${sql.join(namespaces.map((namespace) => sql`${namespace}`))})`;
  // Bound parameters are limited (SQLite 32,766): past MAX_NAMED_NAMESPACES on both sides, the
  // matching namespaces keep their filters, tested on every group.
  const complement = unmatched.length < matched.length && unmatched.length <= MAX_NAMED_NAMESPACES;
  const chosen = complement ? unmatched : matched;
  if (!complement && chosen.length === 0) return [];
  const rows = complement
    ? await sql<{ value: string; n: number }>`select value, sum(delta) as n from (
          select value, images as delta from ${sql.table(aggregateTable(spec, 'bases'))}
          where ${otherFilters} and facet = ${field} and images <> 0
          union all
          select value, -images as delta from ${perNamespace}
          where ${otherFilters} and ${named(chosen)} and facet = ${field} and images <> 0) d
        group by value having sum(delta) <> 0
        order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx)
    : await sql<{ value: string; n: number }>`select value, sum(images) as n from ${perNamespace}
        where ${chosen.length > MAX_NAMED_NAMESPACES ? where(facetQuery) : sql`${otherFilters} and ${named(chosen)}`}
          and facet = ${field} and images <> 0
        group by value order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx);
  return bucketsOfRows(rows.rows);
}

/** More namespaces than this are not named in a statement (bound parameters are limited). */
const MAX_NAMED_NAMESPACES = 10_000;

interface NamespaceSplit {
  matched: string[];
  unmatched: string[];
}

/**
 * The account's namespaces in the list (a loose index scan of its namespace index, 400 seeks at
 * 1M), split by the query's namespace filters.
 */
async function namespacesSplit<Q extends ListQuery>(
  trx: ReadTrx,
  spec: InventoryListSpec<Q>,
  account: string,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
): Promise<NamespaceSplit> {
  const params = query as Readonly<Record<string, unknown>>;
  const namespaceQuery = Object.fromEntries(
    NAMESPACE_FILTERS.map((key) => [key, params[key]]),
  ) as Q;
  const table = sql.table(spec.table);
  const { rows } = await sql<{ namespace: string; matched: number | boolean }>`with recursive
      seen(namespace) as (
        select min(namespace) from ${table} where account = ${account}
        union all
        select (select min(namespace) from ${table} where account = ${account}
          and namespace > seen.namespace) from seen where seen.namespace is not null)
    select namespace, case when ${where(namespaceQuery)} then 1 else 0 end as matched
    from (select cast(${account} as text) as account, namespace from seen
      where namespace is not null) s`.execute(trx);
  const matched: string[] = [];
  const unmatched: string[] = [];
  for (const row of rows) (Number(row.matched) === 1 ? matched : unmatched).push(row.namespace);
  return { matched, unmatched };
}

/**
 * Each top field's most frequent values (top 50) under the query without the field's own filter.
 * `covering` is the access path for filtered counts; `aggregateOf` names the aggregate that
 * answers a field's counts under the filters, if one does.
 */
async function topFacets<Q extends ListQuery>(
  trx: ReadTrx,
  spec: InventoryListSpec<Q>,
  query: Q,
  where: (query: Q) => RawBuilder<unknown>,
  access: {
    covering: RawBuilder<unknown>;
    /** `from … where …` of the images matching filters (default: the list table's). */
    images?: (filters: Q, path: RawBuilder<unknown>) => RawBuilder<unknown>;
    aggregateOf?: (field: string, filters: Q) => AggregateKind | undefined;
    aggregateWhere?: (filters: Q) => Promise<RawBuilder<unknown>>;
    /** The kept groups of one basic-image value that have the field, if they answer. */
    keptBase?: (field: string, filters: Q) => KeptGroups | undefined;
  } = { covering: sql`` },
): Promise<Record<string, FacetBucket[]>> {
  const facets: Record<string, FacetBucket[]> = {};
  const unfiltered = where({} as Q).compile(trx).sql;
  for (const field of spec.topFacetFields) {
    const column = sql.ref(field);
    const topQuery = without(query, OWN_FILTERS[field] ?? [field]);
    const topWhere = where(topQuery);
    const kind = access.aggregateOf?.(field, topQuery);
    const kept = kind === undefined ? access.keptBase?.(field, topQuery) : undefined;
    // Unfiltered, the planner walks the field's own sort index (covering, already grouped);
    // filtered, the facets index covers the enum filters where the field's index does not.
    const path = topWhere.compile(trx).sql === unfiltered ? sql`` : access.covering;
    const matching =
      access.images?.(topQuery, path) ?? sql`${sql.table(spec.table)} ${path} where ${topWhere}`;
    const rows = kept
      ? await sql<{ value: string; n: number }>`select ${column} as value, n from (
            select ${column}, sum(images) as n from ${kept.table} where ${await kept.where()}
            group by ${column}) kept
          order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx)
      : kind !== undefined
        ? await sql<{ value: string; n: number }>`select ${column} as value,
            sum(images) as n from ${sql.table(aggregateTable(spec, kind))}
            where ${(await access.aggregateWhere?.(topQuery)) ?? topWhere} and images <> 0
            group by ${column} order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx)
        : await sql<{ value: string; n: number }>`select ${column} as value,
            count(*) as n from ${matching}
            group by ${column} order by n desc, value asc limit ${TOP_FACET_LIMIT}`.execute(trx);
    facets[field] = bucketsOfRows(rows.rows);
  }
  return facets;
}

/**
 * The WHERE of an aggregate read: under namespace filters, the matching namespaces named
 * (namespacedWhere), sought through the aggregates' namespace indexes rather than a substring
 * tested on every group (1M, namespace 'a': the dimension groups 163 ms → see benchmarks.md).
 */
function aggregateWhere<Q extends ListQuery>(
  trx: InventoryDb,
  spec: ListSpec<Q>,
  account: string,
  filters: Q,
  where: (query: Q) => RawBuilder<unknown>,
): Promise<RawBuilder<unknown>> {
  return filtersNamespace(filters)
    ? namespacedWhere(trx, spec, account, filters, where)
    : Promise.resolve(where(filters));
}

/** The aggregates that have a top facet's field as a column, the fewer groups first. */
function topFacetAggregates(spec: ListSpec, field: string): AggregateKind[] {
  if (field === 'namespace') return ['namespaces', 'namespace_registries'];
  return field === spec.risk.registryField ? ['counts', 'namespace_registries'] : [];
}

// One read transaction per answer, so that every count comes from the same state of the
// inventory; cached under the filter alone (offset, limit and sort do not change facets).
export function listFacets<Q extends ListQuery>(
  spec: InventoryListSpec<Q>,
  db: InventoryDb,
  account: string,
  query: Q,
  read: ReadContext = {},
): Promise<FacetsAnswer> {
  const now = read.now ?? Date.now();
  const { columns } = read;
  const request = {
    list: spec.name,
    kind: 'facets',
    account,
    query: { ...withoutPaging(query), scan: read.scan },
  } as const;
  return (read.cache ?? NO_QUERY_CACHE).answer(
    db,
    request,
    (trx) =>
      computeFacets(trx, account, spec, query, (q) => listWhere(spec, account, q, now), {
        scan: read.scan === true,
        now,
        whereOn: (q, relation) => listWhere(spec, account, q, now, relation),
        columns: read.columns,
      }),
    read.signal,
    columns === undefined || read.scan === true
      ? undefined
      : (version) => columnFacetsAt(db, account, spec, query, { now, columns, version }),
  );
}
