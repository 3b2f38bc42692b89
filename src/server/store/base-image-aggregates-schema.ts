// Migration 0042's tables and triggers: the base-images answer's sums kept in every transaction
// that writes the image tables or basic_images (issue 22), instead of one JSON aggregate
// recomputed whole after any write (2.3 s over 200,000 images).
//
// - `basic_image_bases`: basic_images counted per digest and distinct base (the answer counts a
//   base once per digest whatever its positions), with the base's end-of-life date.
// - `base_image_namespaces`: per base and namespace, the images built on it (both lists), the
//   high-risk ones and their vulnerabilities; the page's rows are its sums per base.
// - `base_image_scan_times`: per base, namespace and scan time, the images scanned then (rows
//   of no image are deleted), so the newest and oldest scan are one index seek each.
// - `base_image_eol_images`: images per namespace by the earliest end-of-life date of their bases.
// - `base_image_digests` and `base_image_enrichment`: the askable images per digest, and per
//   account the digests to ask, answered, and answered "none" (the enrichment's progress).
//
// Every sum is additive, so a write adds its rows' contributions with the sign of the change: the
// image side from the rows written (SQLite per row, PostgreSQL per statement from its transition
// tables), the basic-image side when a base of a digest appears or disappears (per row on both).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect';

export const BASE_IMAGE_AGGREGATE_TABLES = [
  'basic_image_bases',
  'base_image_namespaces',
  'base_image_scan_times',
  'base_image_eol_images',
  'base_image_digests',
  'base_image_enrichment',
] as const;

/** Repository image types ListImageBasicImage takes (seed 000, frozen as of this migration). */
const ASKABLE_REGISTRY_TYPES =
  "'private_image', 'shared_image', 'instance_image', 'cicd', 'harbor'";

const IMAGE_LISTS = [
  { table: 'registry_images', registry: 1, askable: `image_type in (${ASKABLE_REGISTRY_TYPES})` },
  { table: 'cicd_images', registry: 0, askable: '1 = 1' },
] as const;

/** `sum += excluded` for each column (an upsert's update). */
const addExcluded = (table: string, columns: readonly string[]) =>
  columns.map((column) => `${column} = ${table}.${column} + excluded.${column}`).join(', ');

/**
 * The image side's sums and the columns whose change moves them: the per-base sums, the earliest
 * end-of-life dates (by digest and namespace only) and the askable digests. SQLite updates a
 * part only when its columns change (a rescan moves the first part alone).
 */
type ImagePart = 'sums' | 'eol' | 'digests';
const IMAGE_PARTS: readonly ImagePart[] = ['sums', 'eol', 'digests'];
const PART_COLUMNS: Record<ImagePart, readonly string[]> = {
  sums: ['account', 'image_digest', 'namespace', 'severity_level', 'vul_num', 'latest_scan_time'],
  eol: ['account', 'image_digest', 'namespace'],
  digests: ['account', 'image_digest', 'image_type'],
};

/**
 * The image side: adds `sign` times the contributions of the image rows of relation `rows` (its
 * columns: account, image_digest, namespace, registry, high, vul_num, latest_scan_time, askable).
 */
function imageContributions(
  rows: string,
  sign: 1 | -1,
  parts: readonly ImagePart[] = IMAGE_PARTS,
): string {
  const bases = `join basic_image_bases b on b.account = r.account
    and b.image_digest = r.image_digest and b.kind = 'base' and b.positions > 0`;
  const sums = ['images', 'registry_images', 'cicd_images', 'high_risk_images', 'vul_num'];
  const statements: Record<ImagePart, string> = {
    sums: `
    insert into base_image_namespaces (account, os_name, os_version, layer_digest, namespace,
      ${sums.join(', ')})
    select r.account, b.os_name, b.os_version, b.layer_digest, r.namespace, ${sign} * count(*),
      ${sign} * sum(r.registry), ${sign} * sum(1 - r.registry), ${sign} * sum(r.high),
      ${sign} * sum(r.vul_num)
    from ${rows} r ${bases} where r.image_digest <> ''
    group by r.account, b.os_name, b.os_version, b.layer_digest, r.namespace
    on conflict (account, os_name, os_version, layer_digest, namespace)
    do update set ${addExcluded('base_image_namespaces', sums)};
    insert into base_image_scan_times (account, namespace, latest_scan_time, os_name, os_version,
      layer_digest, images)
    select r.account, r.namespace, r.latest_scan_time, b.os_name, b.os_version, b.layer_digest,
      ${sign} * count(*)
    from ${rows} r ${bases} where r.image_digest <> '' and r.latest_scan_time is not null
    group by r.account, r.namespace, r.latest_scan_time, b.os_name, b.os_version, b.layer_digest
    on conflict (account, namespace, latest_scan_time, os_name, os_version, layer_digest)
    do update set ${addExcluded('base_image_scan_times', ['images'])};`,
    eol: `
    insert into base_image_eol_images (account, namespace, eol_date, images)
    select account, namespace, eol_date, ${sign} * count(*) from (
      select r.account, r.namespace, (select min(nullif(b.eol_date, '')) from basic_image_bases b
        where b.account = r.account and b.image_digest = r.image_digest and b.kind = 'base'
          and b.positions > 0) as eol_date
      from ${rows} r) e
    where eol_date is not null group by account, namespace, eol_date
    on conflict (account, namespace, eol_date)
    do update set ${addExcluded('base_image_eol_images', ['images'])};`,
    digests: `
    insert into base_image_digests (account, image_digest, images)
    select r.account, r.image_digest, ${sign} * count(*) from ${rows} r
    where r.askable = 1 and r.image_digest <> '' group by r.account, r.image_digest
    on conflict (account, image_digest)
    do update set ${addExcluded('base_image_digests', ['images'])};`,
  };
  return parts.map((part) => statements[part]).join('');
}

