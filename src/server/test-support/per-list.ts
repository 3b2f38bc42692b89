// The generic list store (lists/list-store.ts) bound to each list under the names the tests and
// benchmarks were written with. Production code takes a spec instead and never imports this.
import { CICD_LIST } from '../lists/cicd';
import { listFacets } from '../lists/facets';
import {
  countImages,
  imageByKey,
  latestTimes,
  listOrder,
  listWhere,
  queryList,
  supersedeLatest,
  sweepImages,
  upsertImages,
} from '../lists/list-store';
import { REGISTRY_LIST } from '../lists/registry';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { QueryCache } from '../serving/query-cache';
import type { CicdImage, RegistryImage } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';

function bind<Q extends ListQuery, Image, Row>(spec: ListSpec<Q, Image, Row>) {
  return {
    upsert: (db: InventoryDb, account: string, images: readonly Image[], seenAt: number) =>
      upsertImages(spec, db, account, images, seenAt),
    sweep: (
      db: InventoryDb,
      account: string,
      crawlStartedAt: number,
      options?: { keepUntimed?: boolean },
    ) => sweepImages(spec, db, account, crawlStartedAt, options),
    count: (db: InventoryDb, account: string) => countImages(spec, db, account),
    latestTimes: (db: InventoryDb, account: string) => latestTimes(spec, db, account),
    supersede: (db: InventoryDb, account: string, images: readonly Image[]) =>
      supersedeLatest(spec, db, account, images),
    where: (account: string, query: Q, now: number) => listWhere(spec, account, query, now),
    order: (query: ListQuery, options?: { disqualifyIndexes?: boolean }) =>
      listOrder(spec, query, options),
    query: (db: InventoryDb, account: string, query: Q, now = Date.now(), cache?: QueryCache) =>
      queryList(spec, db, account, query, { now, cache }),
    facets: (db: InventoryDb, account: string, query: Q, now = Date.now(), cache?: QueryCache) =>
      listFacets(spec, db, account, query, { now, cache }),
    byKey: (db: InventoryDb, account: string, key: string) => imageByKey(spec, db, account, key),
  };
}

const registry = bind(REGISTRY_LIST);
const cicd = bind(CICD_LIST);

export const upsertRegistryImages = registry.upsert;
export const sweepRegistryImages = registry.sweep;
export const countRegistryImages = registry.count;
export const latestRegistryTimes = registry.latestTimes;
export const supersedeRegistryLatest = registry.supersede;
export const registryImagesWhere = registry.where;
export const registryImagesOrder = registry.order;
export const queryRegistryImages = registry.query;
export const registryImageFacets = registry.facets;
export const getRegistryImageById = registry.byKey;

export const upsertCicdImages = cicd.upsert;
export const sweepCicdImages = cicd.sweep;
export const countCicdImages = cicd.count;
export const latestCicdTimes = cicd.latestTimes;
export const supersedeCicdLatest = cicd.supersede;
export const cicdImagesWhere = cicd.where;
export const cicdImagesOrder = cicd.order;
export const queryCicdImages = cicd.query;
export const cicdImageFacets = cicd.facets;
export const getCicdImageByKey = cicd.byKey;

/**
 * One crawl round's writes to both lists at `seenAt`: about half of each list's images (`random`
 * chooses), about half of those changed by `change` (a rescan, a move). The registry list first.
 */
export async function upsertSomeOfBothLists(
  db: InventoryDb,
  account: string,
  images: { registry: readonly RegistryImage[]; cicd: readonly CicdImage[] },
  seenAt: number,
  random: () => number,
  change: <T extends RegistryImage | CicdImage>(image: T) => T,
): Promise<void> {
  const some = <T extends RegistryImage | CicdImage>(list: readonly T[]) =>
    list.filter(() => random() < 0.5).map((image) => (random() < 0.5 ? change(image) : image));
  await upsertRegistryImages(db, account, some(images.registry), seenAt);
  await upsertCicdImages(db, account, some(images.cicd), seenAt);
}

/** Both lists swept: what the round at `seenAt` did not see goes. */
export async function sweepBothLists(db: InventoryDb, account: string, seenAt: number) {
  await sweepRegistryImages(db, account, seenAt);
  await sweepCicdImages(db, account, seenAt);
}
