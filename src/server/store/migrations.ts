// Versioned schema migrations, provided in code (no files to ship). Kysely's Migrator records
// what ran in kysely_migration; append new migrations, never edit a released one.
//
// One set for SQLite and PostgreSQL. Integers are declared `bigint` (epoch-ms times and sizes
// overflow PostgreSQL's 32-bit integer; SQLite gives `bigint` the same INTEGER affinity as
// `integer`), text columns compare bytewise on both (see textType), and what has no common
// spelling goes through dialect.ts.
import {
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type RawBuilder,
} from 'kysely';
import { cicdRecordKey, type CicdIdentity } from '../lists/cicd-record-key';
import { createBaseFacetAggregates } from './base-facet-aggregates-schema';
import {
  baseGroupTable,
  createBaseGroupAggregate,
  createBaseTuples,
  dropBaseGroupAggregate,
} from './base-group-aggregates-schema';
import { createBaseImageAggregates, createTrigger } from './base-image-aggregates-schema';
import { createByBaseTables } from './images-by-base-schema';
import { createNamespaceFacetAggregate } from './namespace-facet-aggregates-schema';
import {
  createNameFacetAggregate,
  NAME_FACET_KEYS,
  nameBaseGroupTable,
} from './name-facet-aggregates-schema';
import { dialectOf } from './dialect';

/**
 * Text compared and sorted by bytes, like SQLite's default BINARY collation, so that list
 * orders and lower() (ASCII only) are the same on PostgreSQL whatever the database's locale.
 */
function textType(db: Kysely<unknown>) {
  return dialectOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;
}

/** Names written one after another, separated by white space (column lists of indexes). */
function names(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** Creates `${table}_${suffix}` on the columns (as for `names`) of each entry, in order. */
async function createIndexes(db: Kysely<unknown>, table: string, indexes: Record<string, string>) {
  for (const [suffix, columns] of Object.entries(indexes)) {
    await db.schema.createIndex(`${table}_${suffix}`).on(table).columns(names(columns)).execute();
  }
}

/**
 * A sort index (0012, 0021): account, the sort expression, then the list's tie-break as it was
 * then (0022 appends record_key to cicd_images'). Spelled as it always was: SQLite keeps the text.
 */
async function createSortIndex(
  db: Kysely<unknown>,
  table: 'registry_images' | 'cicd_images',
  name: string,
  expression: RawBuilder<unknown>,
) {
  const tieBreak = table === 'registry_images' ? sql`length(id), id` : sql`image_id`;
  await sql`create index ${sql.ref(`${table}_sort_${name}`)} on ${sql.raw(table)}
          (account, ${expression}, ${tieBreak})`.execute(db);
}

type AnyTableBuilder = CreateTableBuilder<string, string>;

/** The kinds of column an `addColumns` spec names (after a colon; none: text, not null, ''). */
const COLUMN_KINDS: Record<
  string,
  { text: boolean; define: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder }
> = {
  '': { text: true, define: (c) => c.notNull().defaultTo('') },
  text: { text: true, define: (c) => c.notNull() },
  id: { text: true, define: (c) => c.primaryKey() },
  /** A JSON list. */
  list: { text: true, define: (c) => c.notNull().defaultTo('[]') },
  count: { text: false, define: (c) => c.notNull().defaultTo(0) },
  /** Nullable, as epoch ms are until known. */
  time: { text: false, define: (c) => c },
  /** Nullable text (JSON of something that may not be). */
  note: { text: true, define: (c) => c },
  stamp: { text: false, define: (c) => c.notNull() },
};

function columnKind(kindName: string, column: string) {
  const kind = COLUMN_KINDS[kindName];
  if (kind === undefined)
    throw new Error(`migrations: unknown column kind ${kindName} of ${column}`);
  return kind;
}

/** Adds the columns of `spec`, in order: `name` or `name:kind` (COLUMN_KINDS), space-separated. */
function addColumns(table: AnyTableBuilder, text: RawBuilder<unknown>, spec: string) {
  let built = table;
  for (const entry of names(spec)) {
    const [name = '', kindName = ''] = entry.split(':');
    const kind = COLUMN_KINDS[kindName];
    if (kind === undefined)
      throw new Error(`migrations: unknown column kind ${kindName} of ${name}`);
    built = built.addColumn(name, kind.text ? text : 'bigint', kind.define);
  }
  return built;
}

/** Adds the columns of `spec` (as for addColumns) to an existing table, one statement each. */
async function alterTableAddColumns(db: Kysely<unknown>, table: string, spec: string) {
  for (const entry of names(spec)) {
    const [name = '', kindName = ''] = entry.split(':');
    const kind = columnKind(kindName, name);
    await db.schema
      .alterTable(table)
      .addColumn(name, kind.text ? textType(db) : 'bigint', kind.define)
      .execute();
  }
}

/**
 * Creates `table` with the columns of `spec` (addColumns) and, when `primaryKey` names columns,
 * its primary key `${table}_pk`.
 */
async function createTable(db: Kysely<unknown>, table: string, spec: string, primaryKey?: string) {
  let built = addColumns(db.schema.createTable(table), textType(db), spec);
  if (primaryKey !== undefined)
    built = built.addPrimaryKeyConstraint(`${table}_pk`, names(primaryKey));
  await built.execute();
}

/** An identity primary key: PostgreSQL's identity column, SQLite's alias of the rowid. */
function identityColumn(db: Kysely<unknown>, name: string): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres'
    ? sql`${sql.raw(name)} bigint generated by default as identity primary key`
    : sql`${sql.raw(name)} integer primary key`;
}

/**
 * Creates `table` with an identity `id` first, then the `columns` written out (SQLite keeps the
 * statement's text as written: the schema snapshot compares it), given the dialect's text type.
 */
async function createIdentityTable(
  db: Kysely<unknown>,
  table: string,
  columns: (text: RawBuilder<unknown>) => RawBuilder<unknown>,
): Promise<void> {
  await sql`create table ${sql.raw(table)} (${identityColumn(db, 'id')}, ${columns(
    textType(db),
  )})`.execute(db);
}

/** The names of the columns of an `addColumns` spec. */
function columnNames(spec: string): string[] {
  return names(spec).map((entry) => entry.split(':')[0] ?? '');
}

// The image tables as 0001 created them (frozen: later migrations add to them in their own
// right). 0022 rebuilds cicd_images from the same list, with record_key after account.
const IMAGE_SCAN_COLUMNS_0001 = `latest_version:count scan_status scan_failed_desc
  scan_failed_code image_size:count latest_update_time:time latest_scan_time:time vul_num:count
  unsafe_setting_num:count malicious_file_num:count severity_level seen_at:stamp`;
const REGISTRY_IMAGES_0001 = `account:text id:text namespace image_name image_id image_digest
  image_version image_type registry_id registry_name registry_type latest_sync_time:time
  domain_name shared_status scannable:count is_multiple_arch:count instance_name instance_id
  instance_url association_images:list ${IMAGE_SCAN_COLUMNS_0001}`;
/** cicd_images' columns after its key (account, then image_id in 0001, record_key in 0022). */
const CICD_IMAGE_FIELDS_0001 = `cicd_name pipeline_type namespace image_name image_digest
  image_version registry_name image_type registry_type ${IMAGE_SCAN_COLUMNS_0001}`;

/** A list table's columns and their declared types, as the database has them now. */
async function declaredColumns(
  db: Kysely<unknown>,
  table: string,
): Promise<{ name: string; type: string }[]> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ name: string; type: string; collation: string | null }>`
      select column_name as name, data_type as type, collation_name as collation
      from information_schema.columns where table_name = ${table}
      and table_schema = current_schema() order by ordinal_position`.execute(db);
    return rows.map((row) => ({
      name: row.name,
      type: row.collation === null ? row.type : `${row.type} collate "${row.collation}"`,
    }));
  }
  const { rows } = await sql<{ name: string; type: string }>`select name, type
    from pragma_table_info(${table}) order by cid`.execute(db);
  return rows;
}

/** Migration 0023's table for one list (see there). */
async function createChangeTable(db: Kysely<unknown>, listTable: string): Promise<void> {
  const text = textType(db);
  const changes = `${listTable}_changes`;
  const changeId = identityColumn(db, 'change_id');
  const copied = (await declaredColumns(db, listTable)).map(
    (column) => sql`${sql.ref(column.name)} ${sql.raw(column.type)}`,
  );
  await sql`create table ${sql.table(changes)} (${changeId}, change_at bigint not null,
    event_type ${text} not null, change_before ${text}, change_after ${text},
    ${sql.join(copied)})`.execute(db);
  await createChangeOrderIndexes(db, changes);
}

/** Migration 0023's indexes of a change table (0051 builds them again on the narrow table). */
async function createChangeOrderIndexes(db: Kysely<unknown>, changes: string): Promise<void> {
  // The feed is read newest first, by account, with or without an event type or a time range.
  await sql`create index ${sql.ref(`${changes}_order`)} on ${sql.table(changes)}
    (account, change_id)`.execute(db);
  await sql`create index ${sql.ref(`${changes}_type`)} on ${sql.table(changes)}
    (account, event_type, change_id)`.execute(db);
  await sql`create index ${sql.ref(`${changes}_at`)} on ${sql.table(changes)}
    (change_at)`.execute(db);
}

/**
 * A count of a change table's events kept by triggers in every transaction that writes events:
 * what sets 0034's `change_event_counts` and 0063's `change_event_groups` apart. PostgreSQL
 * counts a statement's rows at once (transition tables); SQLite has row triggers only. The
 * statements' text is in every database migrated since: it stays as the migrations wrote it.
 */
interface KeptEventCount {
  /** The triggers' names: `${table}_${triggers}_insert`, `_delete`, `_update`. */
  triggers: string;
  /** PostgreSQL's functions' names: `${functions}_inserted_change_events`, `_removed_`, `_updated_`. */
  functions: string;
  /** SQLite: the statement adding the row `new` or `old` of `table` (delta 1) or taking it away (-1). */
  addRow(table: string, row: 'new' | 'old', delta: 1 | -1): RawBuilder<unknown>;
  /** SQLite: the update trigger's text from its columns to its `begin`. */
  updateOf(table: string): RawBuilder<unknown>;
  /** PostgreSQL: the statement adding a transition table's rows (sign '') or taking them away ('-'). */
  addTransition(from: string, sign: '' | '-'): string;
}

/** Migration 0034's counts per account and event type (the account '' where it is null). */
const EVENT_COUNTS: KeptEventCount = {
  triggers: 'counts',
  functions: 'count',
  addRow: (table, row, delta) =>
    sql`insert into change_event_counts (change_table, account, event_type, events)
      values (${sql.lit(table)}, coalesce(${sql.raw(row)}.account, ''),
        ${sql.raw(row)}.event_type, ${sql.lit(delta)})
      on conflict (change_table, account, event_type)
      do update set events = events + ${sql.lit(delta)};`,
  updateOf: (table) => sql`account,
    event_type on ${sql.table(table)} begin`,
  addTransition: (from, sign) => `insert into change_event_counts
      (change_table, account, event_type, events)
    select TG_TABLE_NAME, coalesce(account, ''), event_type, ${sign}count(*) from ${from}
    group by 2, 3
    on conflict (change_table, account, event_type)
    do update set events = change_event_counts.events + excluded.events;`,
};

/**
 * Migration 0063's counts per account, severity, namespace and type. Its key columns are the
 * event's own, NULL included (a unique index keeps NULLs apart, so an event without a namespace
 * adds a row of its own: the sums stay exact).
 */
const EVENT_GROUPS: KeptEventCount = {
  triggers: 'groups',
  functions: 'group',
  addRow: (table, row, delta) =>
    sql`insert into change_event_groups (change_table, account, severity_level, namespace,
        event_type, events)
      values (${sql.lit(table)}, ${sql.raw(row)}.account, ${sql.raw(row)}.severity_level,
        ${sql.raw(row)}.namespace, ${sql.raw(row)}.event_type, ${sql.lit(delta)})
      on conflict (change_table, account, severity_level, namespace, event_type)
      do update set events = events + ${sql.lit(delta)};`,
  updateOf: (table) => sql`account,
    severity_level, namespace, event_type on ${sql.table(table)}
    begin`,
  addTransition: (from, sign) => `insert into change_event_groups
      (change_table, account, severity_level, namespace, event_type, events)
    select TG_TABLE_NAME, account, severity_level, namespace, event_type, ${sign}count(*)
    from ${from} group by 2, 3, 4, 5
    on conflict (change_table, account, severity_level, namespace, event_type)
    do update set events = change_event_groups.events + excluded.events;`,
};

