// ACR tags (ListRepository + ListRepoTag, mirrored by sync/acr-sync.ts), described once: the
// list, facets and export routes read them through the generic store as they read the HSS lists.
// The tags carry the searchable columns (image_digest, image_id, namespace, image_name = the
// repository, image_version = the tag), so the one search joins them to the HSS lists by digest;
// they carry no scan of their own: HSS's scan of the same digest travels to them.
import { sql } from 'kysely';
import {
  ACR_TAG_COLUMNS,
  ACR_TAG_FACET_FIELDS,
  ACR_TAG_LIST_EXPORT_COLUMNS,
  ACR_TAG_LIST_LIMIT,
  ACR_TAG_LOCATION_FIELDS,
  ACR_TAG_SORT_KEYS,
  ACR_TAG_TIME_RANGES,
  API_ROUTES,
  AcrTagListExportQuerySchema,
  AcrTagListQuerySchema,
  type AcrTagColumn,
  type AcrTagListQuery,
  type AcrTagListRow,
} from '../../shared/contracts';
import { numberOrNull } from '../store/dialect';
import type { AcrTagsTable } from '../store/tables';
import type { InventoryListSpec, SearchableList, SyncedAtSources } from './spec';

/** Every column of acr_tags (migration 0032): the one list in contracts/acr-facts.ts. */
const ACR_TAG_COLUMN_NAMES = Object.keys(ACR_TAG_COLUMNS) as AcrTagColumn[];
// That list and the table's row type name the same columns (the compiler checks both ways).
type Unlisted =
  Exclude<keyof AcrTagsTable, AcrTagColumn> | Exclude<AcrTagColumn, keyof AcrTagsTable>;
const EVERY_COLUMN_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
void EVERY_COLUMN_LISTED;

const TIME_COLUMNS: ReadonlySet<string> = new Set([
  'image_create',
  'image_update',
  'repo_modified_time',
]);

function fromRow(stored: Record<string, unknown>): AcrTagListRow {
  const row = stored as unknown as AcrTagsTable;
  const { account: _account, seen_at: _seenAt, ...rest } = row;
  const time = (value: unknown) => numberOrNull(value as string | number | null);
  return {
    ...rest,
    image_size: Number(row.image_size),
    image_create: time(row.image_create),
    image_update: time(row.image_update),
    repo_modified_time: time(row.repo_modified_time),
  };
}

/**
 * An account's ACR data age: the oldest of its instances' last completed cycles (full or
 * incremental), null while any instance has never completed one.
 */
async function acrSyncedAt({ db }: SyncedAtSources, account: string): Promise<number | null> {
  const states = await db
    .selectFrom('acr_sync_state')
    .select(['last_full_sync', 'last_incremental_sync'])
    .where('account', '=', account)
    .execute();
  if (states.length === 0) return null;
  const completed = states.map((state) => {
    const full = numberOrNull(state.last_full_sync);
    const incremental = numberOrNull(state.last_incremental_sync);
    return full === null ? null : Math.max(full, incremental ?? 0);
  });
  return completed.some((at) => at === null) ? null : Math.min(...(completed as number[]));
}

export const ACR_TAGS_LIST: InventoryListSpec<AcrTagListQuery, AcrTagListRow> & SearchableList = {
  name: 'acr',
  label: 'ACR tag',
  provider: 'alibaba',

  table: 'acr_tags',
  columns: ACR_TAG_COLUMN_NAMES,
  timeColumns: TIME_COLUMNS,
  key: 'tag_key',
  fromRow,

  querySchema: AcrTagListQuerySchema,
  defaultLimit: ACR_TAG_LIST_LIMIT.default,
  ownFilters: {
    contains: ['image_digest'],
    equals: ['instance_id', 'repo_id'],
    oneOf: ['tag_status', 'repo_type'],
    flags: {},
  },
  timeFields: ACR_TAG_TIME_RANGES,
  sortKeys: ACR_TAG_SORT_KEYS,
  tieBreakKey: 'tag_key',
  tieBreak: (plus, dir) => sql`${plus}tag_key ${dir}`,

  facetDimensions: [],
  topFacetFields: ACR_TAG_FACET_FIELDS,

  exportSchema: AcrTagListExportQuerySchema,
  exportColumns: ACR_TAG_LIST_EXPORT_COLUMNS,

  search: {
    source: 'acr',
    locationFields: ACR_TAG_LOCATION_FIELDS,
    scanned: false,
  },

  routes: {
    list: API_ROUTES.acrTagList,
    facets: API_ROUTES.acrTagListFacets,
    export: API_ROUTES.acrTagListExport,
  },
  syncedAt: acrSyncedAt,
};
