// The base-images page's state, all in the URL under the route's own parameter names (a link
// reproduces the view), and where each basic image leads: the explorers filtered to its images.
import {
  APP_ROUTES,
  BASE_IMAGE_EOL_STATUSES,
  BASE_IMAGES_DEFAULT_SORT,
  BASE_IMAGES_LIMIT,
  BASE_IMAGES_SORT_KEYS,
  type BaseImageEolStatus,
  type BaseImageRow,
  type BaseImagesSortKey,
  type ImageList,
} from '../../shared/contracts/facts';

/** The page's default and only order worth a name: most high-risk images first ("fix first"). */
export const FIX_FIRST_SORT = { key: BASE_IMAGES_DEFAULT_SORT, dir: 'desc' } as const;
const DEFAULT_LIMIT = BASE_IMAGES_LIMIT.default;
export const BASE_IMAGE_PAGE_SIZES = [DEFAULT_LIMIT, 50, 100, BASE_IMAGES_LIMIT.max] as const;

export interface BaseImagesView {
  osName: string;
  osVersion: string;
  /** End-of-life statuses shown (any of them); empty: every status. */
  eol: BaseImageEolStatus[];
  sort: { key: BaseImagesSortKey; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

function wholeNumber(raw: string | null, fallback: number): number {
  const value = Number(raw ?? fallback);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The view in `params`; values the route would refuse fall back to the defaults. */
export function readBaseImagesView(params: URLSearchParams): BaseImagesView {
  const sortKey = params.get('sort_key');
  const sortDir = params.get('sort_dir');
  const limit = wholeNumber(params.get('limit'), DEFAULT_LIMIT);
  return {
    osName: params.get('os_name') ?? '',
    osVersion: params.get('os_version') ?? '',
    eol: (params.get('eol') ?? '')
      .split(',')
      .filter((status) => isOneOf(BASE_IMAGE_EOL_STATUSES, status))
      .filter((status, index, all) => all.indexOf(status) === index),
    sort: isOneOf(BASE_IMAGES_SORT_KEYS, sortKey)
      ? { key: sortKey, dir: sortDir === 'asc' ? 'asc' : 'desc' }
      : FIX_FIRST_SORT,
    offset: wholeNumber(params.get('offset'), 0),
    limit: (BASE_IMAGE_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
  };
}

export function isFixFirst(view: BaseImagesView): boolean {
  return view.sort.key === FIX_FIRST_SORT.key && view.sort.dir === FIX_FIRST_SORT.dir;
}

/** The URL parameters of a view (defaults left out, so links stay short). */
export function baseImagesSearch(view: BaseImagesView): Record<string, string | undefined> {
  return {
    os_name: view.osName || undefined,
    os_version: view.osVersion || undefined,
    eol: view.eol.length > 0 ? view.eol.join(',') : undefined,
    sort_key: isFixFirst(view) ? undefined : view.sort.key,
    sort_dir: isFixFirst(view) ? undefined : view.sort.dir,
    offset: view.offset > 0 ? String(view.offset) : undefined,
    limit: view.limit === DEFAULT_LIMIT ? undefined : String(view.limit),
  };
}

/** What the route is asked for a view (the page, or the whole set for the export). */
export function baseImagesApiParams(
  view: BaseImagesView,
  account: string | undefined,
): Record<string, string | number | undefined> {
  return {
    account,
    os_name: view.osName || undefined,
    os_version: view.osVersion || undefined,
    eol: view.eol.length > 0 ? view.eol.join(',') : undefined,
    sort_key: view.sort.key,
    sort_dir: view.sort.dir,
    offset: view.offset,
    limit: view.limit,
  };
}

const EXPLORER_PATHS: Record<ImageList, string> = {
  registry: APP_ROUTES.registryImages,
  cicd: APP_ROUTES.cicdImages,
};

/**
 * The explorer listing the images on one basic image. The layer digest names the base exactly;
 * a row without one (HSS gave OS and version only) is found by OS and version instead.
 */
export function explorerTarget(
  row: Pick<BaseImageRow, 'os_name' | 'os_version' | 'layer_digest'>,
  list: ImageList,
  account: string | undefined,
): { pathname: string; search: string } {
  const params = new URLSearchParams();
  if (account) params.set('account', account);
  if (row.layer_digest) params.set('basic_image_digest', row.layer_digest);
  else {
    params.set('basic_image_os', row.os_name);
    params.set('basic_image_os_version', row.os_version);
  }
  return { pathname: EXPLORER_PATHS[list], search: `?${params.toString()}` };
}

/** The list a row opens by default: the one holding more of its images (repository on a tie). */
export function primaryList(row: Pick<BaseImageRow, 'registry_images' | 'cicd_images'>): ImageList {
  return row.cicd_images > row.registry_images ? 'cicd' : 'registry';
}
