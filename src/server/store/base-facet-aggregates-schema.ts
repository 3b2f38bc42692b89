// Migration 0049's triggers: the basic-image facets (lists/facets.ts: `basic_image_os`,
// `basic_image_os_version`) kept in every transaction that writes a list table or a digest's bases
// (issue 25), instead of a join of basic_images with every image at read time (310 ms at 1M).
//
// `<list>_risk_bases` holds, per group of the list's facet dimensions (the columns of 0035's
// `*_risk_counts` without the registry name: the list's own, so its WHERE selects the groups),
// per facet and value, the images whose digest has at least one basic image of that value (an
// image on two bases of the same OS counts once under it, as the facet's `count(distinct …)`).
// An image row moves its groups when it is written (SQLite per row, and only when its dimensions
// or digest change; PostgreSQL per statement from the transition tables); a digest's base moves
// the digest's images when it appears or disappears (basic_image_bases, per row on both) and no
// other base of the digest has the same value.
import { sql, type Kysely } from 'kysely';
import { createTrigger } from './base-image-aggregates-schema';
import { dialectOf } from './dialect';

/** A list table's dimensions as [column, expression of the row `row`] (0035's, for 'bases'). */
export interface BaseFacetList {
  table: string;
  /** The table's key column (one image), to count an image once per value. */
  key: string;
  dimensions: (row: string) => Array<[string, string]>;
  /**
   * The aggregate (default `<table>_risk_bases`, 0049); another (0056's per namespace) names its
   * triggers after itself.
   */
  aggregate?: string;
}

/** The facets kept, with the basic_image_bases column each counts. */
const FACETS = [
  ['basic_image_os', 'os_name'],
  ['basic_image_os_version', 'os_version'],
] as const;

export const baseFacetTable = (table: string) => `${table}_risk_bases`;
const aggregateOf = (list: BaseFacetList) => list.aggregate ?? baseFacetTable(list.table);

/** A group's key: its dimensions' values as text, one character 31 between them. */
function groupKey(columns: readonly string[], alias: string, postgres: boolean): string {
  const separator = postgres ? 'chr(31)' : 'char(31)';
  return columns
    .map((column) => `coalesce(cast(${alias}.${column} as text), 'n')`)
    .join(` || ${separator} || `);
}

/** The digest's bases that count (as the facets' join had them: kind 'base', present). */
const presentBase = (b: string) => `${b}.kind = 'base' and ${b}.positions > 0`;

/**
 * Adds `sign` times the contributions of the image relation `images` (columns: account, k,
 * image_digest, then the dimensions) to the list's facet groups.
 */
function imageContributions(
  list: BaseFacetList,
  images: string,
  sign: string,
  postgres: boolean,
  facets: ReadonlyArray<(typeof FACETS)[number]> = FACETS,
): string {
  const target = aggregateOf(list);
  const columns = list.dimensions('r').map(([column]) => column);
  const dims = columns.map((column) => `i.${column}`).join(', ');
  return facets
    .map(
      ([facet, baseColumn]) => `
    insert into ${target} (account, group_key, ${columns.join(', ')}, facet, value, images)
    select i.account, ${groupKey(columns, 'i', postgres)}, ${dims}, '${facet}', i.value,
      ${sign} * count(*)
    from (select distinct i.account, i.k, ${dims}, b.${baseColumn} as value
      from ${images} i join basic_image_bases b on b.account = i.account
        and b.image_digest = i.image_digest and ${presentBase('b')}) i
    group by i.account, ${dims}, i.value
    on conflict (account, group_key, facet, value)
    do update set images = ${target}.images + excluded.images;`,
    )
    .join('');
}

/** The image relation of a row (`new`/`old`, SQLite) or of a transition table (PostgreSQL). */
function imageRelation(list: BaseFacetList, source: string, isRow: boolean): string {
  const row = isRow ? source : 'r';
  const columns = [
    `${row}.account as account`,
    `${row}.${list.key} as k`,
    `${row}.image_digest as image_digest`,
    ...list.dimensions(row).map(([column, expression]) => `${expression} as ${column}`),
  ].join(', ');
  return isRow ? `(select ${columns})` : `(select ${columns} from ${source} r)`;
}

