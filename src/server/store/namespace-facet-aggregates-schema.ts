// Migration 0061: `<list>_risk_namespace_facets`, the images per namespace and per value of each
// facet dimension on its own (the marginals), kept in every transaction that writes a list table.
// Under a namespace filter alone (substring, picks, a scope's patterns) the risk summary and the
// facets need each dimension's counts only, never their combinations; 0054's groups by every
// dimension, namespace and registry name hold 74,350 rows at 1M (the 270 namespaces matching `a`:
// 32 ms of CPU for the summary's read, 37 ms for the facets' registry names), these about 40 a
// namespace. The vulnerability, malicious file and unsafe setting flags stay together as one
// value (`risk`, three '0'/'1' characters) because `risky` is their union; `scanned` is whether
// the image was ever scanned. SQLite keeps them per row (an update only for the dimensions that
// changed), PostgreSQL per statement from the transition tables.
import { sql, type Kysely } from 'kysely';
import { createTrigger } from './base-image-aggregates-schema';
import { dialectOf } from './dialect';

/** What a list table's facets are made of (migrations.ts RiskAggregateSpec). */
export interface NamespaceFacetList {
  table: string;
  typeColumn: string;
  registryColumn: string;
  extraColumns: readonly string[];
}

/** The facet holding the three risk flags (vulnerabilities, malicious files, unsafe settings). */
export const RISK_FLAGS_FACET = 'risk';
/** The facet holding whether the image was ever scanned ('1') or not ('0'). */
export const SCANNED_FACET = 'scanned';

export const namespaceFacetTable = (table: string) => `${table}_risk_namespace_facets`;

/** Count columns kept as '1' (non-zero) or '0'. */
const FLAG_COLUMNS = new Set(['latest_version', 'is_multiple_arch']);

const flag = (expression: string) => `(case when ${expression} then '1' else '0' end)`;

/** Each facet of a row `r` as [facet, value expression]: the values are text. */
export function facetValues(list: NamespaceFacetList, r: string): Array<[string, string]> {
  const own = (column: string): [string, string] => [
    column,
    FLAG_COLUMNS.has(column) ? flag(`${r}.${column} > 0`) : `${r}.${column}`,
  ];
  return [
    own('severity_level'),
    own('scan_status'),
    own(list.typeColumn),
    ...list.extraColumns.map(own),
    own('latest_version'),
    [
      RISK_FLAGS_FACET,
      ['vul_num', 'malicious_file_num', 'unsafe_setting_num']
        .map((column) => flag(`${r}.${column} > 0`))
        .join(' || '),
    ],
    [SCANNED_FACET, flag(`${r}.latest_scan_time is not null`)],
    own(list.registryColumn),
  ];
}

/** The columns that key the counts between the account and the facet (0061: the namespace). */
const NAMESPACE_KEYS: readonly string[] = ['namespace'];

const UPSERT = (aggregate: string, keys: readonly string[] = NAMESPACE_KEYS) =>
  `on conflict (account, ${keys.join(', ')}, facet, value)
    do update set images = ${aggregate}.images + excluded.images;`;

/** SQLite: adds `delta` images under the facets of the row (`new`/`old`), in one statement. */
export function addRow(
  list: NamespaceFacetList,
  aggregate: string,
  row: 'new' | 'old',
  delta: 1 | -1,
  facets: Array<[string, string]> = facetValues(list, row),
  keys: readonly string[] = NAMESPACE_KEYS,
): string {
  const keyValues = keys.map((key) => `${row}.${key}`).join(', ');
  const values = facets.map(
    ([facet, value]) => `(${row}.account, ${keyValues}, '${facet}', ${value}, ${delta})`,
  );
  return `insert into ${aggregate} (account, ${keys.join(', ')}, facet, value, images)
    values ${values.join(', ')} ${UPSERT(aggregate, keys)}`;
}

