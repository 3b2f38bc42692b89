// Migration 0064: `<list>_risk_base_groups`, the images per group of the list's facet dimensions
// with the registry name (0035's `counts` groups), per value of their bases, kept in every
// transaction that writes a list table or a digest's bases (issues 22, 25). The facets under one
// basic-image filter read these groups instead of walking 0055's rows of the filter's images
// joined to their image rows (1M: 268,000 rows under Debian, 459,000 under end of life, once per
// facet part).
//
// A digest's values are those of its present bases by facet, named as 0055's rows: `os`,
// `os_version`, `layer`, and `eol` with the earliest known end-of-life date of its bases as the
// value, so that the clock is applied at read time (past its end: the value before today). Each
// image counts once per value (`cross_facet` ''), and once per value and each OS or OS version of
// its bases (`cross_facet` 'os' / 'os_version', `cross_value`): the basic-image facets under one
// base filter (the OS versions of the images on Debian). An image row moves its contributions
// when written (only when its dimensions or digest change); a base of a digest that appears,
// disappears or gets another end-of-life date moves the digest's images by the difference between
// the digest's values before and after. Row triggers on both dialects.
//
// Migration 0067 rebuilt the groups (dropBaseGroupAggregate, then createBaseGroupAggregate again
// over a new table; 0064's call still builds 0064's text, which must not change): (1) CI/CD's
// groups no longer have the pipeline name (`cicd_name`, the list's registry field): its facets
// have no top of it, and its 230 pipelines times the bases' layers made about one group per image
// (1M file: 634,707 rows for 100,000 images; 56,000 without it); a pipeline-name filter under a
// base filter walks the base's images instead. (2) The table is keyed in the read order (account,
// facet, cross_facet, value, cross_value, group_key), without rowid on SQLite, and has no other
// index: 0064's covering `by_value` index was rewritten by every count that moved (`images` was
// in it), about 40 % of the triggers' cost on a rescan. (3) An image row's triggers read its
// digest's tuples from `basic_image_base_tuples` (createBaseTuples), kept per digest by
// basic_image_bases' triggers, instead of evaluating them from the bases each time.
//
// Migration 0069 rebuilt 0066's groups per namespace the same way (no covering index, kept tuples:
// those without cross values), keyed (account, facet, value, namespace, registry field, severity,
// …): the namespace top under a value streams from the key grouped, as from 0066's index. And added CI/CD's groups with the pipeline name
// (`cicd_images_risk_pipeline_base_groups`, 0064's CI/CD groups in 0067's form), read only under
// a pipeline-name filter beside a base filter, which otherwise walked the base's images.
import { sql, type Kysely } from 'kysely';
import { createTrigger } from './base-image-aggregates-schema';
import { dialectOf } from './dialect';

/** A list table with basic images and its dimensions as [column, expression of a row `row`]. */
export interface BaseGroupList {
  table: string;
  dimensions: (row: string) => Array<[string, string]>;
  /** The kept table (default 0064's `<list>_risk_base_groups`); its triggers are named after it. */
  aggregate?: string;
  /** The facets counted per other value (default CROSS_FACETS; none: the values alone). */
  crossFacets?: readonly string[];
  /** Whether an image row's triggers read its digest's tuples from BASE_TUPLES_TABLE (0067). */
  keptTuples?: boolean;
  /** The table's key columns, the upserts' conflict target (default: with the group key). */
  key?: readonly string[];
}

/** 0067: each digest's tuples (tuplesOf its present bases), kept by basic_image_bases' triggers. */
export const BASE_TUPLES_TABLE = 'basic_image_base_tuples';

export const baseGroupTable = (table: string) => `${table}_risk_base_groups`;

/** The facets whose values are counted per other value (`cross_facet`): the basic-image facets. */
export const CROSS_FACETS = ['os', 'os_version'] as const;

const aggregateOf = (list: BaseGroupList) => list.aggregate ?? baseGroupTable(list.table);

const BASE_COLUMNS = 'account, image_digest, os_name, os_version, layer_digest, eol_date';

/**
 * The distinct (facet, value) pairs of each digest of the base rows `bases` (columns
 * BASE_COLUMNS): every value of each base, and the earliest end-of-life date.
 */
