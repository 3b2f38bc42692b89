// CSV export of every tag of one repository: pages ListRepoTag through the BFF at the API's
// largest page size and builds the file with the shared encoder. All or nothing: a failed page
// fails the export, so nobody mistakes a partial file for the whole repository.
import { apiGet } from '../../../lib/api-client';
import { withDigestAlgorithm } from '../../../lib/format';
import {
  ACR_TAG_PAGE_SIZE,
  ListRepoTagResponseSchema,
  type AcrRepository,
  type AcrTag,
  type QueryRecord,
} from '../../../shared/contracts';
import { csvTime, defineCsvColumns, encodeCsvDocument } from '../../../shared/csv';
import { acrTagsPath } from './get-acr-tags';

export interface ExportProgress {
  done: number;
  total: number;
}

/**
 * Every tag of `repoId`, in ListRepoTag's order. `scope` is `account` and, when overridden,
 * `InstanceId`. Tags pushed while paging can shift a tag onto the next page; it is kept once.
 */
export async function fetchAllAcrTags(
  repoId: string,
  scope: QueryRecord,
  options: { signal?: AbortSignal; onProgress?: (progress: ExportProgress) => void } = {},
): Promise<AcrTag[]> {
  const pageSize = ACR_TAG_PAGE_SIZE.max;
  const byTag = new Map<string, AcrTag>();
  let total = Number.POSITIVE_INFINITY;
  for (let pageNo = 1; (pageNo - 1) * pageSize < total; pageNo += 1) {
    options.signal?.throwIfAborted();
    const page = await apiGet(
      acrTagsPath(repoId),
      { ...scope, PageNo: pageNo, PageSize: pageSize },
      ListRepoTagResponseSchema,
      options.signal,
    );
    total = page.TotalCount;
    for (const tag of page.Images) if (!byTag.has(tag.Tag)) byTag.set(tag.Tag, tag);
    options.onProgress?.({ done: Math.min(byTag.size, total), total });
    // Fewer tags than the total says (some were deleted meanwhile): nothing more to fetch.
    if (page.Images.length < pageSize) break;
  }
  return [...byTag.values()];
}

export interface TagExportContext {
  repository: Pick<AcrRepository, 'RepoId' | 'RepoNamespaceName' | 'RepoName' | 'InstanceId'>;
}

const acrTagCsvColumns = defineCsvColumns<AcrTag & TagExportContext>([
  { key: 'namespace', header: 'Namespace', value: (row) => row.repository.RepoNamespaceName },
  { key: 'repository', header: 'Repository', value: (row) => row.repository.RepoName },
  { key: 'tag', header: 'Tag', value: (row) => row.Tag },
  { key: 'digest', header: 'Digest', value: (row) => withDigestAlgorithm(row.Digest) },
  { key: 'image_id', header: 'Image ID', value: (row) => row.ImageId },
  { key: 'status', header: 'Status', value: (row) => row.Status },
  // Sizes in bytes as numbers, so a spreadsheet can sum them.
  { key: 'size', header: 'Size (bytes)', value: (row) => row.ImageSize },
  { key: 'created', header: 'Created (UTC)', value: (row) => csvTime(row.ImageCreate) },
  { key: 'updated', header: 'Updated (UTC)', value: (row) => csvTime(row.ImageUpdate) },
  { key: 'repo_id', header: 'Repository ID', value: (row) => row.repository.RepoId },
  { key: 'instance_id', header: 'Instance ID', value: (row) => row.repository.InstanceId },
]);

export const ACR_TAG_CSV_HEADERS = acrTagCsvColumns.map((column) => column.header);

/** The file's text, with a UTF-8 BOM so spreadsheets read non-ASCII names right. */
export function buildAcrTagsCsv(
  tags: readonly AcrTag[],
  repository: TagExportContext['repository'],
): string {
  return encodeCsvDocument(
    acrTagCsvColumns,
    tags.map((tag) => ({ ...tag, repository })),
  );
}

function filePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'unnamed';
}

/** `acr-tags-<namespace>-<repo>-<account>-<YYYY-MM-DD>.csv`, the date in UTC like the file's times. */
export function acrTagsFileName(
  namespace: string,
  repositoryName: string,
  account: string,
  now: Date = new Date(),
): string {
  const day = now.toISOString().slice(0, 10);
  return `acr-tags-${filePart(namespace)}-${filePart(repositoryName)}-${filePart(account)}-${day}.csv`;
}