/** PostgreSQL: adds each transition table's rows (`+1` inserted, `-1` removed) in one statement. */
export function addTransitions(
  list: NamespaceFacetList,
  aggregate: string,
  sources: ReadonlyArray<readonly [string, 1 | -1]>,
  { keys = NAMESPACE_KEYS, facets: kept = facetValues(list, 'r') }: KeptFacetsLayout = {},
): string {
  const facets = kept.map(([facet, value]) => `('${facet}', ${value})`).join(', ');
  const keyColumns = keys.join(', ');
  const rowKeys = keys.map((key) => `r.${key}`).join(', ');
  const rows = sources
    .map(
      ([table, delta]) => `select r.account, ${rowKeys}, f.facet, f.value, ${delta} as delta
        from ${table} r cross join lateral (values ${facets}) f(facet, value)`,
    )
    .join(' union all ');
  return `insert into ${aggregate} (account, ${keyColumns}, facet, value, images)
    select account, ${keyColumns}, facet, value, sum(delta) from (${rows}) g
    group by account, ${keyColumns}, facet, value having sum(delta) <> 0 ${UPSERT(aggregate, keys)}`;
}

/** The statement-level events: each one's transition tables, with the sign of their rows. */
const TRANSITION_EVENTS = [
  ['insert', [['inserted', 1]], 'new table as inserted'],
  ['delete', [['removed', -1]], 'old table as removed'],
  [
    'update',
    [
      ['removed', -1],
      ['inserted', 1],
    ],
    'old table as removed new table as inserted',
  ],
] as const;

/** PostgreSQL: keeps `aggregate` by one statement-level trigger per event on the list table. */
export async function createTransitionTriggers(
  db: Kysely<unknown>,
  list: NamespaceFacetList,
  aggregate: string,
  layout?: KeptFacetsLayout,
): Promise<void> {
  for (const [event, sources, transitions] of TRANSITION_EVENTS)
    await createTrigger(
      db,
      `${aggregate}_${event}`,
      { event, table: list.table },
      addTransitions(list, aggregate, sources, layout),
      `referencing ${transitions}`,
    );
}

/** Other kept facets than 0061's: the key columns and the facets of a row `r`. */
export interface KeptFacetsLayout {
  keys?: readonly string[];
  facets?: Array<[string, string]>;
}

/** Creates the list's namespace facets, fills them from the table and keeps them by triggers. */
export async function createNamespaceFacetAggregate(
  db: Kysely<unknown>,
  list: NamespaceFacetList,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const aggregate = namespaceFacetTable(list.table);
  const text = postgres ? 'text collate "C"' : 'text';
  // The key is the read order (namespace, facet, value): the images are in the key's b-tree on
  // SQLite (no rowid), so that a namespace's facets are one range with no table lookup.
  await sql
    .raw(
      `create table ${aggregate} (account ${text} not null, namespace ${text} not null,
        facet ${text} not null, value ${text} not null, images bigint not null,
        constraint ${aggregate}_pk primary key (account, namespace, facet, value))${
          postgres ? '' : ' without rowid'
        }`,
    )
    .execute(db);
  const fill = facetValues(list, 'r')
    .map(
      ([facet, value]) => `select r.account as account, r.namespace as namespace,
        '${facet}' as facet, ${value} as value from ${list.table} r`,
    )
    .join(' union all ');
  await sql
    .raw(
      `insert into ${aggregate} (account, namespace, facet, value, images)
      select account, namespace, facet, value, count(*) from (${fill}) g
      group by account, namespace, facet, value`,
    )
    .execute(db);
  if (postgres) {
    await createTransitionTriggers(db, list, aggregate);
    return;
  }
  await createTrigger(
    db,
    `${aggregate}_insert`,
    { event: 'insert', table: list.table },
    addRow(list, aggregate, 'new', 1),
  );
  await createTrigger(
    db,
    `${aggregate}_delete`,
    { event: 'delete', table: list.table },
    addRow(list, aggregate, 'old', -1),
  );
  // Per facet, only when the row's value of that facet changes (a sync rewrites every row it
  // sees; a rescan changes a few dimensions).
  const before = facetValues(list, 'old');
  for (const [i, [facet, after]] of facetValues(list, 'new').entries()) {
    const [, previous] = before[i] ?? [facet, after];
    await createTrigger(
      db,
      `${aggregate}_update_${facet}`,
      {
        event: 'update',
        table: list.table,
        when: `old.account is not new.account or old.namespace is not new.namespace
          or ${previous} is not ${after}`,
      },
      addRow(list, aggregate, 'old', -1, [[facet, previous]]) +
        addRow(list, aggregate, 'new', 1, [[facet, after]]),
    );
  }
}
