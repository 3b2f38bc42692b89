// Multi-architecture families. HSS lists a multi-arch image as a parent row (the manifest list,
// never scanned itself) whose `association_images` name its per-architecture member rows, which
// share its namespace, name and tag and hold the findings. The lists show each row on its own,
// so a parent would read "not rated, 0/0/0" beside members with malicious files: every answer
// that shows a parent rolls its members' risk up (worst severity, summed counts), and every
// member names its parent. Computed per answered row from the members' own rows.
import { sql } from 'kysely';
import type { MultiArch, MultiArchRollup, RegistryImage } from '../../shared/contracts';
import type { InventoryDb } from './db';
import { parseAssociations } from './registry-images';

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

/**
 * Each row with its family: parents get the roll-up of their members, members their parent.
 * Two indexed queries per call, whatever the number of rows (a page, or one image).
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
    // A member's parent shares its name (indexed) and tag; its association list names the member.
    candidates.length === 0
      ? []
      : sql<{
          id: string;
          image_digest: string;
          namespace: string;
          image_name: string;
          image_version: string;
          association_images: string;
        }>`select id, image_digest, namespace, image_name, image_version, association_images
          from registry_images where account = ${account} and is_multiple_arch = 1
          and image_name in (${sql.join([...new Set(candidates.map((row) => row.image_name))])})`
          .execute(db)
          .then((result) => result.rows),
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