/** Scan-time rows left with no image by the rows of relation `rows` (after a subtraction). */
const dropEmptyScanTimes = (rows: string) => `
  delete from base_image_scan_times where images = 0
    and (account, namespace, latest_scan_time) in
      (select account, namespace, latest_scan_time from ${rows} r);`;

/** An image relation's columns from `source` (a row `new`/`old`, or a transition table). */
function imageRows(list: (typeof IMAGE_LISTS)[number], source: string, isRow: boolean): string {
  const prefix = isRow ? `${source}.` : '';
  const columns = `${prefix}account as account, ${prefix}image_digest as image_digest,
    ${prefix}namespace as namespace, ${list.registry} as registry,
    case when ${prefix}severity_level = 'High' then 1 else 0 end as high,
    ${prefix}vul_num as vul_num, ${prefix}latest_scan_time as latest_scan_time,
    case when ${list.askable.replace('image_type', `${prefix}image_type`)} then 1 else 0 end
      as askable`;
  return isRow ? `(select ${columns})` : `(select ${columns} from ${source})`;
}

/**
 * A digest's base (row `new` of basic_image_bases) appeared (positions 0 → > 0) or disappeared:
 * the digest's images join or leave its sums, and the enrichment's answered digests move.
 */
function baseTransition(): string {
  const sign = '(case when new.positions > 0 then 1 else -1 end)';
  const digestImages = (columns: string) =>
    IMAGE_LISTS.map(
      (list) => `select ${list.registry} as registry, ${columns} from ${list.table}
        where account = new.account and image_digest = new.image_digest`,
    ).join(' union all ');
  const isBase = `new.kind = 'base' and new.image_digest <> ''`;
  const otherAnswers = (kind: string) => `exists (select 1 from basic_image_bases o
    where o.account = new.account and o.image_digest = new.image_digest and o.positions > 0
      ${kind} and not (o.kind = new.kind and o.os_name = new.os_name
        and o.os_version = new.os_version and o.layer_digest = new.layer_digest))`;
  const sums = ['images', 'registry_images', 'cicd_images', 'high_risk_images', 'vul_num'];
  return `
    insert into base_image_namespaces (account, os_name, os_version, layer_digest, namespace,
      ${sums.join(', ')})
    select new.account, new.os_name, new.os_version, new.layer_digest, i.namespace,
      ${sign} * count(*), ${sign} * sum(i.registry), ${sign} * sum(1 - i.registry),
      ${sign} * sum(case when i.severity_level = 'High' then 1 else 0 end), ${sign} * sum(i.vul_num)
    from (${digestImages('namespace, severity_level, vul_num')}) i where ${isBase}
    group by i.namespace
    on conflict (account, os_name, os_version, layer_digest, namespace)
    do update set ${addExcluded('base_image_namespaces', sums)};
    insert into base_image_scan_times (account, namespace, latest_scan_time, os_name, os_version,
      layer_digest, images)
    select new.account, i.namespace, i.latest_scan_time, new.os_name, new.os_version,
      new.layer_digest, ${sign} * count(*)
    from (${digestImages('namespace, latest_scan_time')}) i
    where ${isBase} and i.latest_scan_time is not null
    group by i.namespace, i.latest_scan_time
    on conflict (account, namespace, latest_scan_time, os_name, os_version, layer_digest)
    do update set ${addExcluded('base_image_scan_times', ['images'])};
    delete from base_image_scan_times where new.positions <= 0 and images = 0
      and account = new.account and os_name = new.os_name and os_version = new.os_version
      and layer_digest = new.layer_digest;
    insert into base_image_enrichment (account, total, known, none)
    select new.account, 0, case when ${otherAnswers('')} then 0 else ${sign} end,
      case when new.kind = 'none' and not ${otherAnswers("and o.kind = 'none'")}
        then ${sign} else 0 end
    from base_image_digests d
    where d.account = new.account and d.image_digest = new.image_digest and d.images > 0
    on conflict (account)
    do update set ${addExcluded('base_image_enrichment', ['total', 'known', 'none'])};`;
}

