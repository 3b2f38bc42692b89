// The base-images answer's estate-wide aggregate per account (migration 0029): the grouping by
// basic image, the images by earliest end-of-life date and the enrichment's counts, computed in
// one read snapshot and stored with the registry and CI/CD inventory versions of that snapshot.
// Every write to the image tables or basic_images moves both versions (triggers, 0013/0027), so
// an answer that reads the versions and the aggregate in one snapshot uses it only when nothing
// it sums has changed since, and otherwise computes it again (and stores that): never stale.
import { readTransaction, type InventoryDb } from '../store/db';
import { readInventoryVersion } from '../store/inventory-version';
import type { ReadTrx } from '../serving/query-cache';
import {
  enrichmentCounts,
  groupImagesByBaseImage,
  imagesByEarliestEndOfLife,
  type BaseImageGroup,
} from './base-images-store';

export interface BaseImageAggregate {
  groups: BaseImageGroup[];
  /** [earliest end-of-life date of an image's bases, images] (imagesByEarliestEndOfLife). */
  eolDates: Array<[string, number]>;
  counts: { total: number; known: number; none: number };
}

export interface InventoryVersions {
  registry: number;
  cicd: number;
}

/** Both lists' versions as the snapshot of `trx` has them (read first in it). */
export async function readVersions(trx: InventoryDb | ReadTrx): Promise<InventoryVersions> {
  return {
    registry: await readInventoryVersion(trx, 'registry'),
    cicd: await readInventoryVersion(trx, 'cicd'),
  };
}

/** The stored aggregate when it was computed at exactly `versions`, else undefined. */
export async function readStoredAggregate(
  trx: InventoryDb | ReadTrx,
  account: string,
  versions: InventoryVersions,
): Promise<BaseImageAggregate | undefined> {
  const row = await trx
    .selectFrom('base_image_aggregates')
    .select(['groups', 'eol_dates', 'counts'])
    .where('account', '=', account)
    .where('registry_version', '=', versions.registry)
    .where('cicd_version', '=', versions.cicd)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    groups: JSON.parse(row.groups) as BaseImageGroup[],
    eolDates: JSON.parse(row.eol_dates) as Array<[string, number]>,
    counts: JSON.parse(row.counts) as BaseImageAggregate['counts'],
  };
}

/** The aggregate computed from the tables, in the snapshot of `trx`. */
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

/**
 * Stores an aggregate computed at `versions`, unless one of later versions is there already
 * (versions only grow; a slow computation must not replace a newer one).
 */
export async function storeAggregate(
  db: InventoryDb,
  account: string,
  versions: InventoryVersions,
  aggregate: BaseImageAggregate,
  computedAt: number,
): Promise<void> {
  await db
    .insertInto('base_image_aggregates')
    .values({
      account,
      registry_version: versions.registry,
      cicd_version: versions.cicd,
      groups: JSON.stringify(aggregate.groups),
      eol_dates: JSON.stringify(aggregate.eolDates),
      counts: JSON.stringify(aggregate.counts),
      computed_at: computedAt,
    })
    .onConflict((conflict) =>
      conflict
        .column('account')
        .doUpdateSet((eb) => ({
          registry_version: eb.ref('excluded.registry_version'),
          cicd_version: eb.ref('excluded.cicd_version'),
          groups: eb.ref('excluded.groups'),
          eol_dates: eb.ref('excluded.eol_dates'),
          counts: eb.ref('excluded.counts'),
          computed_at: eb.ref('excluded.computed_at'),
        }))
        .where((eb) =>
          eb.and([
            eb('base_image_aggregates.registry_version', '<=', eb.ref('excluded.registry_version')),
            eb('base_image_aggregates.cicd_version', '<=', eb.ref('excluded.cicd_version')),
          ]),
        ),
    )
    .execute();
}

/**
 * The account's aggregate as of the snapshot of `trx`: the stored one when still current, else
 * computed (`computed` then carries it and its versions, for the caller to store after the read).
 */
export async function currentAggregate(
  trx: InventoryDb | ReadTrx,
  account: string,
): Promise<{
  aggregate: BaseImageAggregate;
  computed?: { versions: InventoryVersions; aggregate: BaseImageAggregate };
}> {
  const versions = await readVersions(trx);
  const stored = await readStoredAggregate(trx, account, versions);
  if (stored !== undefined) return { aggregate: stored };
  const aggregate = await computeAggregate(trx, account);
  return { aggregate, computed: { versions, aggregate } };
}

/** Images (each once) on a base past end of life on the day of `now` (UTC), from the aggregate. */
export function imagesOnEndOfLifeBases(aggregate: BaseImageAggregate, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  return aggregate.eolDates.reduce(
    (sum, [eolDate, images]) => sum + (eolDate < today ? images : 0),
    0,
  );
}

/**
 * Brings the account's stored aggregate up to the inventory's current versions (after a sync, so
 * that the next answer need not compute it); nothing to do when it is current already.
 */
export async function refreshAggregate(db: InventoryDb, account: string, now: number) {
  // One snapshot: the versions read first are exactly those of the sums.
  const computed = await readTransaction(db).execute(async (trx) => {
    const current = await currentAggregate(trx, account);
    return current.computed;
  });
  if (computed !== undefined)
    await storeAggregate(db, account, computed.versions, computed.aggregate, now);
}
