// Every image list, described once (spec.ts). Routes, sync, facets, risk and export iterate
// over LISTS or look a list up by name; adding a list adds its spec here.
import type { ImageList } from '../../shared/contracts';
import { CICD_LIST } from './cicd';
import { REGISTRY_LIST } from './registry';
import { ACR_TAGS_LIST } from './acr';
import type { InventoryListSpec, ListSpec, SearchableList } from './spec';

export { CICD_LIST } from './cicd';
export { REGISTRY_LIST } from './registry';
export type { InventoryList, InventoryListSpec, ListQuery, ListSpec, SearchableList } from './spec';
export { ACR_TAGS_LIST } from './acr';

/** The HSS lists: scans, risk, change feed, watch rules and their sync (spec.ts ListSpec). */
export const LISTS: readonly ListSpec[] = [REGISTRY_LIST, CICD_LIST];

/** Every list with list, facets and export routes: the HSS lists and the ACR tags. */
export const INVENTORY_LISTS: readonly InventoryListSpec[] = [...LISTS, ACR_TAGS_LIST];

/** Every table the one search reads, in the order its locations are shown: HSS lists, then ACR. */
export const SEARCHABLE_LISTS: readonly SearchableList[] = [
  ...LISTS.map((spec): SearchableList => ({
    name: spec.name,
    table: spec.table,
    provider: 'huawei',
    search: spec.search,
    tieBreak: spec.tieBreak,
  })),
  ACR_TAGS_LIST,
];

const BY_NAME: Record<ImageList, ListSpec> = { registry: REGISTRY_LIST, cicd: CICD_LIST };

/** The spec of a list named by a validated name (sync records, risk kinds, cache keys). */
export function listSpec(name: ImageList): ListSpec {
  return BY_NAME[name];
}

/** The spec of a list table (callers that name the table, such as the export's snapshot). */
export function listSpecOfTable(table: string): InventoryListSpec {
  const spec = INVENTORY_LISTS.find((candidate) => candidate.table === table);
  if (spec === undefined) throw new Error(`${table} is not a list table`);
  return spec;
}