/** The triggers keeping `kept` equal to a count of `table`'s events. */
async function createKeptEventTriggers(
  db: Kysely<unknown>,
  table: string,
  kept: KeptEventCount,
): Promise<void> {
  const name = (event: string) => sql.ref(`${table}_${kept.triggers}_${event}`);
  if (dialectOf(db) === 'postgres') {
    const events = [
      [
        'insert',
        sql`referencing new table as inserted`,
        `${kept.functions}_inserted_change_events`,
      ],
      ['delete', sql`referencing old table as removed`, `${kept.functions}_removed_change_events`],
      [
        'update',
        sql`referencing old table as removed new table as inserted`,
        `${kept.functions}_updated_change_events`,
      ],
    ] as const;
    for (const [event, transition, fn] of events)
      await sql`create trigger ${name(event)}
        after ${sql.raw(event)} on ${sql.table(table)} ${transition}
        for each statement execute function ${sql.ref(fn)}()`.execute(db);
    return;
  }
  const add = (row: 'new' | 'old', delta: 1 | -1) => kept.addRow(table, row, delta);
  await sql`create trigger ${name('insert')} after insert
    on ${sql.table(table)} begin ${add('new', 1)} end`.execute(db);
  await sql`create trigger ${name('delete')} after delete
    on ${sql.table(table)} begin ${add('old', -1)} end`.execute(db);
  await sql`create trigger ${name('update')} after update of ${kept.updateOf(table)} ${add('old', -1)} ${add('new', 1)} end`.execute(
    db,
  );
}

/** PostgreSQL's trigger functions of createKeptEventTriggers (transition tables `inserted`, `removed`). */
async function createKeptEventFunctions(db: Kysely<unknown>, kept: KeptEventCount): Promise<void> {
  const add = kept.addTransition;
  const functions: Array<[string, string]> = [
    [`${kept.functions}_inserted_change_events`, add('inserted', '')],
    [`${kept.functions}_removed_change_events`, add('removed', '-')],
    [`${kept.functions}_updated_change_events`, `${add('removed', '-')} ${add('inserted', '')}`],
  ];
  for (const [name, body] of functions)
    await sql`create or replace function ${sql.ref(name)}() returns trigger language plpgsql
      as ${sql.lit(`begin ${body} return null; end`)}`.execute(db);
}

/** Keeps `change_event_counts` (migration 0034); 0063 replaced it by createEventGroupTriggers. */
export function createEventCountTriggers(db: Kysely<unknown>, table: string): Promise<void> {
  return createKeptEventTriggers(db, table, EVENT_COUNTS);
}

/**
 * Keeps `change_event_groups` (migration 0063) equal to a count of the change table's events per
 * account, severity, namespace and type. A list added later calls this on its own change table.
 */
export function createEventGroupTriggers(db: Kysely<unknown>, table: string): Promise<void> {
  return createKeptEventTriggers(db, table, EVENT_GROUPS);
}

/** PostgreSQL's statement trigger body of createEventNamespaceTriggers (transition table `inserted`). */
const KEEP_NAMESPACES_FROM_INSERTED = `insert into change_event_namespaces
    (change_table, account, namespace)
  select distinct TG_TABLE_NAME, account, namespace from inserted
  where account is not null and namespace is not null
  on conflict (change_table, account, namespace) do nothing;`;

/**
 * Keeps `change_event_namespaces` (migration 0053) holding every (account, namespace) of the
 * change table's events, in every transaction that writes events. PostgreSQL adds a statement's
 * rows at once (transition table); SQLite has row triggers only.
 */
export async function createEventNamespaceTriggers(
  db: Kysely<unknown>,
  table: string,
): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const event of ['insert', 'update'] as const)
      await sql`create trigger ${sql.ref(`${table}_namespaces_${event}`)}
        after ${sql.raw(event)} on ${sql.table(table)} referencing new table as inserted
        for each statement execute function keep_change_event_namespaces()`.execute(db);
    return;
  }
  const keep = sql`insert into change_event_namespaces (change_table, account, namespace)
      select ${sql.lit(table)}, new.account, new.namespace
      where new.account is not null and new.namespace is not null
      on conflict (change_table, account, namespace) do nothing;`;
  await sql`create trigger ${sql.ref(`${table}_namespaces_insert`)} after insert
    on ${sql.table(table)} begin ${keep} end`.execute(db);
  await sql`create trigger ${sql.ref(`${table}_namespaces_update`)} after update of account,
    namespace on ${sql.table(table)} begin ${keep} end`.execute(db);
}

/** A list table's risk aggregates (migration 0035): what sets them apart. */
export interface RiskAggregateSpec {
  table: string;
  /** The list's image type column (image_type, pipeline_type). */
  typeColumn: string;
  /** The list's registry name column (registry_name, cicd_name). */
  registryColumn: string;
  /** Its further facet dimensions (registry_type, is_multiple_arch), in the name aggregates. */
  extraColumns: readonly string[];
}

const DAY_MS_SQL = 86_400_000;

/**
 * The three aggregates of a list table: by the dimensions and the registry name, by the
 * dimensions and the namespace (both with `latest_scan_time` null / 0: never scanned or not), and
 * by the dimensions and the UTC day of the scan (`latest_scan_time` its start).
 */
type RiskAggregateKind = 'counts' | 'namespaces' | 'days';
/**
 * 0049's basic-image facet groups: the dimensions of `counts` without the registry name; 0054's
 * `namespace_registries`: with both the registry name and the namespace; 0057's
 * `namespace_days`: the namespace, the severity and the UTC day of the scan alone.
 */
type DimensionsKind = RiskAggregateKind | 'bases' | KeptAggregateKind;
/** The aggregates created each with its own triggers (createKeptAggregate). */
type KeptAggregateKind = 'namespace_registries' | 'namespace_days';
const RISK_AGGREGATE_KINDS: readonly RiskAggregateKind[] = ['counts', 'namespaces', 'days'];

/**
 * The dimensions of an aggregate as [column, expression of a row `r`]: the columns are the list
 * table's own, so the list's filters apply to the aggregate rows unchanged. The risk counts
 * become 0/1 (`vul_num > 0` still reads the same).
 */
function riskDimensions(
  spec: RiskAggregateSpec,
  kind: DimensionsKind,
  r: string,
): Array<[string, string]> {
  const flag = (column: string) => `case when ${r}.${column} > 0 then 1 else 0 end`;
  const own = (column: string): [string, string] => [column, `${r}.${column}`];
  const common: Array<[string, string]> = [
    own('severity_level'),
    own('scan_status'),
    own(spec.typeColumn),
    own('latest_version'),
    ['vul_num', flag('vul_num')],
    ['malicious_file_num', flag('malicious_file_num')],
    ['unsafe_setting_num', flag('unsafe_setting_num')],
  ];
  const scanDay: [string, string] = [
    'latest_scan_time',
    `${r}.latest_scan_time - (${r}.latest_scan_time % ${DAY_MS_SQL})`,
  ];
  if (kind === 'days') return [...common, scanDay];
  // Few enough groups per day to sum a month of them under a namespace filter (the other
  // dimensions would make about one group per image: 228,620 for a month at 1M).
  if (kind === 'namespace_days') return [own('namespace'), own('severity_level'), scanDay];
  return [
    ...common,
    ...spec.extraColumns.map(own),
    ['latest_scan_time', `case when ${r}.latest_scan_time is null then null else 0 end`],
    ...{
      counts: [own(spec.registryColumn)],
      namespaces: [own('namespace')],
      bases: [],
      namespace_registries: [own('namespace'), own(spec.registryColumn)],
    }[kind],
  ];
}

/** The column kinds (createTable) of the dimensions. */
function dimensionKinds(dimensions: Array<[string, string]>): string {
  const counts = new Set(['latest_version', 'vul_num', 'malicious_file_num', 'unsafe_setting_num']);
  return dimensions
    .map(([column]) =>
      column === 'latest_scan_time'
        ? `${column}:time`
        : counts.has(column) || column === 'is_multiple_arch'
          ? `${column}:count`
          : column,
    )
    .join(' ');
}

/** The text of a group's dimensions, its key (one character 31 between values). */
function groupKey(dimensions: Array<[string, string]>, postgres: boolean): string {
  const separator = postgres ? 'chr(31)' : 'char(31)';
  return dimensions
    .map(([, expression]) => `coalesce(cast(${expression} as text), 'n')`)
    .join(` || ${separator} || `);
}

/**
 * Adds `delta` images to the group of the trigger's row (`new`/`old`, SQLite) or of each row of a
 * transition table (PostgreSQL) in `aggregate`; `dimensions` are of that row (alias `r` for a table).
 */
function addToRiskAggregate(
  aggregate: string,
  dimensions: Array<[string, string]>,
  postgres: boolean,
  source: { row: string } | { table: string },
  delta: 1 | -1,
): string {
  const alias = 'row' in source ? source.row : 'r';
  const grouping = ['account', 'group_key', ...dimensions.map(([column]) => column)];
  const expressions = [
    `${alias}.account`,
    groupKey(dimensions, postgres),
    ...dimensions.map(([, e]) => e),
  ];
  const rows =
    'row' in source
      ? `values (${expressions.join(', ')}, ${delta})`
      : `select ${grouping.join(', ')}, ${delta} * count(*) from (select ${expressions
          .map((expression, i) => `${expression} as ${grouping[i] ?? ''}`)
          .join(', ')} from ${source.table} r) g group by ${grouping.join(', ')}`;
  return `insert into ${aggregate} (${grouping.join(', ')}, images) ${rows}
    on conflict (account, group_key) do update set images = ${aggregate}.images + excluded.images;`;
}

/**
 * Creates a list table's risk aggregates and the triggers that keep them equal to a grouping of
 * the table in every transaction that writes it (a list added later calls this for its table).
 */
export async function createRiskAggregates(
  db: Kysely<unknown>,
  spec: RiskAggregateSpec,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const { table } = spec;
  const bodies = { insert: '', delete: '', update: '' };
  const changed: string[] = ['old.account is not new.account'];
  for (const kind of RISK_AGGREGATE_KINDS) {
    const aggregate = `${table}_risk_${kind}`;
    const rowDimensions = riskDimensions(spec, kind, 'r');
    await createTable(
      db,
      aggregate,
      `account:text group_key:text ${dimensionKinds(rowDimensions)} images:count`,
      'account group_key',
    );
    if (postgres) {
      const add = (transition: string, delta: 1 | -1) =>
        addToRiskAggregate(aggregate, rowDimensions, true, { table: transition }, delta);
      bodies.insert += add('inserted', 1);
      bodies.delete += add('removed', -1);
      bodies.update += add('removed', -1) + add('inserted', 1);
    } else {
      const add = (row: 'new' | 'old', delta: 1 | -1) =>
        addToRiskAggregate(aggregate, riskDimensions(spec, kind, row), false, { row }, delta);
      bodies.insert += add('new', 1);
      bodies.delete += add('old', -1);
      bodies.update += add('old', -1) + add('new', 1);
      const keyOf = (row: string) => groupKey(riskDimensions(spec, kind, row), false);
      changed.push(`${keyOf('old')} is not ${keyOf('new')}`);
    }
    // What the table holds now.
    const columns = ['account', 'group_key', ...rowDimensions.map(([column]) => column)];
    await sql
      .raw(
        `insert into ${aggregate} (${columns.join(', ')}, images) select ${columns.join(', ')}, count(*)
        from (select r.account as account, ${groupKey(rowDimensions, postgres)} as group_key, ${rowDimensions
          .map(([column, expression]) => `${expression} as ${column}`)
          .join(', ')} from ${table} r) g group by ${columns.join(', ')}`,
      )
      .execute(db);
  }
  if (postgres) {
    const transitions = {
      insert: 'referencing new table as inserted',
      delete: 'referencing old table as removed',
      update: 'referencing old table as removed new table as inserted',
    };
    for (const event of ['insert', 'delete', 'update'] as const) {
      const fn = `${table}_risk_${event}`;
      await sql`create or replace function ${sql.ref(fn)}() returns trigger language plpgsql
        as ${sql.lit(`begin ${bodies[event]} return null; end`)}`.execute(db);
      await sql`create trigger ${sql.ref(`${table}_risk_${event}`)} after ${sql.raw(event)}
        on ${sql.table(table)} ${sql.raw(transitions[event])}
        for each statement execute function ${sql.ref(fn)}()`.execute(db);
    }
    return;
  }
  await sql`create trigger ${sql.ref(`${table}_risk_insert`)} after insert on ${sql.table(table)}
    begin ${sql.raw(bodies.insert)} end`.execute(db);
  await sql`create trigger ${sql.ref(`${table}_risk_delete`)} after delete on ${sql.table(table)}
    begin ${sql.raw(bodies.delete)} end`.execute(db);
  // Only when a row moves to another group (a sync rewrites every row it sees).
  await sql`create trigger ${sql.ref(`${table}_risk_update`)} after update on ${sql.table(table)}
    when ${sql.raw(changed.join(' or '))}
    begin ${sql.raw(bodies.update)} end`.execute(db);
}

