// CSV export of every tag of one repository: pages ListRepoTag through the BFF at the API's
// largest page size and builds the file with the shared encoder. All or nothing: a failed page
// fails the export, so nobody mistakes a partial file for the whole repository.
import { apiGet } from '../../../lib/api-client';
import { withDigestAlgorithm } from '../../../lib/format';
import {
  ACR_TAG_EXPORT_HEADERS,
  ACR_TAG_PAGE_SIZE,
  DEFAULT_EXPORT_LANGUAGE,
  ListRepoTagResponseSchema,
  type AcrRepository,
  type AcrTag,
  type AcrTagExportColumnKey,
  type ExportLanguage,
  type QueryRecord,
} from '../../../shared/contracts';
import { csvTime, defineCsvColumns, encodeCsvDocument, type CsvCell } from '../../../shared/csv';
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

type TagRow = AcrTag & TagExportContext;

/** Each column's cell, in the file's order; the titles live in the contracts, per language. */
const ACR_TAG_CELLS: Record<AcrTagExportColumnKey, (row: TagRow) => CsvCell> = {
  namespace: (row) => row.repository.RepoNamespaceName,
  repository: (row) => row.repository.RepoName,
  tag: (row) => row.Tag,
  digest: (row) => withDigestAlgorithm(row.Digest),
  image_id: (row) => row.ImageId,
  status: (row) => row.Status,
  // Sizes in bytes as numbers, so a spreadsheet can sum them.
  size: (row) => row.ImageSize,
  created: (row) => csvTime(row.ImageCreate),
  updated: (row) => csvTime(row.ImageUpdate),
  repo_id: (row) => row.repository.RepoId,
  instance_id: (row) => row.repository.InstanceId,
};

function acrTagCsvColumns(language: ExportLanguage) {
  return defineCsvColumns<TagRow>(
    (Object.keys(ACR_TAG_EXPORT_HEADERS) as AcrTagExportColumnKey[]).map((key) => ({
      key,
      header: ACR_TAG_EXPORT_HEADERS[key][language],
      value: ACR_TAG_CELLS[key],
    })),
  );
}

export const ACR_TAG_CSV_HEADERS = acrTagCsvColumns(DEFAULT_EXPORT_LANGUAGE).map(
  (column) => column.header,
);

/**
 * The file's text, with a UTF-8 BOM so spreadsheets (Excel, WPS) read non-ASCII names right; the
 * header row in `language` (the UI's), the records the same in every language.
 */
export function buildAcrTagsCsv(
  tags: readonly AcrTag[],
  repository: TagExportContext['repository'],
  language: ExportLanguage = DEFAULT_EXPORT_LANGUAGE,
): string {
  return encodeCsvDocument(
    acrTagCsvColumns(language),
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