/**
 * A digest's earliest end-of-life date may have moved (a base of it appeared, disappeared or got
 * another date): its images move from the old date to the new one. `oldRow` says whether the
 * trigger has an `old` row (an update) whose base counted before.
 */
function earliestEndOfLifeMove(oldRow: boolean): string {
  const others = `select nullif(o.eol_date, '') as eol_date from basic_image_bases o
    where o.account = new.account and o.image_digest = new.image_digest and o.kind = 'base'
      and o.positions > 0 and not (o.os_name = new.os_name and o.os_version = new.os_version
        and o.layer_digest = new.layer_digest and o.kind = new.kind)`;
  const before = oldRow
    ? `${others} union all select case when old.positions > 0 and old.kind = 'base'
        then nullif(old.eol_date, '') end`
    : others;
  const images = IMAGE_LISTS.map(
    (list) => `select account, namespace from ${list.table}
      where account = new.account and image_digest = new.image_digest`,
  ).join(' union all ');
  return `
    insert into base_image_eol_images (account, namespace, eol_date, images)
    select i.account, i.namespace, m.eol_date, m.sign * count(*)
    from (${images}) i,
      (select (select min(eol_date) from (${before}) b) as eol_date, -1 as sign
       union all
       select (select min(nullif(a.eol_date, '')) from basic_image_bases a
         where a.account = new.account and a.image_digest = new.image_digest
           and a.kind = 'base' and a.positions > 0), 1) m
    where m.eol_date is not null
      and (select min(eol_date) from (${before}) b) is distinct from
        (select min(nullif(a.eol_date, '')) from basic_image_bases a
         where a.account = new.account and a.image_digest = new.image_digest
           and a.kind = 'base' and a.positions > 0)
    group by i.account, i.namespace, m.eol_date, m.sign
    on conflict (account, namespace, eol_date)
    do update set ${addExcluded('base_image_eol_images', ['images'])};`;
}

/** A digest's askable images went from none to some or back: the digests to ask move. */
function digestTransition(): string {
  const sign = '(case when new.images > 0 then 1 else -1 end)';
  const answered = (kind: string) => `exists (select 1 from basic_image_bases b
    where b.account = new.account and b.image_digest = new.image_digest and b.positions > 0 ${kind})`;
  return `
    insert into base_image_enrichment (account, total, known, none)
    values (new.account, ${sign}, case when ${answered('')} then ${sign} else 0 end,
      case when ${answered("and b.kind = 'none'")} then ${sign} else 0 end)
    on conflict (account)
    do update set ${addExcluded('base_image_enrichment', ['total', 'known', 'none'])};`;
}

/** basic_images row `row` counted `sign` times in basic_image_bases (with its date when added). */
function countBasicImage(row: 'new' | 'old', sign: 1 | -1): string {
  const date = sign > 0 ? `, eol_date = excluded.eol_date` : '';
  return `
    insert into basic_image_bases (account, image_digest, kind, os_name, os_version, layer_digest,
      eol_date, positions)
    values (${row}.account, ${row}.image_digest, ${row}.kind, ${row}.os_name, ${row}.os_version,
      ${row}.layer_digest, ${row}.eol_date, ${sign})
    on conflict (account, image_digest, kind, os_name, os_version, layer_digest)
    do update set positions = basic_image_bases.positions + excluded.positions${date};`;
}

/** A trigger (row-level, or on PostgreSQL per statement when `transitions` are given). */
export async function createTrigger(
  db: Kysely<unknown>,
  name: string,
  timing: { event: 'insert' | 'update' | 'delete'; table: string; when?: string },
  body: string,
  transitions?: string,
): Promise<void> {
  const when = timing.when === undefined ? '' : `when (${timing.when})`;
  if (dialectOf(db) === 'postgres') {
    await sql`create or replace function ${sql.ref(name)}() returns trigger language plpgsql
      as ${sql.lit(`begin ${body} return null; end`)}`.execute(db);
    const level = transitions === undefined ? 'for each row' : `${transitions} for each statement`;
    await sql
      .raw(
        `create trigger ${name} after ${timing.event} on ${timing.table} ${level} ${when}
        execute function ${name}()`,
      )
      .execute(db);
    return;
  }
  await sql
    .raw(
      `create trigger ${name} after ${timing.event} on ${timing.table} ${when} begin ${body} end`,
    )
    .execute(db);
}

