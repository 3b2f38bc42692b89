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
import { dialectOf, jsonArrayRows, type InventoryDialect } from '../store/dialect';
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

/** The distinct [namespace, name, tag] of the rows: the families they can belong to. */
function familiesOf(rows: readonly RegistryImage[]): Array<[string, string, string]> {
  const byFamily = new Map<string, [string, string, string]>();
  for (const row of rows) {
    const family: [string, string, string] = [row.namespace, row.image_name, row.image_version];
    byFamily.set(JSON.stringify(family), family);
  }
  return [...byFamily.values()];
}

interface ParentRow {
  id: string;
  image_digest: string;
  association_images: string;
}

/**
 * The parents of these families, one index lookup each. SQLite: the families are one JSON
 * parameter, so the statement's text (and the plan a worker prepared for it) is the same for every
 * page; a statement of 200 OR terms took longer to plan than to run. PostgreSQL: one OR term per
 * family (a BitmapOr of index scans); joined to the JSON rows, its planner cannot tell how many
 * there are and may read every parent of the account instead.
 */
async function parentsOf(
  db: InventoryDb,
  account: string,
  families: ReadonlyArray<[string, string, string]>,
): Promise<ParentRow[]> {
  const dialect = dialectOf(db);
  const query =
    dialect === 'sqlite'
      ? sql<ParentRow>`select r.id, r.image_digest, r.association_images
          from ${jsonArrayRows(dialect, JSON.stringify(families))} cross join registry_images r
          where r.account = ${account} and r.is_multiple_arch = 1 and r.namespace = f.value ->> 0
          and r.image_name = f.value ->> 1 and r.image_version = f.value ->> 2`
      : sql<ParentRow>`select id, image_digest, association_images from registry_images
          where is_multiple_arch = 1 and (${sql.join(
            families.map(
              ([namespace, name, version]) =>
                sql`(account = ${account} and is_multiple_arch = 1 and namespace = ${namespace}
                  and image_name = ${name} and image_version = ${version})`,
            ),
            sql` or `,
          )})`;
  return (await query.execute(db)).rows;
}

/**
 * Each row with its family: parents get the roll-up of their members, members their parent.
 * Two indexed queries per call, whatever the number of rows (a page, or one image), each reading
 * only the rows' own families.
 */
export async function withMultiArch<Row extends RegistryImage>(
  db: InventoryDb,
  account: string,
  rows: readonly Row[],
): Promise<(Row & { multi_arch: MultiArch | null })[]> {
  const memberIds = new Set<string>();
  for (const row of rows) {
    if (row.is_multiple_arch) for (const entry of row.association_images) memberIds.add(entry.id);
  }
  const candidates = rows.filter((row) => !row.is_multiple_arch);
  const [members, parents] = await Promise.all([
    memberIds.size === 0
      ? []
      : db
          .selectFrom('registry_images')
          .select([
            'id',
            'scan_status',
            'severity_level',
            'vul_num',
            'unsafe_setting_num',
            'malicious_file_num',
          ])
          .where('account', '=', account)
          .where('id', 'in', [...memberIds])
          .execute(),
    // A member's parent shares its namespace, name and tag (migration 0044's partial index of
    // parents); its association list names the member.
    candidates.length === 0 ? [] : parentsOf(db, account, familiesOf(candidates)),
  ]);
  const memberById = new Map(members.map((member) => [member.id, member]));
  const parentOf = new Map<string, { id: string; image_digest: string }>();
  for (const parent of parents) {
    for (const entry of parseAssociations(parent.association_images)) {
      parentOf.set(entry.id, { id: String(parent.id), image_digest: parent.image_digest });
    }
  }
  return rows.map((row) => {
    if (row.is_multiple_arch) {
      const own = row.association_images.flatMap((entry) => {
        const member = memberById.get(entry.id);
        return member ? [member] : [];
      });
      return {
        ...row,
        multi_arch: { role: 'parent', rollup: rollUp(row.association_images.length, own) },
      };
    }
    const parent = parentOf.get(row.id);
    return {
      ...row,
      multi_arch: parent
        ? { role: 'member', parent_id: parent.id, parent_digest: parent.image_digest }
        : null,
    };
  });
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
    rollup_severity_level: sql`case when registry_images.is_multiple_arch = 1 then (select
      case max(case m.severity_level when 'High' then 4 when 'Medium' then 3 when 'Low' then 2
        when 'Security' then 1 else 0 end)
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
  return sql`select id, association_images from registry_images where account = ${account}
    and image_name in (${sql.join([...new Set(images.map((image) => image.image_name))])})
    and association_images != '[]' and (${mentions})`;
}

/**
 * Each row embeds a summary of its associated rows (a multi-arch image and its per-architecture
 * images): when a changed row arrives, the copies of it embedded in its associates are brought up
 * to date too, since the associates' own times do not move and no cycle would fetch them.
 * Associates share namespace, name and tag, so the image name's index finds them (a lookup by
 * account alone read every row of the account for each page a cycle upserts).
 */
export async function refreshAssociatedCopies(
  db: InventoryDb,
  account: string,
  images: readonly RegistryImage[],
): Promise<void> {
  if (images.length === 0) return;
  const byId = new Map(images.map((image) => [image.id, image]));
  await db.transaction().execute(async (trx) => {
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