function valuesOf(bases: string): string {
  const facet = (name: string, column: string) =>
    `select account, image_digest, '${name}' as facet, ${column} as value from ${bases} b`;
  return `(${facet('os', 'os_name')} union ${facet('os_version', 'os_version')}
    union ${facet('layer', 'layer_digest')}
    union select account, image_digest, 'eol', min(nullif(eol_date, '')) from ${bases} b
      group by account, image_digest having min(nullif(eol_date, '')) is not null)`;
}

/**
 * The rows each image of a digest of `bases` counts in: (facet, value, '', '') per value, and
 * (facet, value, cross facet, its value) per value and each OS / OS version of another facet.
 */
function tuplesOf(bases: string, list: Pick<BaseGroupList, 'crossFacets'> = {}): string {
  const own = `select v.account, v.image_digest, v.facet, v.value, '' as cross_facet,
      '' as cross_value from ${valuesOf(bases)} v`;
  if (list.crossFacets?.length === 0) return `(${own})`;
  const crossFacets = (list.crossFacets ?? CROSS_FACETS).map((facet) => `'${facet}'`).join(', ');
  return `(${own}
    union all
    select v.account, v.image_digest, v.facet, v.value, c.facet, c.value
    from ${valuesOf(bases)} v join ${valuesOf(bases)} c on c.account = v.account
      and c.image_digest = v.image_digest and c.facet in (${crossFacets}) and c.facet <> v.facet)`;
}

/** The changes of basic_image_bases that change a digest's values (0064's trigger conditions). */
const BASE_CHANGES = {
  insert: `new.kind = 'base' and new.positions > 0`,
  update: `(old.kind = 'base' or new.kind = 'base') and ((old.positions > 0) <> (new.positions > 0)
        or old.eol_date <> new.eol_date)`,
  delete: `old.kind = 'base' and old.positions > 0`,
};

/** The present bases of the digest of row `row` (as they are after the triggering change). */
const presentBases = (row: string, also = '') =>
  `(select ${BASE_COLUMNS} from basic_image_bases where account = ${row}.account
    and image_digest = ${row}.image_digest and kind = 'base' and positions > 0${also})`;

/** The tuples of the digest of image row `row`: kept (0067) or computed from its bases (0064). */
const imageTuples = (list: BaseGroupList, row: string) =>
  list.keptTuples
    ? `(select facet, value, cross_facet, cross_value from ${BASE_TUPLES_TABLE}
      where account = ${row}.account and image_digest = ${row}.image_digest${keptCrossFacets(list)})`
    : tuplesOf(presentBases(row), list);

/**
 * The kept tuples' condition for a list counted per other value of only some facets (0069: 0066's
 * groups, and 0068's per name, none): nothing for the default, so that 0067's trigger text stays as released.
 */
function keptCrossFacets(list: Pick<BaseGroupList, 'crossFacets'>): string {
  if (list.crossFacets === undefined) return '';
  if (list.crossFacets.length === 0) return ` and cross_facet = ''`;
  const wanted = ["''", ...list.crossFacets.map((facet) => `'${facet}'`)];
  return ` and cross_facet in (${wanted.join(', ')})`;
}

/** A row's group key from its dimension expressions: their text, character 31 between them. */
function groupKey(expressions: readonly string[], postgres: boolean): string {
  const separator = postgres ? 'chr(31)' : 'char(31)';
  return expressions
    .map((expression) => `coalesce(cast(${expression} as text), 'n')`)
    .join(` || ${separator} || `);
}

function upsert(list: BaseGroupList): string {
  const target = aggregateOf(list);
  const key = list.key?.join(', ') ?? 'account, group_key, facet, value, cross_facet, cross_value';
  return `on conflict (${key})
    do update set images = ${target}.images + excluded.images;`;
}

function columnsOf(list: BaseGroupList): string {
  const dims = list.dimensions('r').map(([column]) => column);
  return `account, group_key, ${dims.join(', ')}, facet, value, cross_facet, cross_value, images`;
}

/** Image row `row` (`new`/`old`) counted `sign` times in the rows of its digest's values. */
function imageContributions(list: BaseGroupList, row: string, sign: number, postgres: boolean) {
  const expressions = list.dimensions(row).map(([, expression]) => expression);
  return `
    insert into ${aggregateOf(list)} (${columnsOf(list)})
    select ${row}.account, ${groupKey(expressions, postgres)}, ${expressions.join(', ')},
      t.facet, t.value, t.cross_facet, t.cross_value, ${sign}
    from ${imageTuples(list, row)} t where ${row}.image_digest <> ''
    ${upsert(list)}`;
}