/**
 * An aggregate of one list table created after 0035 (0054's `namespace_registries`, 0057's
 * `namespace_days`): the images per group of its dimensions, filled from the table and kept by its
 * own triggers as 0035 keeps the others (SQLite per row and only when the row changes groups,
 * PostgreSQL per statement from the transition tables), read through `indexes`.
 */
async function createKeptAggregate(
  db: Kysely<unknown>,
  spec: RiskAggregateSpec,
  kind: KeptAggregateKind,
  indexes: Record<string, string>,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const aggregate = `${spec.table}_risk_${kind}`;
  const dimensions = riskDimensions(spec, kind, 'r');
  await createTable(
    db,
    aggregate,
    `account:text group_key:text ${dimensionKinds(dimensions)} images:count`,
    'account group_key',
  );
  const columns = ['account', 'group_key', ...dimensions.map(([column]) => column)];
  await sql
    .raw(
      `insert into ${aggregate} (${columns.join(', ')}, images) select ${columns.join(', ')}, count(*)
      from (select r.account as account, ${groupKey(dimensions, postgres)} as group_key, ${dimensions
        .map(([column, expression]) => `${expression} as ${column}`)
        .join(', ')} from ${spec.table} r) g group by ${columns.join(', ')}`,
    )
    .execute(db);
  const add = (source: 'new' | 'old' | 'inserted' | 'removed', delta: 1 | -1) =>
    postgres
      ? addToRiskAggregate(aggregate, dimensions, true, { table: source }, delta)
      : addToRiskAggregate(
          aggregate,
          riskDimensions(spec, kind, source),
          false,
          { row: source },
          delta,
        );
  const keyOf = (row: string) => groupKey(riskDimensions(spec, kind, row), false);
  const events = [
    {
      event: 'insert',
      body: add(postgres ? 'inserted' : 'new', 1),
      transitions: 'new table as inserted',
    },
    {
      event: 'delete',
      body: add(postgres ? 'removed' : 'old', -1),
      transitions: 'old table as removed',
    },
    {
      event: 'update',
      body: add(postgres ? 'removed' : 'old', -1) + add(postgres ? 'inserted' : 'new', 1),
      transitions: 'old table as removed new table as inserted',
      // Only when a row moves to another group (a sync rewrites every row it sees).
      when: `old.account is not new.account or ${keyOf('old')} is not ${keyOf('new')}`,
    },
  ] as const;
  for (const { event, body, transitions, ...rest } of events)
    await createTrigger(
      db,
      `${aggregate}_${event}`,
      { event, table: spec.table, ...('when' in rest && !postgres ? { when: rest.when } : {}) },
      body,
      postgres ? `referencing ${transitions}` : undefined,
    );
  await createIndexes(db, aggregate, indexes);
}

/**
 * Migration 0054 for one list table: `<table>_risk_namespace_registries`, the images per group of
 * the dimensions, the namespace and the registry name.
 */
async function createNamespaceRegistryAggregate(
  db: Kysely<unknown>,
  spec: RiskAggregateSpec,
): Promise<void> {
  // Read without the group key in the risk summary's grouping order (risk-summary.ts
  // aggregateGroups), so that SQLite groups while walking it, seeking the severities filtered
  // and testing the namespace per entry: at 1M, 20,000 entries grouped in a sorter took 30 ms
  // of CPU, 15 ms walked in order (load 9).
  const leading = [
    'severity_level',
    'scan_status',
    spec.typeColumn,
    'vul_num',
    'malicious_file_num',
    'unsafe_setting_num',
    spec.registryColumn,
    'namespace',
  ];
  const rest = riskDimensions(spec, 'namespace_registries', 'r')
    .map(([column]) => column)
    .filter((column) => !leading.includes(column));
  await createKeptAggregate(db, spec, 'namespace_registries', {
    by_dimensions: `account ${leading.join(' ')} ${rest.join(' ')} images`,
  });
}

/** The lists' risk aggregates (0035) and basic-image facet groups (0049). */
const RISK_AGGREGATE_LISTS: ReadonlyArray<
  RiskAggregateSpec & {
    key: string;
    /** Whether 0067's base groups have the registry name (the list's facets have its top). */
    baseGroupsByRegistry: boolean;
  }
> = [
  {
    table: 'registry_images',
    key: 'id',
    typeColumn: 'image_type',
    registryColumn: 'registry_name',
    extraColumns: ['registry_type', 'is_multiple_arch'],
    baseGroupsByRegistry: true,
  },
  {
    table: 'cicd_images',
    key: 'record_key',
    typeColumn: 'pipeline_type',
    registryColumn: 'cicd_name',
    extraColumns: [],
    baseGroupsByRegistry: false,
  },
];

