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

/** Every column the tag list sorts by (`sort_key`); tag_key is the tie break. */
export const ACR_TAG_SORT_KEYS = [
  'namespace',
  'image_name',
  'image_version',
  'image_digest',
  'image_id',
  'tag_status',
  'image_size',
  'image_create',
  'image_update',
  'instance_id',
  'repo_id',
  'repo_type',
  'tag_key',
] as const;
export type AcrTagSortKey = (typeof ACR_TAG_SORT_KEYS)[number];

/** Fields whose top values the facets count. */
export const ACR_TAG_FACET_FIELDS = [
  'instance_id',
  'namespace',
  'tag_status',
  'repo_type',
] as const;