/**
 * Image row moved to other groups on the same digest (a rescan's new severity or counts): old
 * row's groups -1 and new row's +1 over the digest's tuples computed once (computed for each, a
 * 2,000-image rescan cost +63 % of CPU, alternated in one process).
 */
function imageRegrouped(list: BaseGroupList, postgres: boolean) {
  const dimensions = list.dimensions('');
  const row = (alias: 'old' | 'new', sign: number) =>
    `select ${list
      .dimensions(alias)
      .map(([column, expression]) => `${expression} as ${column}`)
      .join(', ')}, ${sign} as delta`;
  const columns = dimensions.map(([column]) => `r.${column}`);
  return `
    insert into ${aggregateOf(list)} (${columnsOf(list)})
    select new.account, ${groupKey(columns, postgres)}, ${columns.join(', ')},
      t.facet, t.value, t.cross_facet, t.cross_value, sum(r.delta)
    from ${imageTuples(list, 'new')} t, (${row('old', -1)} union all ${row('new', 1)}) r
    where new.image_digest <> ''
    group by ${columns.join(', ')}, t.facet, t.value, t.cross_facet, t.cross_value
    ${upsert(list)}`;
}

/**
 * A base row of a digest changed (`event`): the digest's images move by the difference between
 * the rows its values gave before (the present bases but the changed one, and the old row when it
 * was present) and after.
 */
function baseTransition(
  list: BaseGroupList,
  event: 'insert' | 'update' | 'delete',
  postgres: boolean,
): string {
  const row = event === 'delete' ? 'old' : 'new';
  const other = `and not (kind = ${row}.kind and os_name = ${row}.os_name
    and os_version = ${row}.os_version and layer_digest = ${row}.layer_digest)`;
  const oldRow = `select old.account, old.image_digest, old.os_name, old.os_version,
    old.layer_digest, old.eol_date where old.kind = 'base' and old.positions > 0`;
  const before =
    event === 'insert'
      ? presentBases(row, ` ${other}`)
      : `(select ${BASE_COLUMNS} from ${presentBases(row, ` ${other}`)} p union all ${oldRow})`;
  const dimensions = list.dimensions('t');
  const columns = dimensions.map(([column]) => `i.${column}`);
  return `
    insert into ${aggregateOf(list)} (${columnsOf(list)})
    select ${row}.account, ${groupKey(columns, postgres)}, ${columns.join(', ')},
      d.facet, d.value, d.cross_facet, d.cross_value, d.delta * count(*)
    from (select ${dimensions.map(([column, expression]) => `${expression} as ${column}`).join(', ')}
      from ${list.table} t where t.account = ${row}.account
        and t.image_digest = ${row}.image_digest) i,
      (select facet, value, cross_facet, cross_value, sum(delta) as delta from (
        select facet, value, cross_facet, cross_value, 1 as delta from ${tuplesOf(presentBases(row), list)} a
        union all
        select facet, value, cross_facet, cross_value, -1 from ${tuplesOf(before, list)} b) u
       group by facet, value, cross_facet, cross_value having sum(delta) <> 0) d
    group by ${columns.join(', ')}, d.facet, d.value, d.cross_facet, d.cross_value, d.delta
    ${upsert(list)}`;
}

/** The events of the triggers createBaseGroupAggregate creates, `${table}_${event}` each. */
const TRIGGER_EVENTS = [
  'image_insert',
  'image_delete',
  'image_update',
  'image_regroup',
  'base_insert',
  'base_update',
  'base_delete',
] as const;

/**
 * Drops the groups `aggregate` of list table `table` (default 0064's): its triggers (PostgreSQL:
 * and functions), its table.
 */
export async function dropBaseGroupAggregate(
  db: Kysely<unknown>,
  table: string,
  aggregate = baseGroupTable(table),
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const event of TRIGGER_EVENTS) {
    const name = `${aggregate}_${event}`;
    const on = event.startsWith('image_') ? table : 'basic_image_bases';
    if (postgres) {
      await sql.raw(`drop trigger ${name} on ${on}`).execute(db);
      await sql.raw(`drop function ${name}()`).execute(db);
    } else await sql.raw(`drop trigger ${name}`).execute(db);
  }
  await sql.raw(`drop table ${aggregate}`).execute(db);
}

/**
 * 0067: creates BASE_TUPLES_TABLE, filled from basic_image_bases, and the triggers that keep it: a
 * base of a digest that appears, disappears or gets another end-of-life date replaces the
 * digest's tuples. An image row's group triggers then read one range instead of evaluating the
 * digest's values three times from its bases (twelve subqueries and two unions).
 */