/** Migration 0022's work (see there): `db` is a transaction. */
async function rebuildCicdImagesKeyed(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  const postgres = dialectOf(db) === 'postgres';
  const indexes = postgres
    ? (
        await sql<{ name: string; definition: string }>`select indexname as name,
            indexdef as definition from pg_indexes where tablename = 'cicd_images'
            and schemaname = current_schema() and indexname <> 'cicd_images_pk'`.execute(db)
      ).rows
    : (
        await sql<{ name: string; definition: string }>`select name, sql as definition
            from sqlite_master where type = 'index' and tbl_name = 'cicd_images'
            and sql is not null`.execute(db)
      ).rows;
  const triggers = postgres
    ? []
    : (
        await sql<{ definition: string }>`select sql as definition from sqlite_master
            where type = 'trigger' and tbl_name = 'cicd_images'`.execute(db)
      ).rows;

  const columns = ['account', 'image_id', ...columnNames(CICD_IMAGE_FIELDS_0001)];
  const table = addColumns(
    db.schema.createTable('cicd_images_keyed'),
    text,
    `account:text record_key:text image_id:text ${CICD_IMAGE_FIELDS_0001}`,
  );
  await table.addPrimaryKeyConstraint('cicd_images_record_pk', ['account', 'record_key']).execute();

  // Copied in key order, a batch at a time (the old key is (account, image_id)).
  const batch = 500;
  let after: { account: string; image_id: string } | undefined;
  for (;;) {
    const rows = (
      await sql<Record<string, unknown> & { account: string; image_id: string }>`select *
          from cicd_images ${
            after === undefined
              ? sql``
              : sql`where (account > ${after.account}
                  or (account = ${after.account} and image_id > ${after.image_id}))`
          } order by account, image_id limit ${batch}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    const values = rows.map((row) => {
      const copy: Record<string, unknown> = {};
      for (const column of columns) copy[column] = row[column];
      copy.record_key = cicdRecordKey(row as unknown as CicdIdentity);
      return copy;
    });
    await db
      .insertInto('cicd_images_keyed' as never)
      .values(values)
      .execute();
    const last = rows[rows.length - 1]!;
    after = { account: last.account, image_id: last.image_id };
    if (rows.length < batch) break;
  }

  await db.schema.dropTable('cicd_images').execute();
  await sql`alter table cicd_images_keyed rename to cicd_images`.execute(db);
  for (const index of indexes) {
    const sorted = index.name.startsWith('cicd_images_sort_');
    const definition = sorted
      ? index.definition.replace(/\bimage_id\)\s*$/, 'image_id, record_key)')
      : index.definition;
    if (sorted && definition === index.definition)
      throw new Error(`0022: the sort index ${index.name} does not end in image_id`);
    await sql.raw(definition).execute(db);
  }
  await sql`create index cicd_images_id_order on cicd_images (account, image_id, record_key)`.execute(
    db,
  );
  if (postgres) {
    await sql`create trigger cicd_images_version
        after insert or update or delete or truncate on cicd_images
        for each statement execute function bump_cicd_version()`.execute(db);
  } else {
    for (const trigger of triggers) await sql.raw(trigger.definition).execute(db);
  }
}

/**
 * Re-creates the two indexes a sorted page walks (id order, scan time) of both HSS lists, covering
 * the columns a page's filters test, then `trailingColumns`: 0044 made them cover the filters,
 * 0052 added the digest the base-image probe needs.
 */
async function rebuildWalkedIndexes(
  db: Kysely<unknown>,
  trailingColumns: readonly string[],
): Promise<void> {
  const lists = [
    ['registry_images', 'length(id), id', 'image_type'],
    ['cicd_images', 'image_id, record_key', 'pipeline_type'],
  ] as const;
  const trailing = trailingColumns.map((column) => `, ${column}`).join('');
  for (const [table, tieBreak, typeColumn] of lists) {
    const orders = {
      id_order: tieBreak,
      sort_latest_scan_time: `latest_scan_time, ${tieBreak}`,
    };
    for (const [suffix, order] of Object.entries(orders)) {
      const index = `${table}_${suffix}`;
      await sql`drop index ${sql.ref(index)}`.execute(db);
      // Written as 0044 and 0052 wrote it: SQLite keeps the text verbatim, and the schema
      // snapshot holds every database to one text.
      await sql`create index ${sql.ref(index)} on ${sql.table(table)} (account,
            ${sql.raw(order)}, severity_level, scan_status, vul_num, malicious_file_num,
            unsafe_setting_num, latest_version, ${sql.ref(typeColumn)}${sql.raw(trailing)})`.execute(
        db,
      );
    }
  }
}

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      const text = textType(db);
      const postgres = dialectOf(db) === 'postgres';
      if (postgres) {
        // SQLite's instr(), which the filters use (a literal substring test, unlike LIKE).
        await sql`create or replace function instr(haystack text, needle text) returns integer
          language sql immutable strict parallel safe as 'select strpos(haystack, needle)'`.execute(
          db,
        );
      }
      await createTable(db, 'registry_images', REGISTRY_IMAGES_0001, 'account id');
      await createTable(
        db,
        'cicd_images',
        `account:text image_id:text ${CICD_IMAGE_FIELDS_0001}`,
        'account image_id',
      );

      await db.schema
        .createTable('sync_state')
        .addColumn('account', text, (c) => c.notNull())
        .addColumn('list', text, (c) => c.notNull())
        .addColumn('state', text, (c) => c.notNull().defaultTo('pending'))
        .addColumn('watermarks', text, (c) => c.notNull().defaultTo('{}'))
        .addColumn('last_full_sync', 'bigint')
        .addColumn('last_incremental_sync', 'bigint')
        .addColumn('total', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_done', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('crawl_offset', 'bigint')
        .addColumn('crawl_started_at', 'bigint')
        .addColumn('calls', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('throttled', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('next_run', 'bigint')
        .addColumn('updated_at', 'bigint', (c) =>
          c
            .notNull()
            .defaultTo(
              postgres
                ? sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`
                : sql`(unixepoch() * 1000)`,
            ),
        )
        .addPrimaryKeyConstraint('sync_state_pk', ['account', 'list'])
        .execute();

      // The filters and sorts the list pages use most; every index leads with account.
      await createIndexes(db, 'registry_images', {
        scan_time: 'account latest_scan_time',
        update_time: 'account latest_update_time',
        sync_time: 'account latest_sync_time',
        severity: 'account severity_level',
        scan_status: 'account scan_status',
        type: 'account image_type',
        name: 'account image_name',
        seen: 'account seen_at',
      });
      await createIndexes(db, 'cicd_images', {
        scan_time: 'account latest_scan_time',
        update_time: 'account latest_update_time',
        severity: 'account severity_level',
        scan_status: 'account scan_status',
        seen: 'account seen_at',
      });
      // Default order (id ascending, numerically): ids are decimal strings, so length first.
      await sql`CREATE INDEX registry_images_id_order ON registry_images (account, length(id), id)`.execute(
        db,
      );
    },
  },

  // A crawl past the upstream's offset cap is split into time windows; the windows still to
  // visit are persisted so that an interrupted crawl resumes in the right window.
  '0002_crawl_windows': {
    async up(db: Kysely<unknown>) {
      await alterTableAddColumns(db, 'sync_state', 'crawl_windows:note');
    },
  },

  // Basic-image answers by image digest: a digest's base image never changes, so they never
  // expire. `query_key` holds the paging/os_name parameters ('' for the plain request).
  '0003_basic_image_cache': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'basic_image_cache',
        'account:text image_digest:text image_type:text query_key response:text fetched_at:stamp',
        'account image_digest image_type query_key',
      );
    },
  },

  // Indexes for the sorts, identity look-ups and facets the list pages use (200,000 images).
  '0004_query_indexes': {
    async up(db: Kysely<unknown>) {
      await createIndexes(db, 'registry_images', {
        namespace: 'account namespace',
        registry_name: 'account registry_name',
        image_id: 'account image_id',
        size: 'account image_size',
        // Covers every enum and boolean filter, so counts and facets read only this index.
        dimensions: `account severity_level scan_status image_type registry_type latest_version
          is_multiple_arch vul_num malicious_file_num unsafe_setting_num namespace registry_name`,
      });
      await createIndexes(db, 'cicd_images', {
        namespace: 'account namespace',
        name: 'account image_name',
        size: 'account image_size',
        dimensions: `account severity_level scan_status pipeline_type latest_version vul_num
          malicious_file_num unsafe_setting_num namespace`,
      });
    },
  },

  // Risk overview history (issue 6): one snapshot of the risk aggregates per account, list kind
  // and UTC day, written after each successful sync; pruned after 400 days.
  '0010_risk_history': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'risk_history',
        'account:text kind:text day:text recorded_at:stamp reconstructed:count counts:text',
        'account kind day',
      );
      // Covering indexes for the risk summary: its grouped pass reads one index in group order
      // (no table rows, no sort), which keeps a 200,000-image summary within 100 ms.
      await createIndexes(db, 'registry_images', {
        risk: `account scan_status image_type registry_name severity_level latest_scan_time
          vul_num malicious_file_num unsafe_setting_num`,
        vulnerable_namespace: 'account namespace vul_num',
      });
      await createIndexes(db, 'cicd_images', {
        risk: `account scan_status pipeline_type cicd_name severity_level latest_scan_time vul_num
          malicious_file_num unsafe_setting_num`,
        vulnerable_namespace: 'account namespace vul_num',
      });
    },
  },

  // Scale-out (issue 11): several replicas on one PostgreSQL. `sync_lease` elects the one replica
  // that syncs (a lease renewed by heartbeat, taken over once expired); `call_budget` and
  // `call_budget_log` share each credential's call budget (a row locked per key, the grants of
  // the sliding window). Unused, but created alike, on SQLite (one process, nothing to share).
  '0011_scale_out': {
    async up(db: Kysely<unknown>) {
      const tables = {
        sync_lease: 'name:id holder:text acquired_at:stamp expires_at:stamp',
        call_budget:
          'budget_key:id paused_until:count slow_until:count consecutive_throttles:count',
        // settled_at: completion time once the call has ended; null while it is in flight.
        call_budget_log: 'grant_id:id budget_key:text granted_at:stamp settled_at:time',
      };
      for (const [name, spec] of Object.entries(tables)) {
        await createTable(db, name, spec);
      }
      await createIndexes(db, 'call_budget_log', { key: 'budget_key granted_at' });
    },
  },

  // One index per sortable column, ending with the list's tie-break (id), so that a page of a
  // sorted list is read by walking the index (no sort) when many rows match (filters.ts
  // queryPage). They supersede the (account, column) indexes of 0001 and 0004, dropped here.
  '0012_sort_indexes': {
    async up(db: Kysely<unknown>) {
      // Spelled out, not imported from the contracts: a migration never changes once run (a
      // sort key added later gets its index in a migration of its own).
      const registrySortKeys = `latest_scan_time latest_update_time latest_sync_time image_name
        namespace image_version image_type registry_name registry_type scan_status severity_level
        image_size vul_num unsafe_setting_num malicious_file_num instance_name`;
      const cicdSortKeys = `latest_scan_time latest_update_time image_name namespace image_version
        cicd_name registry_name scan_status severity_level image_size vul_num unsafe_setting_num
        malicious_file_num`;
      // (id order: registry_images_id_order; image_id order: the primary key.)
      for (const column of names(registrySortKeys)) {
        await createSortIndex(db, 'registry_images', column, sql.ref(column));
      }
      for (const column of names(cicdSortKeys)) {
        await createSortIndex(db, 'cicd_images', column, sql.ref(column));
      }
      const superseded = `scan_time update_time sync_time severity scan_status type name namespace
        registry_name size`;
      for (const suffix of names(superseded)) {
        await db.schema.dropIndex(`registry_images_${suffix}`).ifExists().execute();
      }
      for (const suffix of names(
        'scan_time update_time severity scan_status namespace name size',
      )) {
        await db.schema.dropIndex(`cicd_images_${suffix}`).ifExists().execute();
      }
      // Facets (facets.ts) group by every enum and boolean filter at once; the counts only as
      // `> 0`, so the group changes rarely along the index and grouping needs no sort. The raw
      // counts at the end keep it covering for the filters (`vul_num > 0`) of counts and top-50
      // facets: it supersedes the `*_dimensions` indexes of 0004.
      await sql`create index registry_images_facets on registry_images (account, severity_level,
        scan_status, image_type, registry_type, latest_version, is_multiple_arch, (vul_num > 0),
        (malicious_file_num > 0), (unsafe_setting_num > 0), namespace, registry_name, vul_num,
        malicious_file_num, unsafe_setting_num)`.execute(db);
      await sql`create index cicd_images_facets on cicd_images (account, severity_level,
        scan_status, pipeline_type, latest_version, (vul_num > 0), (malicious_file_num > 0),
        (unsafe_setting_num > 0), namespace, vul_num, malicious_file_num, unsafe_setting_num)`.execute(
        db,
      );
      await db.schema.dropIndex('registry_images_dimensions').ifExists().execute();
      await db.schema.dropIndex('cicd_images_dimensions').ifExists().execute();
    },
  },
  '0013_inventory_version': {
    async up(db: Kysely<unknown>) {
      // A counter per list that every write to the list's table moves, in the writing
      // transaction: answers computed from the inventory (pages, counts, facets, risk summaries)
      // are cached under the version they were read at (query-cache.ts). Triggers, not calls in
      // the writers, so that no writer (sync, sweep, test fixture, hand-run SQL) can forget it.
      const postgres = dialectOf(db) === 'postgres';
      await createTable(db, 'inventory_version', 'list:id version:count');
      const lists: Array<[string, string]> = [
        ['registry', 'registry_images'],
        ['cicd', 'cicd_images'],
      ];
      for (const [list, table] of lists) {
        await sql`insert into inventory_version (list, version) values (${list}, 0)`.execute(db);
        if (postgres) {
          // Once per statement: a crawl page of 200 rows moves the counter once.
          await sql`create or replace function ${sql.ref(`bump_${list}_version`)}() returns trigger
            language plpgsql as ${sql.lit(
              `begin update inventory_version set version = version + 1 where list = '${list}'; return null; end`,
            )}`.execute(db);
          await sql`create trigger ${sql.ref(`${table}_version`)}
            after insert or update or delete or truncate on ${sql.table(table)}
            for each statement execute function ${sql.ref(`bump_${list}_version`)}()`.execute(db);
        } else {
          // SQLite has row triggers only; the update of one cached row is cheap.
          for (const event of ['insert', 'update', 'delete']) {
            await sql`create trigger ${sql.ref(`${table}_version_${event}`)}
              after ${sql.raw(event)} on ${sql.table(table)}
              begin update inventory_version set version = version + 1
              where list = ${sql.lit(list)}; end`.execute(db);
          }
        }
      }
    },
  },

  // A manual refresh sent to any replica: recorded here, the sync leader polls and runs it
  // (sync/sync-requests.ts), and every replica's /api/sync shows it queued or running.
  '0014_sync_requests': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'sync_requests',
        'account:text list:text kind:text state:text requested_at:stamp started_at:time',
        'account list',
      );
    },
  },

  // The risk summary's grouped pass (risk-summary.ts) reads one covering index in group order:
  // the facets index's dimensions, then the registry (or CI/CD) name, the scan time and the raw
  // counts. The namespace is in it too, so a namespace filter no longer reads table rows (3 times
  // slower). It supersedes the `*_risk` indexes of 0010.
  '0015_risk_summary_index': {
    async up(db: Kysely<unknown>) {
      await sql`create index registry_images_summary on registry_images (account, severity_level,
        scan_status, image_type, registry_type, latest_version, is_multiple_arch, (vul_num > 0),
        (malicious_file_num > 0), (unsafe_setting_num > 0), registry_name, namespace,
        latest_scan_time, vul_num, malicious_file_num, unsafe_setting_num)`.execute(db);
      await sql`create index cicd_images_summary on cicd_images (account, severity_level,
        scan_status, pipeline_type, latest_version, (vul_num > 0), (malicious_file_num > 0),
        (unsafe_setting_num > 0), cicd_name, namespace, latest_scan_time, vul_num,
        malicious_file_num, unsafe_setting_num)`.execute(db);
      await db.schema.dropIndex('registry_images_risk').ifExists().execute();
      await db.schema.dropIndex('cicd_images_risk').ifExists().execute();
    },
  },

  // Sync data safety (sync/full-crawl.ts): the running crawl's consistency record (totals seen,
  // rows seen, the page being retried, the first reason it may not sweep), the start of the last
  // complete crawl (a sweep removes only rows missed since then: two complete crawls in a row),
  // and the counted warnings of records skipped on their own.
  '0016_sync_safety': {
    async up(db: Kysely<unknown>) {
      await alterTableAddColumns(
        db,
        'sync_state',
        'crawl_check:note sweep_started_at:time warnings:note',
      );
    },
  },

  // Dashboard sessions, shared by every replica (plugins/auth.ts, session-store.ts): a cookie
  // issued by one is honoured by the others, and signing out ends it everywhere.
  '0019_sessions': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'sessions',
        'id_hash:id created_at:stamp last_seen_at:stamp expires_at:stamp',
      );
      await createIndexes(db, 'sessions', { expires_at: 'expires_at' });
    },
  },

  // Severity and scan status sort by rank, not alphabetically (filters.ts SEVERITY_RANK and
  // SCAN_STATUS_RANK): one index per rank expression, ending with the list's tie-break, so that a
  // sorted page is still read by walking an index. The expressions are spelled out as the queries
  // write them (an expression index serves only the identical expression). The column indexes of
  // 0012 stay: the filters on those columns use them.
  '0021_sort_rank_indexes': {
    async up(db: Kysely<unknown>) {
      const severityRank = sql.raw(
        "(case severity_level when 'High' then 4 when 'Medium' then 3 when 'Low' then 2 when 'Security' then 1 else 0 end)",
      );
      const scanStatusRank = sql.raw(
        "(case scan_status when 'unscan' then 0 when 'waiting_for_scan' then 1 when 'scanning' then 2 when 'success' then 3 when 'failed' then 4 when 'download_failed' then 5 when 'image_oversized' then 6 else 7 end)",
      );
      const ranks = [
        ['severity_level_rank', severityRank],
        ['scan_status_rank', scanStatusRank],
      ] as const;
      for (const [name, rank] of ranks) {
        await createSortIndex(db, 'registry_images', name, rank);
        await createSortIndex(db, 'cicd_images', name, rank);
      }
    },
  },

  // CI/CD rows keyed by record_key (cicd-record-key.ts), not image_id, which distinct records may
  // share or leave empty. SQLite cannot change a primary key, so on both dialects the table is
  // rebuilt: the rows are copied with their keys computed here (one row per image_id before, so
  // none is lost), every index and the version triggers come back as they were, except that the
  // sort indexes of 0012 and 0021 end in (image_id, record_key), the list's tie-break, and a new
  // one serves the default order (the old primary key did).
  '0022_cicd_record_key': {
    async up(db: Kysely<unknown>) {
      // SQLite's migrations run outside a transaction (Kysely): one here, so that a stop midway
      // leaves the old table as it was.
      if (dialectOf(db) === 'postgres') await rebuildCicdImagesKeyed(db);
      else await db.transaction().execute((trx) => rebuildCicdImagesKeyed(trx));
    },
  },

  // The change feed (changes/change-log.ts): one table per list, `<list table>_changes`, whose
  // rows are the image as it stood at the change (its list's columns, copied here from the list
  // table as it is now, all nullable) plus the event. The list's own filters then apply to it
  // unchanged. A later migration that adds a column to a list table adds it here too (a test
  // compares the two).
  '0023_change_events': {
    async up(db: Kysely<unknown>) {
      const lists = [
        ['registry', 'registry_images'],
        ['cicd', 'cicd_images'],
      ] as const;
      for (const [list, table] of lists) {
        await createChangeTable(db, table);
        // A list already crawled completely records events from now on: its baseline is now.
        await sql`insert into ${sql.table(`${table}_changes`)} (account, change_at, event_type)
          select account, ${Date.now()}, 'baseline' from sync_state
          where list = ${list} and last_full_sync is not null`.execute(db);
      }
    },
  },
  // Saved views (views/view-store.ts): a list page's state under a name, shared by the team.
  '0024_saved_views': {
    async up(db: Kysely<unknown>) {
      await createIdentityTable(
        db,
        'saved_views',
        (text) => sql`name ${text} not null, list ${text} not null,
        query ${text} not null, columns ${text}, created_at bigint not null,
        updated_at bigint not null`,
      );
      await sql`create unique index saved_views_name on saved_views (name)`.execute(db);
    },
  },

  // Watch rules (notify/rule-store.ts): a rule's filters (a saved view, or a list and its query),
  // event types, channel (the URL and secret stay here, never answered whole) and mode; per list,
  // the last change id the rule has considered, so that each event is matched once.
  '0025_watch_rules': {
    async up(db: Kysely<unknown>) {
      await createIdentityTable(
        db,
        'watch_rules',
        (text) => sql`name ${text} not null, view_id bigint,
        list ${text}, query ${text}, event_types ${text} not null, channel_type ${text} not null,
        channel_url ${text} not null, channel_secret ${text}, mode ${text} not null,
        digest_minutes bigint, lang ${text} not null, created_at bigint not null,
        updated_at bigint not null, batch_closed_at bigint not null`,
      );
      await createTable(
        db,
        'watch_rule_cursors',
        'rule_id:stamp list:text last_change_id:stamp',
        'rule_id list',
      );
    },
  },

  // A rule's deliveries (notify/delivery-store.ts): one per batch of matching events, created in
  // the transaction that advances the rule's cursor (the idempotency key, unique, names the
  // batch), with the rendered message, so that a retry or a new leader sends the same one.
  '0026_rule_deliveries': {
    async up(db: Kysely<unknown>) {
      await createIdentityTable(
        db,
        'rule_deliveries',
        (text) => sql`rule_id bigint not null,
        created_at bigint not null, status ${text} not null, attempts bigint not null,
        next_attempt_at bigint, http_status bigint, event_count bigint not null,
        idempotency_key ${text} not null, list ${text}, first_change_id bigint,
        last_change_id bigint, message ${text} not null, reason ${text},
        test bigint not null, finished_at bigint`,
      );
      await sql`create unique index rule_deliveries_key on rule_deliveries
        (idempotency_key)`.execute(db);
      await createIndexes(db, 'rule_deliveries', {
        rule: 'rule_id created_at',
        due: 'status next_attempt_at',
      });
    },
  },

  // Basic images by digest (base-images/enrichment.ts): ListImageBasicImage's answers for every
  // distinct image digest, for good (a digest's layers never change). One row per basic image the
  // answer lists (`position` 0 is the first, the image's primary base), or one row of kind `none`
  // when HSS found none. The table is the enrichment's progress: a digest with a row is never
  // asked again. `eol_date` is the OS version's end of life (YYYY-MM-DD, '' when unknown) from
  // the shipped table, for the lists' basic_image_eol filter. Writes move both lists' versions
  // (0013): their answers join this table.
  '0027_basic_images': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'basic_images',
        `account:text image_digest:text position:count kind:text os_name os_version layer_digest
          eol_date answered_at:stamp`,
        'account image_digest position',
      );
      await createIndexes(db, 'basic_images', {
        // The grouping of /api/base-images and the lists' basic_image_os(_version) filters.
        base: 'account kind os_name os_version layer_digest image_digest',
        eol: 'account kind eol_date image_digest',
        layer: 'account layer_digest image_digest',
      });
      if (dialectOf(db) === 'postgres') {
        for (const list of ['registry', 'cicd']) {
          await sql`create trigger ${sql.ref(`basic_images_${list}_version`)}
            after insert or update or delete or truncate on basic_images
            for each statement execute function ${sql.ref(`bump_${list}_version`)}()`.execute(db);
        }
      } else {
        for (const event of ['insert', 'update', 'delete']) {
          await sql`create trigger ${sql.ref(`basic_images_version_${event}`)}
            after ${sql.raw(event)} on basic_images
            begin update inventory_version set version = version + 1
            where list in ('registry', 'cicd'); end`.execute(db);
        }
      }
    },
  },

  // The images of a digest, for the joins with basic_images (the base-images answer, the lists'
  // basic_image_* filters, the enrichment's work list); covering what the base-images answer sums.
  // Led by (account, image_digest), it is also how a search finds a digest, a digest prefix (a
  // range) or an image id in every list (server/search).
  '0028_image_digest_indexes': {
    async up(db: Kysely<unknown>) {
      for (const table of ['registry_images', 'cicd_images']) {
        await createIndexes(db, table, {
          digest: 'account image_digest severity_level vul_num latest_scan_time namespace',
        });
      }
    },
  },

  // The base-images answer's estate-wide aggregate per account (base-images-aggregate.ts): the
  // grouping by basic image, the end-of-life dates' image counts and the enrichment's counts, as
  // JSON, tagged with the registry and CI/CD inventory versions of the snapshot it was read in
  // (an answer uses it only while both versions are still those).
  '0029_base_image_aggregates': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'base_image_aggregates',
        `account:text registry_version:count cicd_version:count groups:list eol_dates:list
          counts:list computed_at:stamp`,
        'account',
      );
    },
  },

  // The change feed's per-type counts under a severity filter (with or without a namespace) read
  // this index alone instead of every event of the account: over 1,000,000 events 934 ms → 31 ms
  // (bench/changes.bench.ts, docs/benchmarks.md).
  '0030_change_severity_indexes': {
    async up(db: Kysely<unknown>) {
      for (const table of ['registry_images_changes', 'cicd_images_changes']) {
        await createIndexes(db, table, { severity: 'account severity_level event_type namespace' });
      }
    },
  },

  // One search (server/search): a digest, a digest prefix (a range) or an image id is found
  // through a narrow (account, image_digest) index in every list; 0028's wider covering index
  // leads with the same columns, but without statistics SQLite's planner passes it over for a
  // digest-or-image-id key and reads the account's whole range.
  '0031_search_digest_indexes': {
    async up(db: Kysely<unknown>) {
      for (const table of ['registry_images', 'cicd_images']) {
        await createIndexes(db, table, { search_digest: 'account image_digest' });
      }
    },
  },
  // ACR mirrored (sync/acr-sync.ts): every repository of each configured instance, and every tag
  // with its repository's fields. `tags_modified_time` is the repository's ModifiedTime when its
  // tags were last listed in full: an incremental cycle re-lists only repositories whose
  // ModifiedTime moved since. The tags take the searchable columns (image_digest as `sha256:`
  // hex, image_id, namespace, image_name, image_version), so that one search joins them by
  // digest; their writes move the 'acr' inventory version (0013).
  '0032_acr_tags': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'acr_repositories',
        `account:text instance_id:text repo_id:text region_id namespace repo_name repo_type
          repo_status repo_build_type summary create_time:time modified_time:time
          tags_modified_time:time seen_at:count`,
        'account instance_id repo_id',
      );
      await createIndexes(db, 'acr_repositories', { seen: 'account instance_id seen_at' });
      await createTable(
        db,
        'acr_tags',
        `account:text tag_key:text instance_id region_id repo_id namespace image_name
          image_version image_digest image_id tag_status image_size:count image_create:time
          image_update:time repo_type repo_status repo_modified_time:time seen_at:count`,
        'account tag_key',
      );
      await createIndexes(db, 'acr_tags', {
        repo: 'account instance_id repo_id seen_at',
        search_digest: 'account image_digest',
        image_id: 'account image_id',
        name: 'account image_name image_version',
        namespace: 'account namespace image_name',
      });
      const postgres = dialectOf(db) === 'postgres';
      await sql`insert into inventory_version (list, version) values ('acr', 0)`.execute(db);
      if (postgres)
        await sql`create or replace function bump_acr_version() returns trigger
          language plpgsql as ${sql.lit(
            "begin update inventory_version set version = version + 1 where list = 'acr'; return null; end",
          )}`.execute(db);
      for (const table of ['acr_repositories', 'acr_tags']) {
        if (postgres) {
          await sql`create trigger ${sql.ref(`${table}_version`)}
            after insert or update or delete or truncate on ${sql.table(table)}
            for each statement execute function bump_acr_version()`.execute(db);
          continue;
        }
        for (const event of ['insert', 'update', 'delete']) {
          await sql`create trigger ${sql.ref(`${table}_version_${event}`)}
            after ${sql.raw(event)} on ${sql.table(table)}
            begin update inventory_version set version = version + 1
            where list = 'acr'; end`.execute(db);
        }
      }
    },
  },

  // The ACR sync's state per account and instance (sync/acr-sync.ts): the repository listing in
  // progress (its page, resumed after a restart), the start of the last complete listing (the
  // sweep's cutoff), the schedule's times, calls and the last error.
  '0033_acr_sync_state': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'acr_sync_state',
        `account:text instance_id:text state listing_started_at:time listing_page:count
          listing_seen:count listing_total:time last_complete_listing_at:time
          last_full_sync:time last_incremental_sync:time calls:count tag_calls:count
          throttled:count last_error:note consecutive_failures:count`,
        'account instance_id',
      );
    },
  },

  // The change feed's per-type counts per account (changes/change-feed.ts): an unfiltered feed
  // (or one filtered by type only) reads them instead of counting up to 1,000,000 events (101 ms).
  // Kept by triggers in every transaction that writes events, like 0013's versions: no writer
  // (the list store, retention, a bench's SQL fill) can forget them.
  '0034_change_event_counts': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'change_event_counts',
        'change_table:text account:text event_type:text events:count',
        'change_table account event_type',
      );
      if (dialectOf(db) === 'postgres') await createKeptEventFunctions(db, EVENT_COUNTS);
      for (const table of ['registry_images_changes', 'cicd_images_changes']) {
        await createEventCountTriggers(db, table);
        await sql`insert into change_event_counts (change_table, account, event_type, events)
          select ${table}, coalesce(account, ''), event_type, count(*) from ${sql.table(table)}
          group by coalesce(account, ''), event_type`.execute(db);
      }
    },
  },
  // The risk summary's aggregates per list (analytics/risk-summary.ts): images per group of the
  // summary's dimensions by registry name (`*_risk_counts`), by namespace (`*_risk_namespaces`)
  // and by UTC day of the scan (`*_risk_days`), kept by triggers in every writing transaction. A
  // summary whose filters are all dimensions reads a few thousand groups, not 1,000,000 images.
  '0035_risk_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) await createRiskAggregates(db, spec);
    },
  },
  // Reads of the aggregates of 0035 (analytics/risk-summary.ts) without table rows: the scan ages'
  // boundary days are counted through `*_scan_time_dimensions` (the scan time, then every summary
  // dimension: 1M images, one day of 15,000 rows, 150 ms → a few ms), and the vulnerable
  // namespaces read `*_risk_namespaces` from its vulnerable groups, in namespace order.
  '0036_aggregate_read_indexes': {
    async up(db: Kysely<unknown>) {
      const lists = [
        ['registry_images', 'image_type', 'registry_type is_multiple_arch'],
        ['cicd_images', 'pipeline_type', ''],
      ] as const;
      for (const [table, typeColumn, extras] of lists) {
        const dimensions = `severity_level scan_status ${typeColumn} latest_version`;
        const flags = 'malicious_file_num unsafe_setting_num';
        await createIndexes(db, table, {
          scan_time_dimensions: `account latest_scan_time ${dimensions} vul_num ${flags}`,
        });
        await createIndexes(db, `${table}_risk_namespaces`, {
          vulnerable: `account vul_num namespace ${dimensions} ${flags} ${extras} latest_scan_time images`,
        });
      }
    },
  },

  // One search's free text (server/search/match.ts) reads a trigram index of each searchable list
  // instead of every row: 0.6-1.8 s over 200,000 images before (bench/search.bench.ts,
  // docs/benchmarks.md). SQLite: an FTS5 trigram table per list holding the lower-cased
  // `namespace/name:tag` and digest by rowid, kept in step by triggers (contentless: the list's
  // rows stay the one copy of the text). PostgreSQL: pg_trgm GIN indexes on the same expressions.
  '0037_search_trigrams': {
    async up(db: Kysely<unknown>) {
      if (dialectOf(db) === 'postgres')
        await sql`create extension if not exists pg_trgm`.execute(db);
      for (const table of ['registry_images', 'cicd_images']) await createSearchTrigrams(db, table);
    },
  },

  // Sessions carry who signed in (single sign-on: user, name, role and scope as JSON); null is
  // the dashboard token's holder, as every session before this was (session-store.ts).
  '0038_session_principal': {
    async up(db: Kysely<unknown>) {
      await alterTableAddColumns(db, 'sessions', 'principal:note');
    },
  },

  // Personal API tokens (auth/api-tokens.ts): only the SHA-256 of the token is kept; the owner's
  // role and scope as they were when it was made (a snapshot; owners make a new one to change).
  '0039_api_tokens': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'api_tokens',
        `token_hash:id id:text name:text owner_user:text owner_name:text role:text scope:text
          created_at:stamp last_used_at:time expires_at:time`,
      );
      await createIndexes(db, 'api_tokens', { id: 'id', owner: 'owner_user' });
    },
  },

  // The audit trail (audit/audit-trail.ts): who did what, when, from where, with which request.
  '0040_audit_log': {
    async up(db: Kysely<unknown>) {
      await createIdentityTable(
        db,
        'audit_log',
        (text) => sql`at bigint not null, actor ${text} not null, action ${text} not null,
          target ${text} not null, detail ${text} not null, address ${text} not null,
          request_id ${text} not null`,
      );
      await createIndexes(db, 'audit_log', {
        at: 'at id',
        actor: 'actor at id',
        action: 'action at id',
      });
    },
  },

  // The base-images answer's sums kept in every writing transaction (base-image-aggregates-schema.ts,
  // issue 22): 0029's JSON aggregate was recomputed whole after any write (2.3 s at 200,000 images).
  '0042_base_image_aggregates_kept': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('base_image_aggregates').execute();
      await createBaseImageAggregates(db);
    },
  },

  // Issue 25's pages at 1,000,000 images. The multi-arch decoration of a page (lists/multi-arch.ts)
  // finds the parents of its rows by namespace, name and tag: by name alone (the only index) it
  // read every tag in every namespace of the page's names, 6.2 s a page. Partial: parents only.
  // The default order's index and the latest-scan-time sort index (0012, 0022) also carry the
  // risk dimensions after their columns: a page in either order filtered by risk (the triage
  // views) walks the index alone, where it read each walked row from the table to test the
  // filters (an unseen offset of a few thousand: 100-200 ms at 1M). Same names and leading
  // columns, so the same plans.
  '0044_page_read_indexes': {
    async up(db: Kysely<unknown>) {
      await sql`create index registry_images_family on registry_images
        (account, namespace, image_name, image_version) where is_multiple_arch = 1`.execute(db);
      await rebuildWalkedIndexes(db, []);
    },
  },

  // Free text bounded (server/search/free-text.ts). The ACR tags' free text reads a trigram index
  // like the HSS lists' (0037): without one every text search read all 200,000 tags of the bench
  // (bench/search.bench.ts, docs/benchmarks.md). Text in many rows is read in digest order with a
  // stop, and its rows that rank first (namespace, name or tag equal to the text, searchRank)
  // through these case-folded indexes in digest order, instead of ranking every matching row.
  // The folded column leads: led by the account, SQLite's planner took one for a digest key
  // (search-plan.test.ts) and read the account's whole range.
  '0046_search_free_text': {
    async up(db: Kysely<unknown>) {
      await createSearchTrigrams(db, 'acr_tags');
      for (const table of SEARCH_TRIGRAM_TABLES)
        for (const column of SEARCH_EQUALITY_COLUMNS)
          await sql`create index ${sql.ref(`${table}_search_${column}`)} on ${sql.table(table)}
            (lower(${sql.ref(column)}), account, image_digest)`.execute(db);
    },
  },

  // A watch rule reports only what its creator may see (notify/rule-store.ts): who made it and
  // their scope, as JSON; null scope = not known, the rule delivers nothing until someone
  // unscoped saves it. Rules made before scopes existed (0038), or where only the unscoped
  // dashboard token's holder ever signed in, were made unscoped; the others' creator is unknown.
  '0047_watch_rule_scope': {
    async up(db: Kysely<unknown>) {
      await alterTableAddColumns(db, 'watch_rules', 'created_by:note scope:note');
      const unscoped = JSON.stringify({ accounts: null, namespaces: null });
      if (await onlyTheDashboardTokenSignedIn(db)) {
        await sql`update watch_rules set scope = ${unscoped}`.execute(db);
        return;
      }
      const { rows } = await sql<{ timestamp: string }>`select timestamp from kysely_migration
        where name = '0038_session_principal'`.execute(db);
      const scopesSince = Date.parse(rows[0]?.timestamp ?? '');
      if (Number.isFinite(scopesSince))
        await sql`update watch_rules set scope = ${unscoped}
          where created_at < ${scopesSince}`.execute(db);
    },
  },

  // The lists' basic-image filters (lists/filters.ts basicImageFilters) look up the basic images
  // of each row a page walks by its digest: led by (account, image_digest) and covering what they
  // compare, a look-up is one index seek and no table row (issue 22). Under a layer digest they
  // seek (account, layer_digest, image_digest) instead, within that layer's few pages (they stay
  // cached, where digests land anywhere in the probe index): 0027's index, now covering the kind.
  '0048_basic_image_probe_index': {
    async up(db: Kysely<unknown>) {
      await createIndexes(db, 'basic_images', {
        probe: 'account image_digest kind os_name os_version layer_digest eol_date',
      });
      await sql`drop index basic_images_layer`.execute(db);
      await createIndexes(db, 'basic_images', { layer: 'account layer_digest image_digest kind' });
    },
  },

  // The basic-image facets (lists/facets.ts) from groups kept on write (issue 25): per group of
  // the list's facet dimensions, per basic-image OS and OS version, the images on such a base
  // (base-facet-aggregates-schema.ts). They joined basic_images with every matching image at
  // read time: 310 ms at 1M images with no base known, 1.9 s at 200k with every digest answered.
  '0049_base_facet_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        const dimensions = riskDimensions(spec, 'bases', 'r');
        await createTable(
          db,
          `${spec.table}_risk_bases`,
          `account:text group_key:text ${dimensionKinds(dimensions)} facet:text value:text
            images:count`,
          'account group_key facet value',
        );
        await createBaseFacetAggregates(db, {
          table: spec.table,
          key: spec.key,
          dimensions: (row) => riskDimensions(spec, 'bases', row),
        });
        // The risk summary's scan ages (risk-summary.ts) sum the images per day: in day order
        // from this covering index, where the key's index read a table row per group and sorted
        // (16,731 groups at 1M: 15-23 ms of CPU, 2 ms with it).
        const dayColumns = riskDimensions(spec, 'days', 'r')
          .map(([column]) => column)
          .filter((column) => column !== 'latest_scan_time');
        await createIndexes(db, `${spec.table}_risk_days`, {
          by_day: `account latest_scan_time ${dayColumns.join(' ')} images`,
        });
        // The facets' namespace top values sum `*_risk_namespaces` by namespace: from this index
        // (no group key, in namespace order) rather than the table's rows (1M: 53,610 groups,
        // 212 ms with SQLite's default page cache).
        const namespaceColumns = riskDimensions(spec, 'namespaces', 'r')
          .map(([column]) => column)
          .filter((column) => column !== 'namespace');
        await createIndexes(db, `${spec.table}_risk_namespaces`, {
          by_namespace: `account namespace ${namespaceColumns.join(' ')} images`,
        });
      }
    },
  },

  // The change feed's image columns, stored once per changed image and cycle (change-log.ts):
  // a cycle's 6,000 events each copied their image's 30-odd columns (2,000 changed images), which
  // kept recording at 1.17 times a sync cycle's time against a bound of 1.10. Each list gets
  // `<list table>_change_snapshots`, the image as it stood at the change (every column of its
  // list, as the change table had them); the event row keeps its own columns, the image columns
  // the feed's indexes read (account, namespace, severity_level), and `snapshot_id` (null for a
  // baseline). Existing events each get their own snapshot, its id their change id. A later
  // migration that adds a column to a list table adds it to the snapshots (a test compares).
  '0051_change_snapshots': {
    async up(db: Kysely<unknown>) {
      const split = async (trx: Kysely<unknown>) => {
        for (const table of ['registry_images', 'cicd_images'])
          await splitChangeSnapshots(trx, table);
      };
      if (dialectOf(db) === 'postgres') await split(db);
      else await db.transaction().execute((trx) => split(trx));
    },
  },

  // The basic-image filters (lists/filters.ts basicImageFilters) probe basic_images by the digest
  // of each row a page walks: 0044's walked indexes end with the digest, so that the walk reads
  // no table row before the probe (issue 22: a filter matching 6 % of 200,000 images walks ~9,500
  // rows to reach offset 600; reading each row's digest from the table was half the page's time).
  '0052_walk_indexes_digest': {
    async up(db: Kysely<unknown>) {
      await rebuildWalkedIndexes(db, ['image_digest']);
    },
  },

  // Every namespace the events of each change table name, per account (`change_event_namespaces`,
  // kept by triggers as 0034's counts, so that no writer of events can forget it): the feed turns
  // its namespace filter (a substring) into the namespaces it matches, which 0030's index then
  // seeks, instead of testing the substring on every event of the account (change-feed.ts; over
  // 1,000,000 events a types + severity + namespace page read 200,000 index entries for its counts
  // and walked 97,000 events for its page). Deleting events leaves their namespaces: the list
  // needs only to hold every namespace in use. A list added later calls
  // createEventNamespaceTriggers on its change table.
  '0053_change_event_namespaces': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'change_event_namespaces',
        'change_table:text account:text namespace:text',
        'change_table account namespace',
      );
      if (dialectOf(db) === 'postgres')
        await sql`create or replace function keep_change_event_namespaces() returns trigger
          language plpgsql as ${sql.lit(`begin ${KEEP_NAMESPACES_FROM_INSERTED} return null; end`)}`.execute(
          db,
        );
      for (const table of ['registry_images_changes', 'cicd_images_changes']) {
        await createEventNamespaceTriggers(db, table);
        await sql`insert into change_event_namespaces (change_table, account, namespace)
          select distinct ${table}, account, namespace from ${sql.table(table)}
          where account is not null and namespace is not null`.execute(db);
      }
    },
  },

  // The risk summary and the facets under a namespace filter (substring, picks, a scope's
  // patterns; issue 25) without reading every image (1M: summary 675 ms, facets 3.2 s).
  // `<list>_risk_namespace_registries` (createNamespaceRegistryAggregate) holds the images per
  // group of the dimensions, namespace and registry name: the summary's counts and registries and
  // the facets' dimensions and registry names. `<list>_namespace_scan_time` covers the summary's
  // scan ages per namespace: the images of the matching namespaces scanned in the last 30 days
  // (risk-summary.ts), where the days' aggregate has no namespace.
  '0054_namespace_risk_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        await createNamespaceRegistryAggregate(db, spec);
        const dimensions = `severity_level scan_status ${spec.typeColumn} latest_version vul_num
          malicious_file_num unsafe_setting_num ${spec.extraColumns.join(' ')}`;
        await createIndexes(db, spec.table, {
          namespace_scan_time: `account namespace latest_scan_time ${dimensions}`,
        });
        // The facets' dimension groups under a namespace filter (lists/facets.ts), grouped while
        // walking it in the facets' grouping order, each entry's namespace tested against the
        // matching ones (a sorter over 36,000 groups at 1M took 93 ms of CPU).
        const present = riskDimensions(spec, 'namespaces', 'r').map(([column]) => column);
        const facetOrder = FACETS_GROUPING_ORDER.filter((column) => present.includes(column));
        await createIndexes(db, `${spec.table}_risk_namespaces`, {
          by_facets: `account ${facetOrder.join(' ')} namespace latest_scan_time images`,
        });
      }
    },
  },

  // The lists' pages under a basic-image filter (issue 22): each scanned list's images by base,
  // kept on write (images-by-base-schema.ts), walked in the page's order so that the page visits
  // only the images on the base, where the walk of the list's index probed basic_images for every
  // image of the account (a filter matching 6 % walked ~9,500 rows to reach offset 600).
  '0055_images_by_base': {
    async up(db: Kysely<unknown>) {
      await createByBaseTables(db);
    },
  },

  // The basic-image facets under namespace filters (lists/facets.ts): `<list>_risk_namespace_bases`
  // holds 0049's counts per group of the namespaces' dimensions (0035's, with the namespace), kept
  // by the same triggers, where the answer joined the matching images with basic_images at read
  // time (200k, 5 filters: 197 ms; 1M, namespace 'a': 8.2 s at load 7.5). Read through
  // `by_namespace`: each matching namespace sought per facet, then the dimension filters' values.
  '0056_namespace_base_facets': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        const aggregate = `${spec.table}_risk_namespace_bases`;
        const dimensions = riskDimensions(spec, 'namespaces', 'r');
        await createTable(
          db,
          aggregate,
          `account:text group_key:text ${dimensionKinds(dimensions)} facet:text value:text
            images:count`,
          'account group_key facet value',
        );
        await createBaseFacetAggregates(db, {
          table: spec.table,
          key: spec.key,
          dimensions: (row) => riskDimensions(spec, 'namespaces', row),
          aggregate,
        });
        const others = dimensions
          .map(([column]) => column)
          .filter((column) => column !== 'namespace');
        await createIndexes(db, aggregate, {
          by_namespace: `account facet namespace ${others.join(' ')} value images`,
        });
        // The same per namespace and severity only: the groups above hold about as many entries
        // as their images (1M, namespace 'a': 155,400 read for one facet, 108 ms of CPU), so the
        // namespace filters alone or with severities read these (about 50 values a namespace).
        const bySeverity = `${spec.table}_risk_namespace_severity_bases`;
        const severityDimensions = (row: string): Array<[string, string]> => [
          ['namespace', `${row}.namespace`],
          ['severity_level', `${row}.severity_level`],
        ];
        await createTable(
          db,
          bySeverity,
          `account:text group_key:text namespace severity_level facet:text value:text images:count`,
          'account group_key facet value',
        );
        await createBaseFacetAggregates(db, {
          table: spec.table,
          key: spec.key,
          dimensions: severityDimensions,
          aggregate: bySeverity,
        });
        await createIndexes(db, bySeverity, {
          by_namespace: 'account facet namespace severity_level value images',
        });
      }
    },
  },

  // `<list>_risk_namespace_days`: the images per namespace, severity and UTC day of the scan, for
  // the risk summary's scan ages under a namespace filter (risk-summary.ts): at 1M, a month of
  // the 270 namespaces matching `a` is 39,000 groups (16,000 of two severities) instead of
  // 235,000 image index entries. Read per namespace from the recent days on, all severities in
  // one range (a second index seeking the severities asked saved no measurable CPU at load 17 and
  // cost a 2,000-image rescan 85 ms more; the aggregate alone costs it 190 ms, +17 %).
  '0057_namespace_day_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS)
        await createKeptAggregate(db, spec, 'namespace_days', {
          by_namespace_day: 'account namespace latest_scan_time severity_level images',
        });
    },
  },

  // The scan-status walk (0021's rank index) covers the risk filters as 0052's walks do: under a
  // filter, the walk of a sort by scan status read each entry's row to test it, and in descending
  // order the failed scans (no findings) come first, so a page of images with vulnerabilities
  // crossed them all before its first match: at 1,000,000 images, 87,000 rows read, 186 ms of
  // CPU for the statement; index entries only now.
  '0059_scan_status_walk_covering': {
    async up(db: Kysely<unknown>) {
      const scanStatusRank = sql.raw(
        "(case scan_status when 'unscan' then 0 when 'waiting_for_scan' then 1 when 'scanning' then 2 when 'success' then 3 when 'failed' then 4 when 'download_failed' then 5 when 'image_oversized' then 6 else 7 end)",
      );
      const lists = [
        ['registry_images', 'length(id), id', 'image_type'],
        ['cicd_images', 'image_id, record_key', 'pipeline_type'],
      ] as const;
      for (const [table, tieBreak, typeColumn] of lists) {
        const index = `${table}_sort_scan_status_rank`;
        await sql`drop index ${sql.ref(index)}`.execute(db);
        await sql`create index ${sql.ref(index)} on ${sql.table(table)} (account,
          ${scanStatusRank}, ${sql.raw(tieBreak)}, severity_level, scan_status, vul_num,
          malicious_file_num, unsafe_setting_num, latest_version, ${sql.ref(typeColumn)},
          image_digest)`.execute(db);
      }
    },
  },

  // `<list>_risk_namespace_facets`: the images per namespace and value of each facet dimension on
  // its own, for the risk summary and the facets under a namespace filter alone (see
  // namespace-facet-aggregates-schema.ts): at 1M, 0054's groups of the 270 namespaces matching `a`
  // were 32 ms of the summary's CPU and 37 ms of the facets' registry names.
  '0061_namespace_facet_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) await createNamespaceFacetAggregate(db, spec);
    },
  },

  // Recording an event cost a cycle more than it should (issue 21: a 2,000-change cycle at 1.14
  // times one without events, bound 1.10): 0030's (account, severity, type, namespace) index put
  // each new event in one of thousands of groups, scattered leaf pages. One index in the walk
  // order (change id) that covers the feed's filter columns replaces it and 0023's `_order`:
  // each insert appends at its end. The per-type counts under a severity or namespace filter,
  // which read 0030's index, read `change_event_groups` (events per account, severity,
  // namespace and type, a few thousand rows, kept by triggers like 0034's counts); the filtered
  // pages walk the new index's entries newest first. The groups also answer 0034's counts per
  // type and 0053's namespaces (a group stays when its events are deleted, as a namespace
  // did): one trigger per event instead of three. A list added later calls
  // createEventGroupTriggers on its change table.
  '0063_change_walk_index': {
    async up(db: Kysely<unknown>) {
      await createTable(
        db,
        'change_event_groups',
        'change_table:text account:note severity_level:note namespace:note event_type:text events:count',
      );
      await sql`create unique index change_event_groups_key on change_event_groups
        (change_table, account, severity_level, namespace, event_type)`.execute(db);
      if (dialectOf(db) === 'postgres') await createKeptEventFunctions(db, EVENT_GROUPS);
      const postgres = dialectOf(db) === 'postgres';
      for (const table of ['registry_images_changes', 'cicd_images_changes']) {
        // The groups answer what 0034's counts and 0053's namespaces kept: their triggers go.
        for (const trigger of [
          'counts_insert',
          'counts_delete',
          'counts_update',
          'namespaces_insert',
          'namespaces_update',
        ])
          await sql`drop trigger ${sql.ref(`${table}_${trigger}`)}${
            postgres ? sql` on ${sql.table(table)}` : sql``
          }`.execute(db);
        await sql`drop index ${sql.ref(`${table}_severity`)}`.execute(db);
        await sql`drop index ${sql.ref(`${table}_order`)}`.execute(db);
        await sql`create index ${sql.ref(`${table}_walk`)} on ${sql.table(table)}
          (account, change_id, severity_level, namespace, event_type)`.execute(db);
        await createEventGroupTriggers(db, table);
        await sql`insert into change_event_groups (change_table, account, severity_level,
            namespace, event_type, events)
          select ${table}, account, severity_level, namespace, event_type, count(*)
          from ${sql.table(table)} group by account, severity_level, namespace, event_type`.execute(
          db,
        );
      }
      await sql`drop table change_event_counts`.execute(db);
      await sql`drop table change_event_namespaces`.execute(db);
      if (postgres)
        for (const fn of [
          'count_inserted_change_events',
          'count_removed_change_events',
          'count_updated_change_events',
          'keep_change_event_namespaces',
        ])
          await sql`drop function ${sql.ref(fn)}()`.execute(db);
    },
  },

  // `<list>_risk_base_groups` (base-group-aggregates-schema.ts): the images per group of the
  // counts' dimensions with the registry name, per value of their bases (OS, OS version, layer,
  // earliest end-of-life date) and per such value and OS / OS version, kept on write. The facets
  // under one basic-image filter walked the filter's images joined to their rows once per part
  // (1M: Debian 1.3 s, end of life 5.4-5.9 s of CPU); they read these groups.
  '0064_base_group_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        const aggregate = baseGroupTable(spec.table);
        const dimensions = riskDimensions(spec, 'counts', 'r');
        await createTable(
          db,
          aggregate,
          `account:text group_key:text ${dimensionKinds(dimensions)} facet:text value:text
            cross_facet:text cross_value:text images:count`,
          'account group_key facet value cross_facet cross_value',
        );
        await createBaseGroupAggregate(db, {
          table: spec.table,
          dimensions: (row) => riskDimensions(spec, 'counts', row),
        });
        const others = dimensions.map(([column]) => column);
        await createIndexes(db, aggregate, {
          by_value: `account facet cross_facet value cross_value ${others.join(' ')} images`,
        });
      }
    },
  },

  // The export's multi-arch columns (lists/multi-arch.ts multiArchExportColumns) sum each
  // parent's members, found by namespace, name and tag among the rows that are not parents: 0044's
  // family index holds parents only, so each lookup read the account's rows through an index on
  // the account or the namespace alone (the bench's 200,000-image export, 8,474 parents, on an
  // inventory without statistics: over 7 minutes of CPU instead of seconds). Partial: members only.
  '0065_family_members_index': {
    async up(db: Kysely<unknown>) {
      await sql`create index registry_images_family_members on registry_images
        (account, namespace, image_name, image_version) where is_multiple_arch = 0`.execute(db);
    },
  },

  // `<list>_risk_namespace_base_groups` (base-group-aggregates-schema.ts, without the cross
  // values): the images per namespace, registry name and severity, per value of their bases (OS,
  // OS version, layer, earliest end-of-life date), kept on write. The namespace top under a layer
  // or end of life, and under any base value with a registry name, walked the value's images
  // joined to their rows (1M: `eol=true` 459,000 rows, ~0.85 s of CPU); it reads these groups.
  '0066_namespace_base_groups': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        const aggregate = `${spec.table}_risk_namespace_base_groups`;
        const dimensions = namespaceBaseGroupDimensions(spec);
        await createTable(
          db,
          aggregate,
          `account:text group_key:text namespace ${spec.registryColumn} severity_level facet:text
            value:text cross_facet:text cross_value:text images:count`,
          'account group_key facet value cross_facet cross_value',
        );
        await createBaseGroupAggregate(db, {
          table: spec.table,
          dimensions,
          aggregate,
          crossFacets: [],
        });
        await createIndexes(db, aggregate, {
          by_value: `account facet value namespace ${spec.registryColumn} severity_level images`,
        });
      }
    },
  },

  // 0064's groups rebuilt (base-group-aggregates-schema.ts, the same triggers): CI/CD's without
  // the pipeline name, which its facets do not show as a top and which made about one group per
  // image (1M file: 634,707 rows for 100,000 images), and both keyed in the read order without
  // rowid on SQLite and without 0064's covering `by_value` index, which every moved count
  // rewrote (about 40 % of the triggers' cost on a 2,000-image rescan); an image row's triggers
  // read its digest's tuples kept in `basic_image_base_tuples` instead of computing them.
  '0067_base_groups_rekeyed': {
    async up(db: Kysely<unknown>) {
      await createBaseTuples(db);
      for (const spec of RISK_AGGREGATE_LISTS) {
        const aggregate = baseGroupTable(spec.table);
        const dimensions = (row: string) =>
          riskDimensions(spec, 'counts', row).filter(
            ([column]) => spec.baseGroupsByRegistry || column !== spec.registryColumn,
          );
        await dropBaseGroupAggregate(db, spec.table);
        await createKeyedBaseGroupTable(db, aggregate, dimensions('r'), BASE_GROUPS_KEY);
        await createBaseGroupAggregate(db, { table: spec.table, dimensions, keptTuples: true });
      }
    },
  },
  // The images per image name and severity (name-facet-aggregates-schema.ts): each dimension's
  // counts and the namespace (`<list>_risk_name_facets`), and 0067's base values without the
  // cross values (`<list>_risk_name_base_groups`). The facets under an image name, with or
  // without a severity filter, sum the matching names' counts; they read the matching rows
  // (1M, `nginx`: 24,460 rows, 133-252 ms of CPU an answer).
  '0068_name_facet_aggregates': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        await createNameFacetAggregate(db, spec);
        const aggregate = nameBaseGroupTable(spec.table);
        const dimensions = (row: string) =>
          NAME_FACET_KEYS.map((key): [string, string] => [key, `${row}.${key}`]);
        await createKeyedBaseGroupTable(db, aggregate, dimensions('r'), BASE_GROUPS_KEY);
        await createBaseGroupAggregate(db, {
          table: spec.table,
          dimensions,
          aggregate,
          crossFacets: [],
          keptTuples: true,
        });
      }
    },
  },

  // 0066's groups per namespace rebuilt as 0067 rebuilt 0064's: keyed in the read order without
  // rowid on SQLite and without 0066's covering `by_value` index (`images` in it: every moved
  // count rewrote an entry), the image rows' triggers reading 0067's kept tuples (those without
  // cross values) instead of computing them. And CI/CD's groups with the pipeline name per base
  // value (0064's CI/CD groups in 0067's form, `<list>_risk_pipeline_base_groups`): a pipeline-name
  // filter beside a base filter walked the base's images joined to their rows for each part of
  // the facets (1M, Debian with `cicd_name=nginx`: 338 ms of CPU); 0067 left the name out of the
  // groups every other base filter reads, as they were about one row per image with it.
  '0069_namespace_base_groups_rekeyed': {
    async up(db: Kysely<unknown>) {
      for (const spec of RISK_AGGREGATE_LISTS) {
        const namespaceGroups = `${spec.table}_risk_namespace_base_groups`;
        const dimensions = namespaceBaseGroupDimensions(spec);
        // Keyed by its dimensions (their text is the group key) after the value: the namespace
        // top under one value reads the key in the namespaces' order, grouped as it streams (in
        // 0067's order, behind the group key, a sorter: 1M, the busiest layer 2 → 97 ms of CPU).
        const key = [
          'account',
          'facet',
          'value',
          ...dimensions('r').map(([column]) => column),
          'cross_facet',
          'cross_value',
        ];
        await dropBaseGroupAggregate(db, spec.table, namespaceGroups);
        await createKeyedBaseGroupTable(db, namespaceGroups, dimensions('r'), key);
        await createBaseGroupAggregate(db, {
          table: spec.table,
          dimensions,
          aggregate: namespaceGroups,
          crossFacets: [],
          keptTuples: true,
          key,
        });
        if (spec.baseGroupsByRegistry) continue;
        const pipelineGroups = `${spec.table}_risk_pipeline_base_groups`;
        const withPipeline = (row: string) => riskDimensions(spec, 'counts', row);
        await createKeyedBaseGroupTable(db, pipelineGroups, withPipeline('r'), BASE_GROUPS_KEY);
        await createBaseGroupAggregate(db, {
          table: spec.table,
          dimensions: withPipeline,
          aggregate: pipelineGroups,
          keptTuples: true,
        });
      }
    },
  },
  // The facets and the risk summary under an image name with any other filter (1M, `nginx` +
  // scan status success: 24,460 rows sought one by one, 158-212 ms of CPU for the facets; every
  // row of the table read, 5-6 s, for the summary) read the matching names' ranges of an index led
  // by the name and holding every column those filters, the facets and the summary read, so that
  // the rows come in order from the index without a table seek (lists/image-names.ts). SQLite
  // only: PostgreSQL reads the parts apart and cannot seek a substring.
  '0070_name_facets_index': {
    async up(db: Kysely<unknown>) {
      if (dialectOf(db) !== 'sqlite') return;
      // 0012's facets columns (the counts as `> 0` for a grouping in the index's order, raw at the
      // end for the filters) after the name, then the tops', the digest (basic-image filters) and
      // the scan time (the risk summary's scan ages, 0015's columns).
      await sql`create index registry_images_name_facets on registry_images (account, image_name,
        severity_level, scan_status, image_type, registry_type, latest_version, is_multiple_arch,
        (vul_num > 0), (malicious_file_num > 0), (unsafe_setting_num > 0), namespace,
        registry_name, image_digest, latest_scan_time, vul_num, malicious_file_num,
        unsafe_setting_num)`.execute(db);
      await sql`create index cicd_images_name_facets on cicd_images (account, image_name,
        severity_level, scan_status, pipeline_type, latest_version, (vul_num > 0),
        (malicious_file_num > 0), (unsafe_setting_num > 0), namespace, cicd_name, image_digest,
        latest_scan_time, vul_num, malicious_file_num, unsafe_setting_num)`.execute(db);
    },
  },
};

