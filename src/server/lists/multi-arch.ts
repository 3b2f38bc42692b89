// Multi-architecture families. HSS lists a multi-arch image as a parent row (the manifest list,
// never scanned itself) whose `association_images` name its per-architecture member rows, which
// share its namespace, name and tag and hold the findings. The lists show each row on its own,
// so a parent would read "not rated, 0/0/0" beside members with malicious files: every answer
// that shows a parent rolls its members' risk up (worst severity, summed counts), and every
// member names its parent. Computed per answered row from the members' own rows.
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import {
  AssociateImageSchema,
  type MultiArch,
  type MultiArchExportKey,
  type MultiArchRollup,
  type RegistryImage,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { dialectOf, inJsonStrings, type InventoryDialect } from '../store/dialect';
import { lockInventoryVersions } from '../store/inventory-version';
import { readBatch } from '../store/read-pool';
import type { RegistryImagesTable } from '../store/tables';

const AssociationListSchema = z.array(AssociateImageSchema);

/** The stored association list (JSON text); an unreadable one is empty. */
export function parseAssociations(text: string): RegistryImage['association_images'] {
  try {
    const parsed = AssociationListSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Worst first; '' (not rated) ranks below every level. */
const SEVERITY_RANK: Record<string, number> = { High: 4, Medium: 3, Low: 2, Security: 1 };

interface MemberRisk {
  id: string;
  scan_status: string;
  severity_level: string;
  vul_num: number;
  unsafe_setting_num: number;
  malicious_file_num: number;
}

/** The roll-up of a parent over the members the inventory holds (the others count as listed). */
export function rollUp(listed: number, members: readonly MemberRisk[]): MultiArchRollup {
  let severity = '';
  const rollup: MultiArchRollup = {
    severity_level: '',
    vul_num: 0,
    unsafe_setting_num: 0,
    malicious_file_num: 0,
    members: listed,
    members_scanned: 0,
  };
  for (const member of members) {
    if ((SEVERITY_RANK[member.severity_level] ?? 0) > (SEVERITY_RANK[severity] ?? 0))
      severity = member.severity_level;
    rollup.vul_num += member.vul_num;
    rollup.unsafe_setting_num += member.unsafe_setting_num;
    rollup.malicious_file_num += member.malicious_file_num;
    if (member.scan_status === 'success') rollup.members_scanned += 1;
  }
  rollup.severity_level = severity;
  return rollup;
}

interface ParentRow {
  id: string;
  image_digest: string;
  association_images: string;
}

/**
 * The two reads that decorate the rows (of registry_images under an alias) that pass `isRow` (a
 * page's rows in its read batch, or ids as a parameter): the members named by the parents among
 * them, and the parents of the others,
 * found by (account, namespace, image_name, image_version) in migration 0044's partial index of
 * parents. Their rows go to `decorateFamilies`, in this order.
 */
export function familyReads(
  dialect: InventoryDialect,
  account: string,
  isRow: (alias: string) => RawBuilder<unknown>,
): [RawBuilder<MemberRisk>, RawBuilder<ParentRow>] {
  const associationIds =
    dialect === 'sqlite'
      ? sql`select a.value ->> 'id' from registry_images p, json_each(p.association_images) as a
          where p.account = ${account} and ${isRow('p')} and p.is_multiple_arch = 1
          and json_valid(p.association_images)`
      : sql`select a.value ->> 'id' from registry_images p,
          jsonb_array_elements(cast(p.association_images as jsonb)) as a(value)
          where p.account = ${account} and ${isRow('p')} and p.is_multiple_arch = 1`;
  // A member's parent shares its namespace, name and tag; its association list names it. Each
  // row's parents are looked up from that row: SQLite keeps cross joins in the order written,
  // PostgreSQL evaluates a lateral subquery per row (`offset 0` keeps it from being flattened
  // into a join it may order the other way, reading every parent of the account).
  const sameFamily = sql`p.account = r.account and p.is_multiple_arch = 1
    and p.namespace = r.namespace and p.image_name = r.image_name
    and p.image_version = r.image_version`;
  const parentsOfRows =
    dialect === 'sqlite'
      ? sql`registry_images r cross join registry_images p on ${sameFamily}`
      : sql`registry_images r cross join lateral (select id, image_digest, association_images
          from registry_images p where ${sameFamily} offset 0) as p`;
  return [
    sql<MemberRisk>`select id, scan_status, severity_level, vul_num, unsafe_setting_num,
      malicious_file_num from registry_images where account = ${account}
      and id in (${associationIds})`,
    sql<ParentRow>`select distinct p.id, p.image_digest, p.association_images
      from ${parentsOfRows}
      where r.account = ${account} and ${isRow('r')} and r.is_multiple_arch = 0`,
  ];
}

/** SQLite: the parents' index read whole (pageFileWarmUp); the members are sought by key. */
export const FAMILY_WARM_UP = [
  'select sum(1) from registry_images indexed by registry_images_family where is_multiple_arch = 1',
];

/** The columns of a page row that `sqliteFamilyColumns` adds: its members, or its parents. */
const FAMILY_MEMBERS = 'family_members';
const FAMILY_PARENTS = 'family_parents';
const FAMILY_ORDER = 'family_order';

/**
 * SQLite: `familyReads`' two reads as two columns of the statement that reads the page's rows
 * (of registry_images, unaliased): a parent's members, another row's parents, each a JSON array
 * of the rows those reads return (NULL when the row has none to look for). Each is read from the
 * row the statement already holds, where the two statements each found every page row again
 * (1.5-2 ms of a page of 200 at 1,000,000 images against 0.9-1.1 ms: docs/benchmarks.md).
 */
export function sqliteFamilyColumns(): RawBuilder<unknown> {
  const row = (column: string) => sql.ref(`registry_images.${column}`);
  const members = sql`select json_group_array(json_object('id', m.id, 'scan_status', m.scan_status,
      'severity_level', m.severity_level, 'vul_num', m.vul_num,
      'unsafe_setting_num', m.unsafe_setting_num, 'malicious_file_num', m.malicious_file_num))
    from registry_images m where m.account = ${row('account')}
    and m.id in (select a.value ->> 'id' from json_each(${row('association_images')}) as a)`;
  const parents = sql`select json_group_array(json_object('id', p.id, 'image_digest', p.image_digest,
      'association_images', p.association_images))
    from registry_images p where p.account = ${row('account')} and p.is_multiple_arch = 1
    and p.namespace = ${row('namespace')} and p.image_name = ${row('image_name')}
    and p.image_version = ${row('image_version')}`;
  // CASE evaluates in order: json_each is opened only on valid JSON (it raises otherwise).
  return sql`case when ${row('is_multiple_arch')} = 1 and json_valid(${row('association_images')})
      then (${members}) end as ${sql.ref(FAMILY_MEMBERS)},
    case when ${row('is_multiple_arch')} = 0 then (${parents}) end as ${sql.ref(FAMILY_PARENTS)},
    ${row('rowid')} as ${sql.ref(FAMILY_ORDER)}`;
}

/**
 * `familyReads`' rows from a page's rows read with `sqliteFamilyColumns`, in the order its
 * parents statement read them (the rows by rowid, each parent once where it first appears, as
 * `select distinct` kept it): when two parents name the same member (ids repeated across
 * namespaces), the later one names it in `familyLookup`, so the order is part of the answer.
 */
export function familyReadsOfPageRows(
  rows: ReadonlyArray<Record<string, unknown>>,
): [Array<Record<string, unknown>>, Array<Record<string, unknown>>] {
  const members: Array<Record<string, unknown>> = [];
  const parents = new Map<string, Record<string, unknown>>();
  const each = (text: unknown, use: (row: Record<string, unknown>) => void) => {
    if (typeof text !== 'string' || text === '[]') return;
    for (const row of JSON.parse(text) as Array<Record<string, unknown>>) use(row);
  };
  const byRowid = [...rows].sort((a, b) => Number(a[FAMILY_ORDER]) - Number(b[FAMILY_ORDER]));
  for (const row of byRowid) {
    each(row[FAMILY_MEMBERS], (member) => members.push(member));
    each(row[FAMILY_PARENTS], (parent) => {
      if (!parents.has(String(parent.id))) parents.set(String(parent.id), parent);
    });
  }
  return [members, [...parents.values()]];
}

/** What a row's family is found from: its id, whether it is a parent, and its members' ids. */
interface FamilyFacts {
  id: string;
  is_multiple_arch: boolean;
  association_images: ReadonlyArray<{ id: string }>;
}

/**
 * A row's family from `familyReads`' rows: a parent gets the roll-up of its members, a member
 * its parent, any other row null.
 */
function familyLookup([members = [], parents = []]: ReadonlyArray<
  ReadonlyArray<Record<string, unknown>>
>): (row: FamilyFacts) => MultiArch | null {
  const memberById = new Map(
    (members as unknown as readonly MemberRisk[]).map((member) => [String(member.id), member]),
  );
  const parentOf = new Map<string, { id: string; image_digest: string }>();
  for (const parent of parents as unknown as readonly ParentRow[]) {
    for (const entry of parseAssociations(parent.association_images)) {
      parentOf.set(entry.id, { id: String(parent.id), image_digest: parent.image_digest });
    }
  }
  return (row) => {
    if (row.is_multiple_arch) {
      const own = row.association_images.flatMap((entry) => {
        const member = memberById.get(entry.id);
        return member ? [member] : [];
      });
      return { role: 'parent', rollup: rollUp(row.association_images.length, own) };
    }
    const parent = parentOf.get(row.id);
    return parent
      ? { role: 'member', parent_id: parent.id, parent_digest: parent.image_digest }
      : null;
  };
}

/** Each row with its family, from `familyReads`' rows (familyLookup). */
export function decorateFamilies<Row extends RegistryImage>(
  rows: readonly Row[],
  reads: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>,
): (Row & { multi_arch: MultiArch | null })[] {
  const familyOf = familyLookup(reads);
  return rows.map((row) => ({ ...row, multi_arch: familyOf(row) }));
}

/** The stored columns `pageFamily` reads. */
export const FAMILY_COLUMNS = ['id', 'is_multiple_arch', 'association_images'] as const;

/**
 * A stored page row's `multi_arch` field, from `familyReads`' rows (the list page, read as JSON
 * text: list-store.ts). Only a parent's association list is parsed.
 */
export function pageFamily(
  reads: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>,
): (stored: Record<string, unknown>) => { multi_arch: MultiArch | null } {
  const familyOf = familyLookup(reads);
  return (stored) => {
    const isParent = stored.is_multiple_arch === 1;
    const members = isParent ? parseAssociations(String(stored.association_images)) : [];
    return {
      multi_arch: familyOf({
        id: String(stored.id),
        is_multiple_arch: isParent,
        association_images: members,
      }),
    };
  };
}

/**
 * Each stored row with its family (a single image; a page's family reads ride in its own batch,
 * list-store.ts): two indexed reads in one round trip, whatever the number of rows.
 */
export async function withMultiArch<Row extends RegistryImage>(
  db: InventoryDb,
  account: string,
  rows: readonly Row[],
): Promise<(Row & { multi_arch: MultiArch | null })[]> {
  if (rows.length === 0) return [];
  const dialect = dialectOf(db);
  const ids = JSON.stringify(rows.map((row) => row.id));
  const isRow = (alias: string) => inJsonStrings(dialect, sql.ref(`${alias}.id`), ids);
  return decorateFamilies(rows, await readBatch(db, familyReads(dialect, account, isRow)));
}

/**
 * The export's multi-arch columns as SQL over the exported table (`registry_images`, unaliased),
 * so that a streamed export needs no second pass: the same roll-up as `withMultiArch`.
 */
export function multiArchExportColumns(
  dialect: InventoryDialect,
): Record<MultiArchExportKey, RawBuilder<unknown>> {
  const contains = (haystack: RawBuilder<unknown>, needle: RawBuilder<unknown>) =>
    dialect === 'postgres'
      ? sql`strpos(${haystack}, ${needle}) > 0`
      : sql`instr(${haystack}, ${needle}) > 0`;
  const isMember = sql`m.account = registry_images.account
    and m.image_name = registry_images.image_name and m.namespace = registry_images.namespace
    and m.image_version = registry_images.image_version and m.is_multiple_arch = 0
    and ${contains(sql`registry_images.association_images`, sql`'"id":"' || m.id || '"'`)}`;
  const sumOf = (column: string) =>
    sql`case when registry_images.is_multiple_arch = 1 then (select coalesce(sum(${sql.ref(`m.${column}`)}), 0)
      from registry_images m where ${isMember}) end`;
  return {
    multi_arch: sql`case when registry_images.is_multiple_arch = 1
      then 'parent of ' || (select count(*) from registry_images m where ${isMember}) || ' architectures'
      else (select 'member of ' || p.image_digest from registry_images p
        where p.account = registry_images.account and p.image_name = registry_images.image_name
        and p.namespace = registry_images.namespace and p.image_version = registry_images.image_version
        and p.is_multiple_arch = 1
        and ${contains(sql`p.association_images`, sql`'"id":"' || registry_images.id || '"'`)}
        limit 1) end`,
    // A searched case, not the severity rank index's simple one: matching it, SQLite answered the
    // max() by walking that index (account, rank) down from the top until a member matched, across
    // the account's rows for each parent (multi-arch.test.ts), instead of seeking the family.
    rollup_severity_level: sql`case when registry_images.is_multiple_arch = 1 then (select
      case max(case when m.severity_level = 'High' then 4 when m.severity_level = 'Medium' then 3
        when m.severity_level = 'Low' then 2 when m.severity_level = 'Security' then 1 else 0 end)
      when 4 then 'High' when 3 then 'Medium' when 2 then 'Low' when 1 then 'Security' else '' end
      from registry_images m where ${isMember}) end`,
    rollup_vul_num: sumOf('vul_num'),
    rollup_malicious_file_num: sumOf('malicious_file_num'),
    rollup_unsafe_setting_num: sumOf('unsafe_setting_num'),
  };
}

/** The stored rows whose association list names one of `images` (their associates). */
export function associatedRowsQuery(
  account: string,
  images: readonly RegistryImage[],
): RawBuilder<Pick<RegistryImagesTable, 'id' | 'association_images'>> {
  // Ids are JSON strings in the stored list.
  const mentions = sql.join(
    images.map((image) => sql`instr(association_images, ${`"id":"${image.id}"`}) > 0`),
    sql` or `,
  );
  // Associates share namespace and name: one indexed lookup per pair. By the name alone, a name
  // repeated across namespaces read its rows in every one of them (at 1,000,000 images with 86
  // names, a cycle's page of 30 images read ~250,000 rows: 3.7 to 4.3 s; by pair 0.25 to 0.3 s).
  const pairs = new Map(
    images.map((image) => [JSON.stringify([image.namespace, image.image_name]), image]),
  );
  const sameFamily = sql.join(
    [...pairs.values()].map(
      (image) => sql`(namespace = ${image.namespace} and image_name = ${image.image_name})`,
    ),
    sql` or `,
  );
  return sql`select id, association_images from registry_images where account = ${account}
    and (${sameFamily}) and association_images != '[]' and (${mentions})`;
}

/**
 * Each row embeds a summary of its associated rows (a multi-arch image and its per-architecture
 * images): when a changed row arrives, the copies of it embedded in its associates are brought up
 * to date too, since the associates' own times do not move and no cycle would fetch them.
 * Associates share namespace, name and tag, so an index on the namespace finds them per
 * namespace and name (a lookup by account alone read every row of the account for each page a
 * cycle upserts; by the name alone, every namespace's rows of that name).
 */
export async function refreshAssociatedCopies(
  db: InventoryDb,
  account: string,
  images: readonly RegistryImage[],
): Promise<void> {
  if (images.length === 0) return;
  const byId = new Map(images.map((image) => [image.id, image]));
  await db.transaction().execute(async (trx) => {
    await lockInventoryVersions(trx, ['registry']);
    for (let start = 0; start < images.length; start += 50) {
      const rows = await associatedRowsQuery(account, images.slice(start, start + 50)).execute(trx);
      for (const row of rows.rows) {
        let changed = false;
        const updated = parseAssociations(row.association_images).map((entry) => {
          const image = byId.get(entry.id);
          if (!image) return entry;
          const copy = associateOf(image);
          if (JSON.stringify(copy) !== JSON.stringify(entry)) changed = true;
          return copy;
        });
        if (!changed) continue;
        await trx
          .updateTable('registry_images')
          .set({ association_images: JSON.stringify(updated) })
          .where('account', '=', account)
          .where('id', '=', row.id)
          .execute();
      }
    }
  });
}

function associateOf(image: RegistryImage): RegistryImage['association_images'][number] {
  return {
    id: image.id,
    image_id: image.image_id,
    image_name: image.image_name,
    image_version: image.image_version,
    image_type: image.image_type,
    namespace: image.namespace,
    image_digest: image.image_digest,
    scan_status: image.scan_status,
    vul_num: image.vul_num,
    unsafe_setting_num: image.unsafe_setting_num,
    malicious_file_num: image.malicious_file_num,
  };
}