export async function createBaseTuples(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const text = postgres ? 'text collate "C"' : 'text';
  const columns = ['account', 'image_digest', 'facet', 'value', 'cross_facet', 'cross_value'];
  await sql
    .raw(
      `create table ${BASE_TUPLES_TABLE} (${columns.map((c) => `${c} ${text} not null`).join(', ')},
        constraint ${BASE_TUPLES_TABLE}_pk primary key (${columns.join(', ')}))${
          postgres ? '' : ' without rowid'
        }`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into ${BASE_TUPLES_TABLE} (${columns.join(', ')})
      select ${columns.join(', ')} from ${tuplesOf(
        `(select ${BASE_COLUMNS} from basic_image_bases where kind = 'base' and positions > 0)`,
      )} t`,
    )
    .execute(db);
  const replaced = (row: string) => `
    delete from ${BASE_TUPLES_TABLE} where account = ${row}.account
      and image_digest = ${row}.image_digest;
    insert into ${BASE_TUPLES_TABLE} (${columns.join(', ')})
    select ${columns.join(', ')} from ${tuplesOf(presentBases(row))} t;`;
  await createTrigger(
    db,
    `${BASE_TUPLES_TABLE}_base_insert`,
    { event: 'insert', table: 'basic_image_bases', when: BASE_CHANGES.insert },
    replaced('new'),
  );
  await createTrigger(
    db,
    `${BASE_TUPLES_TABLE}_base_update`,
    { event: 'update', table: 'basic_image_bases', when: BASE_CHANGES.update },
    replaced('new'),
  );
  await createTrigger(
    db,
    `${BASE_TUPLES_TABLE}_base_delete`,
    { event: 'delete', table: 'basic_image_bases', when: BASE_CHANGES.delete },
    replaced('old'),
  );
}

/** Fills the groups (table created empty) from the tables as they are, then creates the triggers. */
export async function createBaseGroupAggregate(
  db: Kysely<unknown>,
  list: BaseGroupList,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const dimensions = list.dimensions('r');
  const columns = dimensions.map(([column]) => `i.${column}`);
  await sql
    .raw(
      `insert into ${aggregateOf(list)} (${columnsOf(list)})
      select i.account, ${groupKey(columns, postgres)}, ${columns.join(', ')},
        t.facet, t.value, t.cross_facet, t.cross_value, count(*)
      from (select r.account, r.image_digest,
          ${dimensions.map(([column, expression]) => `${expression} as ${column}`).join(', ')}
        from ${list.table} r where r.image_digest <> '') i
      join ${tuplesOf(
        `(select ${BASE_COLUMNS} from basic_image_bases where kind = 'base' and positions > 0)`,
        list,
      )} t on t.account = i.account and t.image_digest = i.image_digest
      group by i.account, ${columns.join(', ')}, t.facet, t.value, t.cross_facet, t.cross_value`,
    )
    .execute(db);
  const name = (event: string) => `${aggregateOf(list)}_${event}`;
  const digestMoved = [
    'old.account is distinct from new.account',
    'old.image_digest is distinct from new.image_digest',
  ].join(' or ');
  const regrouped = `${groupKey(
    list.dimensions('old').map(([, expression]) => expression),
    postgres,
  )} is distinct from ${groupKey(
    list.dimensions('new').map(([, expression]) => expression),
    postgres,
  )}`;
  await createTrigger(
    db,
    name('image_insert'),
    { event: 'insert', table: list.table },
    imageContributions(list, 'new', 1, postgres),
  );
  await createTrigger(
    db,
    name('image_delete'),
    { event: 'delete', table: list.table },
    imageContributions(list, 'old', -1, postgres),
  );
  await createTrigger(
    db,
    name('image_update'),
    { event: 'update', table: list.table, when: digestMoved },
    imageContributions(list, 'old', -1, postgres) + imageContributions(list, 'new', 1, postgres),
  );
  await createTrigger(
    db,
    name('image_regroup'),
    { event: 'update', table: list.table, when: `not (${digestMoved}) and ${regrouped}` },
    imageRegrouped(list, postgres),
  );
  for (const event of ['insert', 'update', 'delete'] as const)
    await createTrigger(
      db,
      name(`base_${event}`),
      { event, table: 'basic_image_bases', when: BASE_CHANGES[event] },
      baseTransition(list, event, postgres),
    );
}
