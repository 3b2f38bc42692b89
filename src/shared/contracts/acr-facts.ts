// ACR's API version, page sizes and repository statuses: zod-free, for the browser (facts.ts).
export const ACR_API_VERSION = '2018-12-01';
export const ACR_TAG_PAGE_SIZE = { min: 1, max: 100, default: 30 } as const;
export const ACR_REPO_PAGE_SIZE = { min: 1, max: 100, default: 30 } as const;
export const ACR_REPO_STATUSES = ['NORMAL', 'DELETING', 'ALL'] as const;
/** ListRepository's RepoType: who may pull. */
export const ACR_REPO_TYPES = ['PUBLIC', 'PRIVATE'] as const;
/**
 * An ACR status word. ListRepoTag documents only NORMAL for a tag's Status (ListRepository's
 * RepoStatus adds DELETING and DELETED), so the tag list accepts any such word, not a fixed set.
 */
export const ACR_STATUS_WORD = /^[A-Z][A-Z_]{0,31}$/;

// The ACR tags as an inventory list (GET /api/acr/tags, its facets and export.csv): the stored
// columns by their list names (namespace, image_name = the repository, image_version = the tag).

/** Page size of the tag list (`limit`). */
export const ACR_TAG_LIST_LIMIT = { min: 1, max: 200, default: 20 } as const;

/** Time fields with `start_<field>`/`end_<field>` filters (epoch ms, inclusive). */
export const ACR_TAG_TIME_RANGES = ['image_update', 'image_create'] as const;

/**
 * Every column of acr_tags (migration 0032), once, with what the tag list does with it: `sort`, a
 * `sort_key` (tag_key is the tie break); `location`, a field of the one search's ACR locations
 * (the key first). Exceptions are marked where they are.
 */
export const ACR_TAG_COLUMNS = {
  // Bookkeeping: the request names the account; seen_at is the sweep's.
  account: {},
  tag_key: { sort: true, location: true },
  instance_id: { sort: true, location: true },
  // Not sorted: one region per instance, so the instance's order is the region's.
  region_id: { location: true },
  repo_id: { sort: true, location: true },
  namespace: { sort: true, location: true },
  image_name: { sort: true, location: true },
  image_version: { sort: true, location: true },
  // Not a location field: the digest is the artifact the locations belong to.
  image_digest: { sort: true },
  image_id: { sort: true, location: true },
  // Facts of the tag, not of where it is: sorted, not located.
  tag_status: { sort: true },
  image_size: { sort: true },
  image_create: { sort: true },
  image_update: { sort: true },
  repo_type: { sort: true },
  // The repository's state, served with each tag but neither sorted nor located.
  repo_status: {},
  repo_modified_time: {},
  seen_at: {},
} as const satisfies Record<string, { sort?: true; location?: true }>;
export type AcrTagColumn = keyof typeof ACR_TAG_COLUMNS;

type AcrTagColumnsWith<Use extends 'sort' | 'location'> = {
  [Column in AcrTagColumn]: (typeof ACR_TAG_COLUMNS)[Column] extends Record<Use, true>
    ? Column
    : never;
}[AcrTagColumn];

function acrTagColumnsWith<Use extends 'sort' | 'location'>(use: Use) {
  const columns = Object.keys(ACR_TAG_COLUMNS) as AcrTagColumn[];
  // Never empty: the table above has columns of each use.
  return columns.filter((column) => use in ACR_TAG_COLUMNS[column]) as unknown as readonly [
    AcrTagColumnsWith<Use>,
    ...AcrTagColumnsWith<Use>[],
  ];
}

/** Every column the tag list sorts by (`sort_key`); tag_key is the tie break. */
export const ACR_TAG_SORT_KEYS = acrTagColumnsWith('sort');
export type AcrTagSortKey = AcrTagColumnsWith<'sort'>;

/** The columns naming one tag, as a location of the one search shows them (the key first). */
export const ACR_TAG_LOCATION_FIELDS = acrTagColumnsWith('location');

/** Fields whose top values the facets count. */
export const ACR_TAG_FACET_FIELDS = [
  'instance_id',
  'namespace',
  'tag_status',
  'repo_type',
] as const;