/** Creates the tables and triggers of 0042 and fills them from the tables as they are. */
export async function createBaseImageAggregates(db: Kysely<unknown>): Promise<void> {
  await createBaseImageAggregateTables(db);
  for (const list of IMAGE_LISTS) await createImageListTriggers(db, list);
  await createBasicImageTriggers(db);
  await fillBaseImageAggregates(db);
}

/** The sums' tables (0042), keyed by what each sum is counted per. */
async function createBaseImageAggregateTables(db: Kysely<unknown>): Promise<void> {
  const text = dialectOf(db) === 'postgres' ? 'text collate "C"' : 'text';
  const tables: Array<[string, string, string]> = [
    [
      'basic_image_bases',
      `account ${text} not null, image_digest ${text} not null, kind ${text} not null,
        os_name ${text} not null, os_version ${text} not null, layer_digest ${text} not null,
        eol_date ${text} not null, positions bigint not null`,
      'account, image_digest, kind, os_name, os_version, layer_digest',
    ],
    [
      'base_image_namespaces',
      `account ${text} not null, os_name ${text} not null, os_version ${text} not null,
        layer_digest ${text} not null, namespace ${text} not null, images bigint not null,
        registry_images bigint not null, cicd_images bigint not null,
        high_risk_images bigint not null, vul_num bigint not null`,
      'account, os_name, os_version, layer_digest, namespace',
    ],
    [
      'base_image_scan_times',
      `account ${text} not null, namespace ${text} not null, latest_scan_time bigint not null,
        os_name ${text} not null, os_version ${text} not null, layer_digest ${text} not null,
        images bigint not null`,
      'account, namespace, latest_scan_time, os_name, os_version, layer_digest',
    ],
    [
      'base_image_eol_images',
      `account ${text} not null, namespace ${text} not null, eol_date ${text} not null,
        images bigint not null`,
      'account, namespace, eol_date',
    ],
    [
      'base_image_digests',
      `account ${text} not null, image_digest ${text} not null, images bigint not null`,
      'account, image_digest',
    ],
    [
      'base_image_enrichment',
      `account ${text} not null, total bigint not null, known bigint not null,
        none bigint not null`,
      'account',
    ],
  ];
  for (const [table, columns, key] of tables)
    await sql
      .raw(`create table ${table} (${columns}, constraint ${table}_pk primary key (${key}))`)
      .execute(db);
  // The newest and oldest scan of a base: one seek at either end.
  await sql
    .raw(
      `create index base_image_scan_times_base on base_image_scan_times
        (account, os_name, os_version, layer_digest, latest_scan_time)`,
    )
    .execute(db);
}

/** An image list's triggers: its rows' contributions to the sums, in the writing transaction. */
async function createImageListTriggers(
  db: Kysely<unknown>,
  list: (typeof IMAGE_LISTS)[number],
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const name = (event: string) => `${list.table}_base_${event}`;
  // PostgreSQL per statement over the transition tables, SQLite per row (the transitions unused).
  const added = postgres ? imageRows(list, 'inserted', false) : imageRows(list, 'new', true);
  const removed = postgres ? imageRows(list, 'removed', false) : imageRows(list, 'old', true);
  await createTrigger(
    db,
    name('insert'),
    { event: 'insert', table: list.table },
    imageContributions(added, 1),
    'referencing new table as inserted',
  );
  await createTrigger(
    db,
    name('delete'),
    { event: 'delete', table: list.table },
    imageContributions(removed, -1) + dropEmptyScanTimes(removed),
    'referencing old table as removed',
  );
  if (postgres) {
    await createTrigger(
      db,
      name('update'),
      { event: 'update', table: list.table },
      imageContributions(removed, -1) + imageContributions(added, 1) + dropEmptyScanTimes(removed),
      'referencing old table as removed new table as inserted',
    );
  } else {
    // Each part only when its columns move (a sync rewrites every row it sees).
    for (const part of IMAGE_PARTS) {
      const changed = PART_COLUMNS[part]
        .filter((column) => column !== 'image_type' || list.table === 'registry_images')
        .map((column) => `old.${column} is distinct from new.${column}`)
        .join(' or ');
      const dropEmpty = part === 'sums' ? dropEmptyScanTimes(removed) : '';
      await createTrigger(
        db,
        name(`update_${part}`),
        { event: 'update', table: list.table, when: changed },
        imageContributions(removed, -1, [part]) + imageContributions(added, 1, [part]) + dropEmpty,
      );
    }
  }
}

