// The overview's cross-cloud card (GET /api/search/cross-cloud): artifacts (digests) present in
// more than one cloud, and, for each list whose rows carry no HSS scan (ACR), its records whose
// digest no HSS scan covers. Iterates over the list descriptions like the search, so a list
// described later (ACR) is counted with no change here; across every account of the inventory,
// since one artifact's copies live in accounts of different clouds.
import { sql } from 'kysely';
import { SEARCH_SOURCE_CLOUDS, type CrossCloudSummary } from '../../shared/contracts';
import { LISTS, type ListSpec } from '../lists';
import type { InventoryDb } from '../store/db';

type SearchableList = Pick<ListSpec, 'table' | 'search'>;

export async function crossCloudSummary(
  db: InventoryDb,
  lists: readonly SearchableList[] = LISTS,
): Promise<CrossCloudSummary> {
  const clouds = new Set(lists.map((list) => SEARCH_SOURCE_CLOUDS[list.search.source]));
  const scanned = lists.filter((list) => list.search.scanned);
  return db.transaction().execute(async (trx) => {
    let multiCloud = 0;
    // One cloud only: no digest can be in two.
    if (clouds.size > 1) {
      const digests = sql.join(
        lists.map(
          (list) => sql`select distinct image_digest as digest,
            ${SEARCH_SOURCE_CLOUDS[list.search.source]} as cloud
            from ${sql.table(list.table)} where image_digest <> ''`,
        ),
        sql` union `,
      );
      const counted = await sql<{ n: number | string }>`select count(*) as n from
        (select digest from (${digests}) d group by digest having count(distinct cloud) > 1) m`.execute(
        trx,
      );
      multiCloud = Number(counted.rows[0]?.n ?? 0);
    }
    const scannedDigests =
      scanned.length === 0
        ? sql`select '' as image_digest where 1 = 0`
        : sql.join(
            scanned.map(
              (list) => sql`select image_digest from ${sql.table(list.table)}
                where image_digest <> '' and latest_scan_time is not null`,
            ),
            sql` union `,
          );
    const unscanned: CrossCloudSummary['unscanned'] = [];
    for (const list of lists.filter((candidate) => !candidate.search.scanned)) {
      const counted = await sql<{ total: number | string; not_covered: number | string | null }>`
        select count(*) as total,
          sum(case when image_digest in (${scannedDigests}) then 0 else 1 end) as not_covered
        from ${sql.table(list.table)}`.execute(trx);
      const row = counted.rows[0];
      unscanned.push({
        source: list.search.source,
        locations: Number(row?.total ?? 0),
        not_covered: Number(row?.not_covered ?? 0),
      });
    }
    return { multi_cloud_artifacts: multiCloud, unscanned };
  });
}
