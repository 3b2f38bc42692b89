// The inventory's basic images (migration 0027): the answers of ListImageBasicImage by digest,
// what is still to ask, and the estate grouped by basic image (GET /api/base-images).
import { sql } from 'kysely';
import type {
  BaseImageEolStatus,
  BaseImageRow,
  ListImageBasicImageResponse,
} from '../../shared/contracts';
import { BASIC_IMAGE_TYPES } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { lockInventoryVersions } from '../store/inventory-version';
import { classifyEndOfLife } from './end-of-life';
import type { ReadTrx } from '../serving/query-cache';
import { namespaceMatches } from '../lists/filters';

/** classifyEndOfLife (end-of-life.ts): an OS version's end-of-life status on a given day. */
export type ClassifyEndOfLife = (
  osName: string,
  osVersion: string,
  now: number,
) => { status: BaseImageEolStatus; eolDate: string | null };

/**
 * Repository image types ListImageBasicImage takes (seed 000: not jfrog). A digest held only by
 * images of other types cannot be asked, so it counts in no progress figure.
 */
const askableRegistryTypes = () =>
  sql.join(BASIC_IMAGE_TYPES.filter((type) => type !== 'cicd').map((type) => sql.lit(type)));

/** Stores a digest's answer (its basic images in order, or `none`), replacing any earlier one. */
export async function writeBasicImageAnswer(
  db: InventoryDb,
  account: string,
  imageDigest: string,
  response: ListImageBasicImageResponse,
  answeredAt: number,
): Promise<void> {
  const bases = response.data_list.map((base, position) => ({
    account,
    image_digest: imageDigest,
    position,
    kind: 'base' as const,
    os_name: base.os_name,
    os_version: base.os_version,
    layer_digest: base.layer_digest,
    eol_date: classifyEndOfLife(base.os_name, base.os_version, answeredAt).eolDate ?? '',
    answered_at: answeredAt,
  }));
  const rows =
    bases.length > 0
      ? bases
      : [
          {
            account,
            image_digest: imageDigest,
            position: 0,
            kind: 'none' as const,
            os_name: '',
            os_version: '',
            layer_digest: '',
            eol_date: '',
            answered_at: answeredAt,
          },
        ];
  await db.transaction().execute(async (trx) => {
    // Both lists' versions move with basic_images (migration 0042's triggers).
    await lockInventoryVersions(trx, ['cicd', 'registry']);
    await trx
      .deleteFrom('basic_images')
      .where('account', '=', account)
      .where('image_digest', '=', imageDigest)
      .execute();
    await trx.insertInto('basic_images').values(rows).execute();
  });
}

/** An image to ask ListImageBasicImage about on behalf of its digest (seed 000's identity). */
export interface PendingDigest {
  imageDigest: string;
  imageId: string;
  /** `cicd` for a CI/CD image (asked by image id), else the repository image's type. */
  imageType: string;
  namespace: string;
  imageName: string;
  imageVersion: string;
}

/**
 * Up to `limit` digests of the inventory without an answer yet, each with one image that carries
 * it (a repository image when there is one: named by namespace, name and tag, it is unambiguous).
 * `skip` leaves out digests being asked right now or failing for the moment.
 */
