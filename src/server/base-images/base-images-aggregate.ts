// The base-images answer's estate-wide sums: the grouping by basic image, the images by
// earliest end-of-life date and the enrichment's counts. Read from the sums that migration 0042's
// triggers keep in every transaction writing the image tables or basic_images (keptAggregate),
// so no answer after a sync computes them from the images; computeAggregate is the same from
// scratch (the tests' reference, and what a scoped user's enrichment counts still are).
import { sql } from 'kysely';
import type { InventoryDb } from '../store/db';
import type { ReadTrx } from '../serving/query-cache';
import { namespaceMatches } from '../lists/filters';
import {
  enrichmentCounts,
  groupImagesByBaseImage,
  groupOfRow,
  type GroupRow,
  imagesByEarliestEndOfLife,
  type BaseImageGroup,
} from './base-images-store';

export interface BaseImageAggregate {
  groups: BaseImageGroup[];
  /** [earliest end-of-life date of an image's bases, images] (imagesByEarliestEndOfLife). */
  eolDates: Array<[string, number]>;
  counts: { total: number; known: number; none: number };
}

/** The aggregate computed from the image tables and basic_images (from scratch: tests, bench). */
export async function computeAggregate(
  trx: InventoryDb | ReadTrx,
  account: string,
  scopeNamespaces?: readonly string[],
): Promise<BaseImageAggregate> {
  return {
    groups: await groupImagesByBaseImage(trx, account, {}, scopeNamespaces),
    eolDates: await imagesByEarliestEndOfLife(trx, account, scopeNamespaces),
    counts: await enrichmentCounts(trx, account, scopeNamespaces),
  };
}

/** A user's namespace patterns as a condition on `namespace` (always one, for `and`). */
const inScope = (patterns: readonly string[] | undefined, name = 'namespace') =>
  namespaceMatches(patterns, name) ?? sql`1 = 1`;

/**
 * The account's aggregate from the sums kept on write (migration 0042), in the snapshot of `trx`:
 * a few rows per base and namespace, and one index seek per base for its newest and oldest scan.
 * A scoped user's sums are those of their namespaces; their enrichment counts are computed
 * (distinct digests across namespaces are not a sum).
 */
export async function keptAggregate(
  trx: InventoryDb | ReadTrx,
  account: string,
  scopeNamespaces?: readonly string[],
): Promise<BaseImageAggregate> {
  const scope = inScope(scopeNamespaces);
  const scanScope = inScope(scopeNamespaces, 's.namespace');
  const scanTime = (fn: 'max' | 'min') => sql`(select ${sql.raw(fn)}(s.latest_scan_time)
    from base_image_scan_times s where s.account = g.account and s.os_name = g.os_name
      and s.os_version = g.os_version and s.layer_digest = g.layer_digest and ${scanScope})`;
  const groups = await sql<GroupRow>`
    select g.os_name, g.os_version, g.layer_digest, g.registry_images, g.cicd_images,
      g.namespaces, g.high_risk_images, g.vul_num, ${scanTime('max')} as newest_scan_time,
      ${scanTime('min')} as oldest_scan_time
    from (select account, os_name, os_version, layer_digest,
        sum(registry_images) as registry_images, sum(cicd_images) as cicd_images,
        sum(case when images > 0 then 1 else 0 end) as namespaces,
        sum(high_risk_images) as high_risk_images, sum(vul_num) as vul_num
      from base_image_namespaces where account = ${account} and ${scope}
      group by account, os_name, os_version, layer_digest having sum(images) > 0) g`.execute(trx);
  const eolDates = await sql<{ eol_date: string; images: number | string }>`
    select eol_date, sum(images) as images from base_image_eol_images
    where account = ${account} and ${scope}
    group by eol_date having sum(images) > 0`.execute(trx);
  let counts: BaseImageAggregate['counts'];
  if (scopeNamespaces === undefined) {
    const kept = await sql<{
      total: number | string;
      known: number | string;
      none: number | string;
    }>`
      select total, known, none from base_image_enrichment where account = ${account}`.execute(trx);
    const row = kept.rows[0];
    counts = {
      total: Number(row?.total ?? 0),
      known: Number(row?.known ?? 0),
      none: Number(row?.none ?? 0),
    };
  } else counts = await enrichmentCounts(trx, account, scopeNamespaces);
  return {
    groups: groups.rows.map(groupOfRow),
    eolDates: eolDates.rows.map((row) => [row.eol_date, Number(row.images)]),
    counts,
  };
}

/** Images (each once) on a base past end of life on the day of `now` (UTC), from the aggregate. */
export function imagesOnEndOfLifeBases(aggregate: BaseImageAggregate, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  return aggregate.eolDates.reduce(
    (sum, [eolDate, images]) => sum + (eolDate < today ? images : 0),
    0,
  );
}
