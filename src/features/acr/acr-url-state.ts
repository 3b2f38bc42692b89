// The ACR page's state, all in the URL (README, "The app's URLs"). Repository list parameters keep
// ListRepository's own names; the open repository and its tag table use names of their own,
// because ListRepoTag's PageNo/PageSize would collide with the repository table's:
//   account      the configured Alibaba Cloud account (BFF extension)
//   InstanceId   another ACR instance than the account's (absent: the account's own)
//   RepoNamespaceName, RepoName, RepoStatus, PageNo, PageSize   ListRepository's parameters
//   repo         the open repository's RepoId (crr-...)
//   tagPageNo, tagPageSize   ListRepoTag's PageNo and PageSize for the open repository
//   tagSort, tagOrder        client-side sort of the loaded tag page (a field of the tag; asc|desc)
import { z } from 'zod';
import {
  AcrRepoIdSchema,
  enumParam,
  listRepoTagQueryShape,
  listRepositoryQueryShape,
  SORT_DIRS,
  textParam,
  type AcrTag,
  type QueryRecord,
  type SortDir,
} from '../../shared/contracts';

export const ACR_TAG_SORT_KEYS = [
  'Tag',
  'Digest',
  'ImageId',
  'Status',
  'ImageSize',
  'ImageCreate',
  'ImageUpdate',
] as const satisfies readonly (keyof AcrTag)[];
export type AcrTagSortKey = (typeof ACR_TAG_SORT_KEYS)[number];

export const AcrPageQuerySchema = z.object({
  account: textParam(1, 64).optional(),
  InstanceId: listRepositoryQueryShape.InstanceId.optional(),
  RepoNamespaceName: listRepositoryQueryShape.RepoNamespaceName,
  RepoName: listRepositoryQueryShape.RepoName,
  RepoStatus: listRepositoryQueryShape.RepoStatus,
  PageNo: listRepositoryQueryShape.PageNo,
  PageSize: listRepositoryQueryShape.PageSize,
  repo: AcrRepoIdSchema.optional(),
  tagPageNo: listRepoTagQueryShape.PageNo,
  tagPageSize: listRepoTagQueryShape.PageSize,
  tagSort: enumParam(ACR_TAG_SORT_KEYS).optional(),
  tagOrder: enumParam(SORT_DIRS).optional(),
});
export type AcrPageQuery = z.output<typeof AcrPageQuerySchema>;

/** Page sizes offered in both tables; all within ListRepository's and ListRepoTag's 1-100. */
export const ACR_PAGE_SIZES = [10, 20, 50, 100] as const;
export const ACR_DEFAULT_PAGE_SIZE = 20;

/** Parameters that change what the repository list holds: a change sends it back to page 1. */
export const REPOSITORY_FILTER_PARAMS = ['RepoNamespaceName', 'RepoName', 'RepoStatus'] as const;

/** The state that belongs to one account and instance; cleared when the user picks another. */
export const INSTANCE_SCOPED_PARAMS = [
  'InstanceId',
  'PageNo',
  'repo',
  'tagPageNo',
  'tagSort',
  'tagOrder',
  // The "All tags" view's picks that name one account's instances and namespaces.
  'instance_id',
  'namespaces',
  'offset',
] as const;

function accountAndInstance(query: AcrPageQuery, account: string): QueryRecord {
  const record: QueryRecord = { account };
  // Absent: the BFF uses the account's own instance.
  if (query.InstanceId) record.InstanceId = query.InstanceId;
  return record;
}

/** The `GET /api/acr/repos` query for the page's repository table. */
export function repositoriesRequest(query: AcrPageQuery, account: string): QueryRecord {
  const record = accountAndInstance(query, account);
  if (query.RepoNamespaceName) record.RepoNamespaceName = query.RepoNamespaceName;
  if (query.RepoName) record.RepoName = query.RepoName;
  if (query.RepoStatus) record.RepoStatus = query.RepoStatus;
  record.PageNo = String(query.PageNo ?? 1);
  record.PageSize = String(query.PageSize ?? ACR_DEFAULT_PAGE_SIZE);
  return record;
}

/** The `GET /api/acr/repos/{RepoId}/tags` query for the open repository's tag table. */
export function tagsRequest(query: AcrPageQuery, account: string): QueryRecord {
  const record = accountAndInstance(query, account);
  record.PageNo = String(query.tagPageNo ?? 1);
  record.PageSize = String(query.tagPageSize ?? ACR_DEFAULT_PAGE_SIZE);
  return record;
}

/** PageNo/PageSize (1-based pages) as the table's offset/limit, and back. */
export function pageToOffset(pageNo: number, pageSize: number): number {
  return (pageNo - 1) * pageSize;
}
export function offsetToPage(offset: number, pageSize: number): number {
  return Math.floor(offset / pageSize) + 1;
}

/** Sorts a loaded page of tags (a copy); missing times sort last in either direction. */
export function sortTags(tags: readonly AcrTag[], key: AcrTagSortKey, order: SortDir): AcrTag[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...tags].sort((a, b) => {
    const left = a[key];
    const right = b[key];
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    if (typeof left === 'number' && typeof right === 'number') return sign * (left - right);
    // Natural order, so v1.10.0 follows v1.9.0.
    return sign * String(left).localeCompare(String(right), 'en', { numeric: true });
  });
}