/** basic_images' triggers and those that move a base's or digest's counts as they appear. */
async function createBasicImageTriggers(db: Kysely<unknown>): Promise<void> {
  await createTrigger(
    db,
    'basic_images_bases_insert',
    { event: 'insert', table: 'basic_images' },
    countBasicImage('new', 1),
  );
  await createTrigger(
    db,
    'basic_images_bases_delete',
    { event: 'delete', table: 'basic_images' },
    countBasicImage('old', -1),
  );
  await createTrigger(
    db,
    'basic_images_bases_update',
    { event: 'update', table: 'basic_images' },
    countBasicImage('old', -1) + countBasicImage('new', 1),
  );
  const appeared = 'new.positions > 0';
  const moved = '(old.positions > 0) <> (new.positions > 0)';
  await createTrigger(
    db,
    'basic_image_bases_appear',
    { event: 'insert', table: 'basic_image_bases', when: appeared },
    baseTransition() + earliestEndOfLifeMove(false),
  );
  await createTrigger(
    db,
    'basic_image_bases_move',
    { event: 'update', table: 'basic_image_bases', when: moved },
    baseTransition(),
  );
  await createTrigger(
    db,
    'basic_image_bases_eol',
    {
      event: 'update',
      table: 'basic_image_bases',
      when: `${moved} or old.eol_date <> new.eol_date`,
    },
    earliestEndOfLifeMove(true),
  );
  await createTrigger(
    db,
    'base_image_digests_appear',
    { event: 'insert', table: 'base_image_digests', when: 'new.images > 0' },
    digestTransition(),
  );
  await createTrigger(
    db,
    'base_image_digests_move',
    { event: 'update', table: 'base_image_digests', when: '(old.images > 0) <> (new.images > 0)' },
    digestTransition(),
  );
}

/**
 * Fills the (empty) tables of 0042 from the image tables and basic_images, through the triggers:
 * the askable digests first (the enrichment's totals), then the bases (each brings its digest's
 * images into the sums).
 */
export async function fillBaseImageAggregates(db: Kysely<unknown>): Promise<void> {
  for (const list of IMAGE_LISTS)
    await sql
      .raw(
        `insert into base_image_digests (account, image_digest, images)
        select account, image_digest, count(*) from ${list.table}
        where image_digest <> '' and ${list.askable} group by account, image_digest
        on conflict (account, image_digest)
        do update set ${addExcluded('base_image_digests', ['images'])}`,
      )
      .execute(db);
  await sql
    .raw(
      `insert into basic_image_bases (account, image_digest, kind, os_name, os_version,
        layer_digest, eol_date, positions)
      select account, image_digest, kind, os_name, os_version, layer_digest, min(eol_date),
        count(*)
      from basic_images group by account, image_digest, kind, os_name, os_version, layer_digest`,
    )
    .execute(db);
  // PostgreSQL fires the row triggers of one statement after all its rows, so a digest's bases
  // inserted together each saw the others: the two sums that depend on the others, again whole.
  await sql.raw(`delete from base_image_eol_images`).execute(db);
  const images = IMAGE_LISTS.map(
    (list) => `select account, image_digest, namespace from ${list.table}`,
  ).join(' union all ');
  await sql
    .raw(
      `insert into base_image_eol_images (account, namespace, eol_date, images)
      select i.account, i.namespace, m.eol_date, count(*) from (${images}) i
      join (select account, image_digest, min(nullif(eol_date, '')) as eol_date
        from basic_image_bases where kind = 'base' and positions > 0
        group by account, image_digest) m
        on m.account = i.account and m.image_digest = i.image_digest
      where m.eol_date is not null group by i.account, i.namespace, m.eol_date`,
    )
    .execute(db);
  await sql.raw(`delete from base_image_enrichment`).execute(db);
  const answered = (kind: string) => `case when exists (select 1 from basic_image_bases b
    where b.account = d.account and b.image_digest = d.image_digest and b.positions > 0 ${kind})
    then 1 else 0 end`;
  await sql
    .raw(
      `insert into base_image_enrichment (account, total, known, none)
      select d.account, count(*), sum(${answered('')}), sum(${answered("and b.kind = 'none'")})
      from base_image_digests d where d.images > 0 group by d.account`,
    )
    .execute(db);
}
