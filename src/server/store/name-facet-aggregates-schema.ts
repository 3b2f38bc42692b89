// Migration 0068: the images per image name and severity, kept in every transaction that writes a
// list table (issue 25). Under an image-name filter (a substring), with or without a severity
// filter, the facets sum the counts of the matching names instead of reading the matching rows
// (1M, `nginx`: 24,460 rows, 133-252 ms of CPU; the account has 86 names). Two tables:
// `<list>_risk_name_facets`, each dimension's counts on its own (0061's facets, plus the
// namespace for the namespace top) per name and severity; `<list>_risk_name_base_groups`, 0067's
// base values per name and severity (the basic-image facets), without the cross values.
import { sql, type Kysely } from 'kysely';
import { createTrigger } from './base-image-aggregates-schema';
import { dialectOf } from './dialect';
import {
  addRow,
  createTransitionTriggers,
  facetValues,
  type NamespaceFacetList,
} from './namespace-facet-aggregates-schema';

export const nameFacetTable = (table: string) => `${table}_risk_name_facets`;
export const nameBaseGroupTable = (table: string) => `${table}_risk_name_base_groups`;

/** The columns that key both tables' counts beside the account. */
export const NAME_FACET_KEYS = ['image_name', 'severity_level'] as const;

/** The facet of the namespace (its top), beside 0061's. */
export const NAMESPACE_FACET = 'namespace';

/** The kept facets of a row `r`: 0061's and the namespace. */
const nameFacetValues = (list: NamespaceFacetList, r: string): Array<[string, string]> => [
  ...facetValues(list, r),
  [NAMESPACE_FACET, `${r}.namespace`],
];

/** Creates `<list>_risk_name_facets`, fills it from the table and keeps it by triggers. */
export async function createNameFacetAggregate(
  db: Kysely<unknown>,
  list: NamespaceFacetList,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const aggregate = nameFacetTable(list.table);
  const text = postgres ? 'text collate "C"' : 'text';
  const keys = [...NAME_FACET_KEYS];
  // Keyed in the read order: the matching names' ranges, with no table lookup on SQLite.
  await sql
    .raw(
      `create table ${aggregate} (account ${text} not null,
        ${keys.map((key) => `${key} ${text} not null`).join(', ')},
        facet ${text} not null, value ${text} not null, images bigint not null,
        constraint ${aggregate}_pk primary key (account, ${keys.join(', ')}, facet, value))${
          postgres ? '' : ' without rowid'
        }`,
    )
    .execute(db);
  const fill = nameFacetValues(list, 'r')
    .map(
      ([facet, value]) => `select r.account as account,
        ${keys.map((key) => `r.${key} as ${key}`).join(', ')},
        '${facet}' as facet, ${value} as value from ${list.table} r`,
    )
    .join(' union all ');
  await sql
    .raw(
      `insert into ${aggregate} (account, ${keys.join(', ')}, facet, value, images)
      select account, ${keys.join(', ')}, facet, value, count(*) from (${fill}) g
      group by account, ${keys.join(', ')}, facet, value`,
    )
    .execute(db);
  if (postgres) {
    await createTransitionTriggers(db, list, aggregate, {
      keys,
      facets: nameFacetValues(list, 'r'),
    });
    return;
  }
  const all = (row: 'new' | 'old', delta: 1 | -1) =>
    addRow(list, aggregate, row, delta, nameFacetValues(list, row), keys);
  await createTrigger(
    db,
    `${aggregate}_insert`,
    { event: 'insert', table: list.table },
    all('new', 1),
  );
  await createTrigger(
    db,
    `${aggregate}_delete`,
    { event: 'delete', table: list.table },
    all('old', -1),
  );
  // A new severity (a rescan) or name moves every facet of the row: two statements, not one
  // trigger a facet.
  const keysKept = ['account', ...keys].map((key) => `old.${key} is new.${key}`).join(' and ');
  await createTrigger(
    db,
    `${aggregate}_update_keys`,
    { event: 'update', table: list.table, when: `not (${keysKept})` },
    all('old', -1) + all('new', 1),
  );
  // Per facet, only when the keys stay and the row's value of that facet changes.
  const before = nameFacetValues(list, 'old');
  for (const [i, [facet, after]] of nameFacetValues(list, 'new').entries()) {
    const [, previous] = before[i] ?? [facet, after];
    if (keys.some((key) => key === facet)) continue;
    await createTrigger(
      db,
      `${aggregate}_update_${facet}`,
      { event: 'update', table: list.table, when: `${keysKept} and ${previous} is not ${after}` },
      addRow(list, aggregate, 'old', -1, [[facet, previous]], keys) +
        addRow(list, aggregate, 'new', 1, [[facet, after]], keys),
    );
  }
}
