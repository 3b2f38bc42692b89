// The ACR page's "All tags" view (GET /api/acr/tags over the mirror), all in the URL beside the
// repository view's parameters (acr-url-state.ts): `view=tags`, then the route's own names
// (q, namespaces, instance_id, tag_status, repo_type, image_name, image_version, image_digest, sort_key, sort_dir,
// offset, limit) and the update days as the date inputs show them (updated_from, updated_to).
import { dayOrEmpty, startOfDay, startOfNextDay } from '../../lib/calendar-day';
import {
  ACR_REPO_TYPES,
  ACR_STATUS_WORD,
  ACR_TAG_LIST_LIMIT,
  ACR_TAG_SORT_KEYS,
  type AcrTagSortKey,
} from '../../shared/contracts/acr-facts';

export const TAG_LIST_VIEW = 'tags';
const DEFAULT_LIMIT = ACR_TAG_LIST_LIMIT.default;
export const TAG_LIST_PAGE_SIZES = [DEFAULT_LIMIT, 50, 100, ACR_TAG_LIST_LIMIT.max] as const;
/** Newest first: what changed lately is what a security engineer looks at first. */
export const TAG_LIST_DEFAULT_SORT = { key: 'image_update', dir: 'desc' } as const;

export interface AcrTagListView {
  q: string;
  /** One exact namespace (the facet's pick); '' for all. */
  namespaces: string;
  instanceId: string;
  /** One tag status and one repository type (the facets' picks); '' for all. */
  tagStatus: string;
  repoType: string;
  imageName: string;
  imageVersion: string;
  imageDigest: string;
  /** First and last day of the update time, inclusive; '' for no bound. */
  updatedFrom: string;
  updatedTo: string;
  sort: { key: AcrTagSortKey; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

/** The URL parameters this view owns (cleared together when the view resets). */
export const TAG_LIST_PARAMS = [
  'q',
  'namespaces',
  'instance_id',
  'tag_status',
  'repo_type',
  'image_name',
  'image_version',
  'image_digest',
  'updated_from',
  'updated_to',
  'sort_key',
  'sort_dir',
  'offset',
  'limit',
] as const;

const INSTANCE_ID = /^cri-[a-z0-9]{1,64}$/;

function wholeNumber(raw: string | null, fallback: number): number {
  const value = Number(raw ?? fallback);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export function isTagListView(params: URLSearchParams): boolean {
  return params.get('view') === TAG_LIST_VIEW;
}

/** The view in `params`; values the route would refuse fall back to the defaults. */
export function readAcrTagListView(params: URLSearchParams): AcrTagListView {
  const sortKey = params.get('sort_key') ?? '';
  const limit = wholeNumber(params.get('limit'), DEFAULT_LIMIT);
  const instanceId = params.get('instance_id') ?? '';
  const tagStatus = params.get('tag_status') ?? '';
  const repoType = params.get('repo_type') ?? '';
  return {
    q: params.get('q') ?? '',
    namespaces: params.get('namespaces') ?? '',
    instanceId: INSTANCE_ID.test(instanceId) ? instanceId : '',
    tagStatus: ACR_STATUS_WORD.test(tagStatus) ? tagStatus : '',
    repoType: (ACR_REPO_TYPES as readonly string[]).includes(repoType) ? repoType : '',
    imageName: params.get('image_name') ?? '',
    imageVersion: params.get('image_version') ?? '',
    imageDigest: params.get('image_digest') ?? '',
    updatedFrom: dayOrEmpty(params.get('updated_from')),
    updatedTo: dayOrEmpty(params.get('updated_to')),
    sort: (ACR_TAG_SORT_KEYS as readonly string[]).includes(sortKey)
      ? { key: sortKey as AcrTagSortKey, dir: params.get('sort_dir') === 'asc' ? 'asc' : 'desc' }
      : TAG_LIST_DEFAULT_SORT,
    offset: wholeNumber(params.get('offset'), 0),
    limit: (TAG_LIST_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

function isDefaultSort(view: AcrTagListView): boolean {
  return view.sort.key === TAG_LIST_DEFAULT_SORT.key && view.sort.dir === TAG_LIST_DEFAULT_SORT.dir;
}

/** The view's filters, as the route and the URL name them (empty ones left out). */
function filterParams(view: AcrTagListView): Record<string, string | undefined> {
  return {
    q: view.q || undefined,
    namespaces: view.namespaces || undefined,
    instance_id: view.instanceId || undefined,
    tag_status: view.tagStatus || undefined,
    repo_type: view.repoType || undefined,
    image_name: view.imageName || undefined,
    image_version: view.imageVersion || undefined,
    image_digest: view.imageDigest || undefined,
  };
}

/** The URL parameters of a view (defaults left out, so links stay short). */
export function acrTagListSearch(view: AcrTagListView): Record<string, string | undefined> {
  return {
    ...filterParams(view),
    updated_from: view.updatedFrom || undefined,
    updated_to: view.updatedTo || undefined,
    sort_key: isDefaultSort(view) ? undefined : view.sort.key,
    sort_dir: isDefaultSort(view) ? undefined : view.sort.dir,
    offset: view.offset > 0 ? String(view.offset) : undefined,
    limit: view.limit === DEFAULT_LIMIT ? undefined : String(view.limit),
  };
}

/** Whether any filter narrows the list (the "no match" state offers to clear them). */
export function isFiltered(view: AcrTagListView): boolean {
  return (
    Object.values(filterParams(view)).some(Boolean) ||
    view.updatedFrom !== '' ||
    view.updatedTo !== ''
  );
}

/** What GET /api/acr/tags is asked for a view (its facets and export take the same filters). */
export function acrTagListParams(
  view: AcrTagListView,
  account: string,
): Record<string, string | number | undefined> {
  return {
    account,
    ...filterParams(view),
    start_image_update: view.updatedFrom ? startOfDay(view.updatedFrom) : undefined,
    // The route's end is inclusive: the last millisecond of the last day.
    end_image_update: view.updatedTo ? startOfNextDay(view.updatedTo) - 1 : undefined,
    sort_key: view.sort.key,
    sort_dir: view.sort.dir,
    offset: view.offset,
    limit: view.limit,
  };
}
