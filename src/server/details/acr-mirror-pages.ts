// ListRepository and ListRepoTag answered from the inventory (acr_repositories, acr_tags) once an
// instance's first ACR crawl has completed: the same fields, paging and order as ACR's answer
// (repositories newest created first, tags newest pushed first; ties by RepoId, Tag), with no
// ACR call. The simulator lists in exactly that order (simulator/handlers/acr.ts).
import { sql } from 'kysely';
import {
  ACR_REPO_PAGE_SIZE,
  ACR_TAG_PAGE_SIZE,
  type ListRepoTagQuery,
  type ListRepoTagResponse,
  type ListRepositoryQuery,
  type ListRepositoryResponse,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { containsText, namespaceMatches, whereClause, type Condition } from '../lists/filters';
import { loadAcrSyncRecord } from '../sync/acr-sync';
import type { AcrRepositoriesTable, AcrTagsTable } from '../store/tables';

/** Whether an instance is mirrored (its first crawl completed) and its data age. */
export interface AcrInstanceMirror {
  mirrored: boolean;
  /** The last completed cycle (full or incremental), null before the first. */
  syncedAt: number | null;
}

export async function acrInstanceMirror(
  db: InventoryDb,
  account: string,
  instanceId: string,
): Promise<AcrInstanceMirror> {
  const record = await loadAcrSyncRecord(db, account, instanceId);
  if (record.last_full_sync === null) return { mirrored: false, syncedAt: null };
  return {
    mirrored: true,
    syncedAt: Math.max(record.last_full_sync, record.last_incremental_sync ?? 0),
  };
}

const timeOrNull = (value: unknown): number | null => (value === null ? null : Number(value));

/** Each mirrored listing: ACR's order (newest first, ties by id) and its default page size. */
const LISTINGS = {
  acr_repositories: {
    order: sql`create_time is null, create_time desc, repo_id`,
    pageSize: ACR_REPO_PAGE_SIZE.default,
  },
  acr_tags: {
    order: sql`image_create is null, image_create desc, image_version`,
    pageSize: ACR_TAG_PAGE_SIZE.default,
  },
} as const;

/**
 * The page `query` asks for of the rows of `table` matching `where`, in ACR's order, with ACR's
 * success envelope around it (no upstream request: the BFF's request id).
 */
async function readPage<Row>(
  db: InventoryDb,
  table: keyof typeof LISTINGS,
  where: Condition,
  query: { PageNo?: number | undefined; PageSize?: number | undefined },
  requestId: string,
) {
  const pageNo = query.PageNo ?? 1;
  const pageSize = query.PageSize ?? LISTINGS[table].pageSize;
  const from = sql`from ${sql.table(table)} where ${where}`;
  const counted = await sql<{ n: number | string }>`select count(*) as n ${from}`.execute(db);
  const read = await sql<Row>`select * ${from} order by ${LISTINGS[table].order}
    limit ${pageSize} offset ${(pageNo - 1) * pageSize}`.execute(db);
  const envelope = {
    Code: 'success',
    IsSuccess: true,
    RequestId: requestId,
    PageNo: pageNo,
    PageSize: pageSize,
    TotalCount: Number(counted.rows[0]?.n ?? 0),
  };
  return { envelope, rows: read.rows };
}

/**
 * ListRepository's page from the inventory: RepoNamespaceName exact, RepoName a case-insensitive
 * substring, RepoStatus exact (`ALL` or absent: any); `namespaces` the request's namespace scope.
 */
export async function mirroredRepositories(
  db: InventoryDb,
  account: string,
  query: ListRepositoryQuery,
  scope: { requestId: string; namespaces: readonly string[] | null },
): Promise<ListRepositoryResponse> {
  const status = query.RepoStatus === 'ALL' ? undefined : query.RepoStatus;
  const where = whereClause([
    sql`account = ${account}`,
    sql`instance_id = ${query.InstanceId}`,
    query.RepoNamespaceName === undefined ? undefined : sql`namespace = ${query.RepoNamespaceName}`,
    containsText('repo_name', query.RepoName),
    status === undefined ? undefined : sql`repo_status = ${status}`,
    namespaceMatches(scope.namespaces),
  ]);
  const { envelope, rows } = await readPage<AcrRepositoriesTable>(
    db,
    'acr_repositories',
    where,
    query,
    scope.requestId,
  );
  return {
    ...envelope,
    Repositories: rows.map((row) => ({
      RepoId: row.repo_id,
      RepoName: row.repo_name,
      RepoNamespaceName: row.namespace,
      RepoType: row.repo_type,
      RepoStatus: row.repo_status,
      RepoBuildType: row.repo_build_type,
      Summary: row.summary,
      InstanceId: row.instance_id,
      CreateTime: timeOrNull(row.create_time),
      ModifiedTime: timeOrNull(row.modified_time),
    })),
  };
}

/** The namespace of a mirrored repository, undefined when the inventory does not hold it. */
export async function mirroredRepositoryNamespace(
  db: InventoryDb,
  account: string,
  instanceId: string,
  repoId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('acr_repositories')
    .select('namespace')
    .where('account', '=', account)
    .where('instance_id', '=', instanceId)
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return row?.namespace;
}

/** ListRepoTag's page from the inventory (digests as ACR writes them: hex, no `sha256:`). */
export async function mirroredTags(
  db: InventoryDb,
  account: string,
  query: ListRepoTagQuery,
  requestId: string,
): Promise<ListRepoTagResponse> {
  const where = whereClause([
    sql`account = ${account}`,
    sql`instance_id = ${query.InstanceId}`,
    sql`repo_id = ${query.RepoId}`,
  ]);
  const { envelope, rows } = await readPage<AcrTagsTable>(db, 'acr_tags', where, query, requestId);
  return {
    ...envelope,
    Images: rows.map((row) => ({
      Tag: row.image_version,
      Digest: row.image_digest.replace(/^sha256:/, ''),
      ImageId: row.image_id,
      Status: row.tag_status,
      ImageSize: Number(row.image_size),
      ImageCreate: timeOrNull(row.image_create),
      ImageUpdate: timeOrNull(row.image_update),
    })),
  };
}