/**
 * A base of a digest (row `new` of basic_image_bases) appeared or disappeared: for each facet
 * whose value no other present base of the digest has, the digest's images join or leave it.
 */
function baseTransition(list: BaseFacetList, postgres: boolean): string {
  const sign = '(case when new.positions > 0 then 1 else -1 end)';
  const target = aggregateOf(list);
  const dimensions = list.dimensions('t');
  const columns = dimensions.map(([column]) => column);
  const dims = columns.map((column) => `i.${column}`).join(', ');
  return FACETS.map(
    ([facet, baseColumn]) => `
    insert into ${target} (account, group_key, ${columns.join(', ')}, facet, value, images)
    select new.account, ${groupKey(columns, 'i', postgres)}, ${dims}, '${facet}', new.${baseColumn},
      ${sign} * count(*)
    from (select ${dimensions.map(([column, expression]) => `${expression} as ${column}`).join(', ')}
      from ${list.table} t where t.account = new.account and t.image_digest = new.image_digest) i
    where new.kind = 'base' and not exists (select 1 from basic_image_bases o
      where o.account = new.account and o.image_digest = new.image_digest and ${presentBase('o')}
        and o.${baseColumn} = new.${baseColumn}
        and not (o.os_name = new.os_name and o.os_version = new.os_version
          and o.layer_digest = new.layer_digest))
    group by ${dims}
    on conflict (account, group_key, facet, value)
    do update set images = ${target}.images + excluded.images;`,
  ).join('');
}

/**
 * Fills `<list>_risk_bases` (created empty by the migration) from the list and basic_image_bases
 * as they are, then creates the triggers that keep it.
 */
export async function createBaseFacetAggregates(
  db: Kysely<unknown>,
  list: BaseFacetList,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const facet of FACETS)
    await sql
      .raw(imageContributions(list, imageRelation(list, list.table, false), '1', postgres, [facet]))
      .execute(db);
  // PostgreSQL per statement from the transition tables; SQLite per row, an update only when the
  // row moves to other groups (a sync rewrites every row it sees).
  const added = postgres
    ? imageRelation(list, 'inserted', false)
    : imageRelation(list, 'new', true);
  const removed = postgres
    ? imageRelation(list, 'removed', false)
    : imageRelation(list, 'old', true);
  const add = (rows: string, sign: string) => imageContributions(list, rows, sign, postgres);
  const moved = [
    'old.account is not new.account',
    'old.image_digest is not new.image_digest',
    `${groupKeyOfRow(list, 'old')} is not ${groupKeyOfRow(list, 'new')}`,
  ].join(' or ');
  const events = [
    { event: 'insert', body: add(added, '1'), transitions: 'new table as inserted' },
    { event: 'delete', body: add(removed, '-1'), transitions: 'old table as removed' },
    {
      event: 'update',
      body: add(removed, '-1') + add(added, '1'),
      transitions: 'old table as removed new table as inserted',
      when: moved,
    },
  ] as const;
  // 0049's triggers are named after the list, later aggregates' after themselves.
  const baseTrigger = (change: string) =>
    list.aggregate === undefined
      ? `basic_image_bases_facets_${change}_${list.table}`
      : `${list.aggregate}_${change}`;
  for (const { event, body, transitions, ...rest } of events)
    await createTrigger(
      db,
      list.aggregate === undefined ? `${list.table}_bases_${event}` : `${list.aggregate}_${event}`,
      {
        event,
        table: list.table,
        ...('when' in rest && !postgres ? { when: rest.when } : {}),
      },
      body,
      postgres ? `referencing ${transitions}` : undefined,
    );
  const body = baseTransition(list, postgres);
  await createTrigger(
    db,
    baseTrigger('appear'),
    { event: 'insert', table: 'basic_image_bases', when: 'new.positions > 0' },
    body,
  );
  await createTrigger(
    db,
    baseTrigger('move'),
    {
      event: 'update',
      table: 'basic_image_bases',
      when: '(old.positions > 0) <> (new.positions > 0)',
    },
    body,
  );
}

/** A row's group key from its dimension expressions (SQLite update triggers' condition). */
function groupKeyOfRow(list: BaseFacetList, row: string): string {
  return list
    .dimensions(row)
    .map(([, expression]) => `coalesce(cast(${expression} as text), 'n')`)
    .join(' || char(31) || ');
}