/** 0067's key of the base groups, in the read order. */
const BASE_GROUPS_KEY = ['account', 'facet', 'cross_facet', 'value', 'cross_value', 'group_key'];

/**
 * 0067's base groups table (base-group-aggregates-schema.ts) with these dimensions, keyed by `key`
 * without rowid on SQLite: no other index, so a moved count rewrites one entry.
 */
async function createKeyedBaseGroupTable(
  db: Kysely<unknown>,
  aggregate: string,
  dimensions: Array<[string, string]>,
  key: readonly string[],
): Promise<void> {
  let table = addColumns(
    db.schema.createTable(aggregate),
    textType(db),
    `account:text group_key:text ${dimensionKinds(dimensions)} facet:text value:text
      cross_facet:text cross_value:text images:count`,
  ).addPrimaryKeyConstraint(`${aggregate}_pk`, [...key]);
  if (dialectOf(db) === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();
}

/** 0066's dimensions of the groups per namespace: the namespace, registry field and severity. */
function namespaceBaseGroupDimensions(spec: RiskAggregateSpec) {
  return (row: string): Array<[string, string]> => [
    ['namespace', `${row}.namespace`],
    [spec.registryColumn, `${row}.${spec.registryColumn}`],
    ['severity_level', `${row}.severity_level`],
  ];
}

/** The columns of a change table that are the event's own (0023), not copied from the image. */
const EVENT_COLUMNS_0023 = [
  'change_id',
  'change_at',
  'event_type',
  'change_before',
  'change_after',
];
/** The image's columns each event row keeps from 0051 on: the feed's indexes (0023, 0030) read them. */
const EVENT_IMAGE_COLUMNS_0051 = ['account', 'namespace', 'severity_level'];

/**
 * Migration 0051 for one list: the image's columns move from each event row to a snapshot row
 * (`<list table>_change_snapshots`), one per migrated event (its id the event's change id), and
 * the event row keeps only its own columns, the indexed image columns and `snapshot_id`.
 */
async function splitChangeSnapshots(db: Kysely<unknown>, listTable: string): Promise<void> {
  const changes = `${listTable}_changes`;
  const snapshots = `${listTable}_change_snapshots`;
  const declared = await declaredColumns(db, changes);
  const copied = declared.filter((column) => !EVENT_COLUMNS_0023.includes(column.name));
  const copiedNames = sql.join(copied.map((column) => sql.ref(column.name)));
  await sql`create table ${sql.table(snapshots)} (${identityColumn(db, 'snapshot_id')},
    ${sql.join(copied.map((column) => sql`${sql.ref(column.name)} ${sql.raw(column.type)}`))})`.execute(
    db,
  );
  await sql`insert into ${sql.table(snapshots)} (snapshot_id, ${copiedNames})
    select change_id, ${copiedNames} from ${sql.table(changes)}
    where event_type <> 'baseline'`.execute(db);
  const dropped = copied.filter((column) => !EVENT_IMAGE_COLUMNS_0051.includes(column.name));
  if (dialectOf(db) === 'postgres') {
    // Explicit ids do not move the identity's sequence: new snapshots start after them.
    await sql`select setval(pg_get_serial_sequence(${snapshots}, 'snapshot_id'),
      max(snapshot_id)) from ${sql.table(snapshots)}`.execute(db);
    await sql`alter table ${sql.table(changes)} add column snapshot_id bigint`.execute(db);
    // Not an update of account or event_type: the count triggers (0034) do not fire.
    await sql`update ${sql.table(changes)} set snapshot_id = change_id
      where event_type <> 'baseline'`.execute(db);
    await sql`alter table ${sql.table(changes)} ${sql.join(
      dropped.map((column) => sql`drop column ${sql.ref(column.name)}`),
    )}`.execute(db);
    return;
  }
  // SQLite rewrites the whole table for each dropped column: build the narrow one and copy once.
  const narrow = `${changes}_0051`;
  const kept = declared.filter(
    (column) =>
      EVENT_COLUMNS_0023.includes(column.name) || EVENT_IMAGE_COLUMNS_0051.includes(column.name),
  );
  const keptNames = sql.join(kept.map((column) => sql.ref(column.name)));
  const keptDefinitions = kept
    .filter((column) => column.name !== 'change_id')
    .map((column) => {
      const required = column.name === 'change_at' || column.name === 'event_type';
      return sql`${sql.ref(column.name)} ${sql.raw(column.type)}${sql.raw(required ? ' not null' : '')}`;
    });
  await sql`create table ${sql.table(narrow)} (${identityColumn(db, 'change_id')},
    ${sql.join(keptDefinitions)}, snapshot_id bigint)`.execute(db);
  await sql`insert into ${sql.table(narrow)} (${keptNames}, snapshot_id)
    select ${keptNames}, case when event_type = 'baseline' then null else change_id end
    from ${sql.table(changes)}`.execute(db);
  // The old table's indexes and count triggers go with it; the counts stay (same events).
  await sql`drop table ${sql.table(changes)}`.execute(db);
  await sql`alter table ${sql.table(narrow)} rename to ${sql.table(changes)}`.execute(db);
  await createChangeOrderIndexes(db, changes);
  await createIndexes(db, changes, { severity: 'account severity_level event_type namespace' });
  await createEventCountTriggers(db, changes);
}

/**
 * Whether the database holds no trace of anyone but the dashboard token's holder (unscoped):
 * no session of a signed-in user, no API token with a scope, no one else in the audit trail.
 */
async function onlyTheDashboardTokenSignedIn(db: Kysely<unknown>): Promise<boolean> {
  const sessions = await sql<{ n: number | string }>`select count(*) as n from sessions
    where principal is not null`.execute(db);
  if (Number(sessions.rows[0]?.n ?? 0) > 0) return false;
  const tokens = await sql<{ scope: string }>`select scope from api_tokens`.execute(db);
  const scoped = tokens.rows.some((row) => {
    const scope = JSON.parse(row.scope) as { accounts: unknown; namespaces: unknown };
    return scope.accounts !== null || scope.namespaces !== null;
  });
  if (scoped) return false;
  const others = await sql<{ n: number | string }>`select count(*) as n from audit_log
    where actor not in ('dashboard-token', 'anonymous')`.execute(db);
  return Number(others.rows[0]?.n ?? 0) === 0;
}

/**
 * The facets' grouping order (lists/facets.ts), the order of 0012's `*_facets` indexes, in which
 * 0054 built its `by_facets` indexes. Written out here, not read from the facets' code: a released
 * migration must build the same index whatever the code later becomes; the facets read it from
 * here.
 */
export const FACETS_GROUPING_ORDER: readonly string[] = [
  'severity_level',
  'scan_status',
  'image_type',
  'pipeline_type',
  'registry_type',
  'latest_version',
  'is_multiple_arch',
  'vul_num',
  'malicious_file_num',
  'unsafe_setting_num',
];

/** The lists whose free text a trigram index serves (0037, 0046); a list added later adds itself. */
export const SEARCH_TRIGRAM_TABLES: readonly string[] = [
  'registry_images',
  'cicd_images',
  'acr_tags',
];

/** The columns a free-text search compares whole (0046's case-folded indexes). */
export const SEARCH_EQUALITY_COLUMNS: readonly string[] = [
  'namespace',
  'image_name',
  'image_version',
];

/** What the trigram index holds of a row (`row`: `new.`, `old.` or nothing). */
const searchReference = (row: string) =>
  `lower(${row}namespace || '/' || ${row}image_name || ':' || ${row}image_version)`;
const searchDigest = (row: string) => `lower(${row}image_digest)`;
/** The indexed expressions as a query must spell them (PostgreSQL matches an index by its text). */
export const SEARCH_REFERENCE = searchReference('');
export const SEARCH_DIGEST = searchDigest('');

/**
 * The trigram index of one searchable list's free text: the same expressions as the search's own
 * (lists/filters.ts), so PostgreSQL's planner matches them; on SQLite the FTS5 table
 * `${table}_search` (reference, digest) and the triggers that keep it in step. An update that
 * leaves the four columns as they were (every upsert rewrites them) does not touch it.
 */
export async function createSearchTrigrams(db: Kysely<unknown>, table: string): Promise<void> {
  const fts = `${table}_search`;
  if (dialectOf(db) === 'postgres') {
    await sql`create index ${sql.ref(`${table}_text_reference`)} on ${sql.table(table)}
      using gin (${sql.raw(searchReference(''))} gin_trgm_ops)`.execute(db);
    await sql`create index ${sql.ref(`${table}_text_digest`)} on ${sql.table(table)}
      using gin (${sql.raw(searchDigest(''))} gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`create virtual table ${sql.table(fts)} using fts5(reference, digest,
    tokenize = 'trigram', content = '', contentless_delete = 1)`.execute(db);
  await sql`insert into ${sql.table(fts)} (rowid, reference, digest)
    select rowid, ${sql.raw(searchReference(''))}, ${sql.raw(searchDigest(''))}
    from ${sql.table(table)}`.execute(db);
  const insert = (row: string) => `insert into ${fts} (rowid, reference, digest)
    values (${row}rowid, ${searchReference(row)}, ${searchDigest(row)});`;
  const remove = (row: string) => `delete from ${fts} where rowid = ${row}rowid;`;
  const statements = [
    `create trigger ${fts}_insert after insert on ${table} begin ${insert('new.')} end`,
    `create trigger ${fts}_delete after delete on ${table} begin ${remove('old.')} end`,
    `create trigger ${fts}_update after update of namespace, image_name, image_version,
      image_digest on ${table}
      when old.namespace is not new.namespace or old.image_name is not new.image_name
        or old.image_version is not new.image_version or old.image_digest is not new.image_digest
      begin ${remove('old.')} ${insert('new.')} end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export const inventoryMigrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

export const LATEST_MIGRATION = Object.keys(migrations).at(-1) ?? '';