export async function pendingDigests(
  db: InventoryDb,
  account: string,
  limit: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<PendingDigest[]> {
  const out: PendingDigest[] = [];
  const seen = new Set<string>();
  const unanswered = (table: 'registry_images' | 'cicd_images') =>
    sql`${sql.ref(`${table}.account`)} = ${account} and ${sql.ref(`${table}.image_digest`)} <> ''
      and not exists (select 1 from basic_images b where b.account = ${account}
        and b.image_digest = ${sql.ref(`${table}.image_digest`)})`;
  const wanted = limit + skip.size;
  // Repository images first (seed 000 takes only some of their types); a CI/CD image's type is
  // the list's own.
  const sources = [
    {
      table: 'registry_images',
      imageType: sql`image_type`,
      askable: sql`and image_type in (${askableRegistryTypes()})`,
    },
    { table: 'cicd_images', imageType: sql`'cicd'`, askable: sql`` },
  ] as const;
  for (const source of sources) {
    const { rows } = await sql<{
      image_digest: string;
      image_id: string;
      image_type: string;
      namespace: string;
      image_name: string;
      image_version: string;
    }>`select image_digest, image_id, ${source.imageType} as image_type, namespace, image_name,
        image_version
      from ${sql.table(source.table)} where ${unanswered(source.table)} and image_id <> ''
        ${source.askable}
      order by image_digest limit ${wanted * 2}`.execute(db);
    for (const row of rows) {
      if (out.length >= limit) return out;
      if (seen.has(row.image_digest) || skip.has(row.image_digest)) continue;
      seen.add(row.image_digest);
      out.push({
        imageDigest: row.image_digest,
        imageId: row.image_id,
        imageType: row.image_type,
        namespace: row.namespace,
        imageName: row.image_name,
        imageVersion: row.image_version,
      });
    }
  }
  return out;
}

/** A user's namespace patterns as a condition on an image table (always one, for `and`). */
const scopeCondition = (patterns: readonly string[] | undefined) =>
  namespaceMatches(patterns) ?? sql`1 = 1`;

/**
 * Digests of the inventory that can be asked (both lists; repository images of the types seed 000
 * takes), how many have an answer, and how many of those none.
 */
export async function enrichmentCounts(
  db: InventoryDb | ReadTrx,
  account: string,
  scopeNamespaces?: readonly string[],
): Promise<{ total: number; known: number; none: number }> {
  const inScope = scopeCondition(scopeNamespaces);
  const result = await sql<{ total: number; known: number; none: number }>`
    with digests as (
      select image_digest from registry_images where account = ${account} and image_digest <> ''
        and image_type in (${askableRegistryTypes()}) and ${inScope}
      union
      select image_digest from cicd_images where account = ${account} and image_digest <> ''
        and ${inScope}
    ), answered as (
      select image_digest, max(case when kind = 'none' then 1 else 0 end) as is_none
      from basic_images where account = ${account} group by image_digest
    )
    select count(*) as total, count(a.image_digest) as known, coalesce(sum(a.is_none), 0) as none
    from digests d left join answered a on a.image_digest = d.image_digest`.execute(db);
  const row = result.rows[0];
  return {
    total: Number(row?.total ?? 0),
    known: Number(row?.known ?? 0),
    none: Number(row?.none ?? 0),
  };
}

/** The filters the store applies (the end-of-life one is applied after classification). */
export interface BaseImageFilters {
  os_name?: string | undefined;
  os_version?: string | undefined;
  layer_digest?: string | undefined;
}

/** One basic image's figures over the images built on it, before end-of-life classification. */
export interface BaseImageGroup {
  os_name: string;
  os_version: string;
  layer_digest: string;
  registry_images: number;
  cicd_images: number;
  namespaces: number;
  high_risk_images: number;
  vul_num: number;
  newest_scan_time: number | null;
  oldest_scan_time: number | null;
}

/** A grouped row as either backend returns it (PostgreSQL's sums of bigint come as text). */
export interface GroupRow {
  os_name: string;
  os_version: string;
  layer_digest: string;
  registry_images: number | string;
  cicd_images: number | string;
  namespaces: number | string;
  high_risk_images: number | string;
  vul_num: number | string;
  newest_scan_time: number | string | null;
  oldest_scan_time: number | string | null;
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

/** A grouped row's figures as numbers. */
export function groupOfRow(row: GroupRow): BaseImageGroup {
  return {
    os_name: row.os_name,
    os_version: row.os_version,
    layer_digest: row.layer_digest,
    registry_images: Number(row.registry_images),
    cicd_images: Number(row.cicd_images),
    namespaces: Number(row.namespaces),
    high_risk_images: Number(row.high_risk_images),
    vul_num: Number(row.vul_num),
    newest_scan_time: numberOrNull(row.newest_scan_time),
    oldest_scan_time: numberOrNull(row.oldest_scan_time),
  };
}

/**
 * Every basic image of the account with the images built on it (both lists), under the filters.
 * High risk is the risk summary's: severity_level High.
 */
export async function groupImagesByBaseImage(
  trx: InventoryDb | ReadTrx,
  account: string,
  filters: BaseImageFilters = {},
  scopeNamespaces?: readonly string[],
): Promise<BaseImageGroup[]> {
  const inScope = scopeCondition(scopeNamespaces);
  const conditions = [sql`b.account = ${account}`, sql`b.kind = 'base'`];
  if (filters.os_name !== undefined) conditions.push(sql`b.os_name = ${filters.os_name}`);
  if (filters.os_version !== undefined) conditions.push(sql`b.os_version = ${filters.os_version}`);
  if (filters.layer_digest !== undefined)
    conditions.push(sql`b.layer_digest = ${filters.layer_digest}`);
  const result = await sql<GroupRow>`
    with images as (
      select 1 as registry, image_digest, namespace, severity_level, vul_num, latest_scan_time
      from registry_images where account = ${account} and image_digest <> '' and ${inScope}
      union all
      select 0 as registry, image_digest, namespace, severity_level, vul_num, latest_scan_time
      from cicd_images where account = ${account} and image_digest <> '' and ${inScope}
    )
    select b.os_name, b.os_version, b.layer_digest,
      coalesce(sum(i.registry), 0) as registry_images,
      coalesce(sum(1 - i.registry), 0) as cicd_images,
      count(distinct i.namespace) as namespaces,
      coalesce(sum(case when i.severity_level = 'High' then 1 else 0 end), 0) as high_risk_images,
      coalesce(sum(i.vul_num), 0) as vul_num,
      max(i.latest_scan_time) as newest_scan_time,
      min(i.latest_scan_time) as oldest_scan_time
    from (select distinct image_digest, os_name, os_version, layer_digest from basic_images b
      where ${sql.join(conditions, sql` and `)}) b
    join images i on i.image_digest = b.image_digest
    group by b.os_name, b.os_version, b.layer_digest`.execute(trx);
  return result.rows.map(groupOfRow);
}

/** A group classified for end of life at `now`: a row of the answer. */
export function classifyGroup(
  group: BaseImageGroup,
  now: number,
  classify: ClassifyEndOfLife,
): BaseImageRow {
  const { status, eolDate } = classify(group.os_name, group.os_version, now);
  return {
    ...group,
    images: group.registry_images + group.cicd_images,
    eol: status,
    eol_date: eolDate,
  };
}

/**
 * Images (both lists, each once) by the earliest end-of-life date among their basic images
 * (images whose bases have no known date are left out): an image is on an end-of-life base on a
 * day exactly when that date is before it, as the lists' basic_image_eol filter says.
 */
export async function imagesByEarliestEndOfLife(
  trx: InventoryDb | ReadTrx,
  account: string,
  scopeNamespaces?: readonly string[],
): Promise<Array<[eolDate: string, images: number]>> {
  const inScope = scopeCondition(scopeNamespaces);
  const result = await sql<{ eol_date: string; images: number }>`
    with earliest as (
      select image_digest, min(eol_date) as eol_date from basic_images
      where account = ${account} and kind = 'base' and eol_date <> '' group by image_digest
    ), images as (
      select image_digest from registry_images where account = ${account} and ${inScope}
      union all
      select image_digest from cicd_images where account = ${account} and ${inScope}
    )
    select e.eol_date, count(*) as images from images i
    join earliest e on e.image_digest = i.image_digest
    group by e.eol_date`.execute(trx);
  return result.rows.map((row) => [row.eol_date, Number(row.images)]);
}

/**
 * Re-reads every stored OS version's end-of-life date from the shipped table (a release may
 * bring a refreshed one): one update per distinct OS version, a few hundred at most.
 */
export async function refreshEndOfLifeDates(db: InventoryDb, now: number): Promise<void> {
  const versions = await db
    .selectFrom('basic_images')
    .select(['os_name', 'os_version', 'eol_date'])
    .where('kind', '=', 'base')
    .distinct()
    .execute();
  for (const version of versions) {
    const eolDate = classifyEndOfLife(version.os_name, version.os_version, now).eolDate ?? '';
    if (eolDate === version.eol_date) continue;
    // Every replica runs this at start-up, beside the leader's sync: the same lock order.
    await db.transaction().execute(async (trx) => {
      await lockInventoryVersions(trx, ['cicd', 'registry']);
      await trx
        .updateTable('basic_images')
        .set({ eol_date: eolDate })
        .where('kind', '=', 'base')
        .where('os_name', '=', version.os_name)
        .where('os_version', '=', version.os_version)
        .execute();
    });
  }
}
