// ACR mirrored: the repositories and tags of each configured ACR instance, kept in the inventory
// (acr_repositories, acr_tags; migration 0032) within the account's ACR_CALL_BUDGET (every call
// goes through the ACR client, so through its budget). One cycle serves the first crawl and every
// incremental one:
//   1. list every repository (ListRepository pages; the page reached is persisted, so a restart
//      resumes there) and upsert them;
//   2. re-list the tags (ListRepoTag pages) only of repositories never listed or whose
//      ModifiedTime moved since their tags were last listed in full; a complete listing replaces
//      the repository's tags (tags it no longer has go);
//   3. after a complete listing (every page read, the repositories seen matching TotalCount),
//      remove the repositories, with their tags, that the previous complete listing missed too:
//      the HSS lists' data-safety rule (paging over a list that changes may skip a live row once).
// A first crawl interrupted midway resumes with the repositories not yet listed (their
// tags_modified_time is still null). State per account and instance: acr_sync_state (0033).
import {
  ACR_REPO_PAGE_SIZE,
  ACR_TAG_PAGE_SIZE,
  SYNC_STATES,
  type AcrInstanceSyncStatus,
  type SyncError,
  type AcrAccountSyncStatus,
} from '../../shared/contracts';
import type { AcrRepository, AcrTag } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import type { AcrSyncStateTable, AcrTagsTable } from '../store/tables';
import type { AcrClient } from '../upstream/alibaba/acr-client';
import { UpstreamError } from '../upstream/types';
import { CrawlError } from './crawl-errors';
import { retryDelayMs, toSyncError, wakeableDelay } from './retry';
import { deleteSyncRequest, readAcrRefreshRequest, recordSyncRequest } from './sync-requests';
import type { BreakerView, BudgetView, SyncLogger } from './types';

/** The `sync_requests` list under which a reload of the ACR routes is recorded (per account). */
const ACR_REQUEST_LIST = 'acr';
/** How often the syncing replica looks for reloads recorded by any replica. */
const REQUEST_POLL_MS = 1_000;

/** Whether a reload asked at `requestedAt` still awaits a complete cycle of this instance. */
function isRefreshPending(record: AcrSyncRecord, requestedAt: number): boolean {
  return (record.last_complete_listing_at ?? 0) < requestedAt;
}

/** One instance of an Alibaba account, as the ACR sync calls it. */
export interface AcrSyncTarget {
  account: string;
  /** The budget key of the account's credential (server/clients.ts). */
  credentialId: string;
  instanceId: string;
  regionId: string;
  client: AcrClient;
}

export type AcrSyncRecord = AcrSyncStateTable;

/** `sha256:` and lower-case hex, as the HSS lists write digests (search joins on it). */
export function normaliseAcrDigest(digest: string): string {
  const hex = digest
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
  return hex === '' ? '' : `sha256:${hex}`;
}

export function acrTagKey(instanceId: string, repoId: string, tag: string): string {
  return `${instanceId}/${repoId}:${tag}`;
}

function emptyRecord(account: string, instanceId: string): AcrSyncRecord {
  return {
    account,
    instance_id: instanceId,
    state: 'pending',
    listing_started_at: null,
    listing_page: 1,
    listing_seen: 0,
    listing_total: null,
    last_complete_listing_at: null,
    last_full_sync: null,
    last_incremental_sync: null,
    calls: 0,
    tag_calls: 0,
    throttled: 0,
    last_error: null,
    consecutive_failures: 0,
  };
}

export async function loadAcrSyncRecord(
  db: InventoryDb,
  account: string,
  instanceId: string,
): Promise<AcrSyncRecord> {
  const row = await db
    .selectFrom('acr_sync_state')
    .selectAll()
    .where('account', '=', account)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  if (row === undefined) return emptyRecord(account, instanceId);
  // bigint columns come back as strings from PostgreSQL.
  const numberOr = (value: unknown): number | null => (value === null ? null : Number(value));
  return {
    ...row,
    listing_started_at: numberOr(row.listing_started_at),
    listing_page: Number(row.listing_page),
    listing_seen: Number(row.listing_seen),
    listing_total: numberOr(row.listing_total),
    last_complete_listing_at: numberOr(row.last_complete_listing_at),
    last_full_sync: numberOr(row.last_full_sync),
    last_incremental_sync: numberOr(row.last_incremental_sync),
    calls: Number(row.calls),
    tag_calls: Number(row.tag_calls),
    throttled: Number(row.throttled),
    consecutive_failures: Number(row.consecutive_failures),
  };
}

async function saveRecord(db: InventoryDb, record: AcrSyncRecord): Promise<void> {
  const { account: _account, instance_id: _instance, ...fields } = record;
  await db
    .insertInto('acr_sync_state')
    .values(record)
    .onConflict((oc) => oc.columns(['account', 'instance_id']).doUpdateSet(fields))
    .execute();
}

export interface AcrCycleHooks {
  signal: AbortSignal;
  now(): number;
}

export interface AcrCycleResult {
  repositories: number;
  /** Repositories whose tags were listed in this cycle. */
  relisted: number;
  removedRepositories: number;
}

async function upsertRepositories(
  db: InventoryDb,
  target: AcrSyncTarget,
  repositories: readonly AcrRepository[],
  seenAt: number,
): Promise<void> {
  const rows = repositories
    .filter((repo) => repo.RepoId !== '')
    .map((repo) => ({
      account: target.account,
      instance_id: target.instanceId,
      repo_id: repo.RepoId,
      region_id: target.regionId,
      namespace: repo.RepoNamespaceName,
      repo_name: repo.RepoName,
      repo_type: repo.RepoType,
      repo_status: repo.RepoStatus,
      repo_build_type: repo.RepoBuildType,
      summary: repo.Summary,
      create_time: repo.CreateTime,
      modified_time: repo.ModifiedTime,
      tags_modified_time: null,
      seen_at: seenAt,
    }));
  if (rows.length === 0) return;
  await db
    .insertInto('acr_repositories')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['account', 'instance_id', 'repo_id']).doUpdateSet((eb) => ({
        region_id: eb.ref('excluded.region_id'),
        namespace: eb.ref('excluded.namespace'),
        repo_name: eb.ref('excluded.repo_name'),
        repo_type: eb.ref('excluded.repo_type'),
        repo_status: eb.ref('excluded.repo_status'),
        repo_build_type: eb.ref('excluded.repo_build_type'),
        summary: eb.ref('excluded.summary'),
        create_time: eb.ref('excluded.create_time'),
        modified_time: eb.ref('excluded.modified_time'),
        seen_at: eb.ref('excluded.seen_at'),
      })),
    )
    .execute();
}

/** The target instance's rows (every ACR table is keyed by account and instance). */
const ofInstance = (target: AcrSyncTarget) => ({
  account: target.account,
  instance_id: target.instanceId,
});

const instanceQuery = (target: AcrSyncTarget) => ({
  InstanceId: target.instanceId,
  RegionId: target.regionId,
});

/**
 * Whether a page of `rows` ends the listing: short, or at TotalCount. An empty page before
 * TotalCount is unreadable: a CrawlError, and the cycle that met it removes nothing.
 */
function isLastPage(
  rows: number,
  total: number,
  page: { pageNo: number; pageSize: number; requestId: string | undefined; what: string },
): boolean {
  const seenAll = page.pageNo * page.pageSize >= total;
  if (rows === 0 && !seenAll)
    throw new CrawlError(
      'unreadable_page',
      `an empty ${page.what} (page ${page.pageNo}) before TotalCount ${total}; nothing was removed`,
      page.pageNo,
      page.requestId,
    );
  return rows < page.pageSize || seenAll;
}

/** Step 1: the repository pages from where the listing stands; true once all were read. */
async function listRepositories(
  db: InventoryDb,
  target: AcrSyncTarget,
  record: AcrSyncRecord,
  hooks: AcrCycleHooks,
): Promise<boolean> {
  if (record.listing_started_at === null) {
    record.listing_started_at = hooks.now();
    record.listing_page = 1;
    record.listing_seen = 0;
    record.listing_total = null;
  }
  const pageSize = ACR_REPO_PAGE_SIZE.max;
  for (;;) {
    hooks.signal.throwIfAborted();
    record.calls += 1;
    const { data, requestId } = await target.client.listRepository(
      { ...instanceQuery(target), PageNo: record.listing_page, PageSize: pageSize },
      { signal: hooks.signal },
    );
    await upsertRepositories(db, target, data.Repositories, hooks.now());
    record.listing_total ??= data.TotalCount;
    record.listing_seen += data.Repositories.length;
    const page = { pageNo: record.listing_page, pageSize, requestId, what: 'repository page' };
    if (isLastPage(data.Repositories.length, data.TotalCount, page)) return true;
    record.listing_page += 1;
    await saveRecord(db, record);
  }
}

function tagRow(
  target: AcrSyncTarget,
  repo: { repo_id: string; namespace: string; repo_name: string; repo_type: string },
  repoFacts: { repo_status: string; modified_time: number | null },
  tag: AcrTag,
  seenAt: number,
): AcrTagsTable {
  return {
    account: target.account,
    tag_key: acrTagKey(target.instanceId, repo.repo_id, tag.Tag),
    instance_id: target.instanceId,
    region_id: target.regionId,
    repo_id: repo.repo_id,
    namespace: repo.namespace,
    image_name: repo.repo_name,
    image_version: tag.Tag,
    image_digest: normaliseAcrDigest(tag.Digest),
    image_id: tag.ImageId,
    tag_status: tag.Status,
    image_size: tag.ImageSize,
    image_create: tag.ImageCreate,
    image_update: tag.ImageUpdate,
    repo_type: repo.repo_type,
    repo_status: repoFacts.repo_status,
    repo_modified_time: repoFacts.modified_time,
    seen_at: seenAt,
  };
}

interface StoredRepository {
  repo_id: string;
  namespace: string;
  repo_name: string;
  repo_type: string;
  repo_status: string;
  modified_time: number | null;
}

/** Step 2 for one repository: every tag page, then its tags replaced by what was listed. */
async function relistTags(
  db: InventoryDb,
  target: AcrSyncTarget,
  record: AcrSyncRecord,
  repo: StoredRepository,
  hooks: AcrCycleHooks,
): Promise<void> {
  const startedAt = hooks.now();
  const pageSize = ACR_TAG_PAGE_SIZE.max;
  let seen = 0;
  for (let pageNo = 1; ; pageNo += 1) {
    hooks.signal.throwIfAborted();
    record.calls += 1;
    record.tag_calls += 1;
    const { data, requestId } = await target.client.listRepoTag(
      { ...instanceQuery(target), RepoId: repo.repo_id, PageNo: pageNo, PageSize: pageSize },
      { signal: hooks.signal },
    );
    const rows = data.Images.filter((tag) => tag.Tag !== '').map((tag) =>
      tagRow(target, repo, repo, tag, startedAt),
    );
    if (rows.length > 0)
      await db
        .insertInto('acr_tags')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['account', 'tag_key']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const column of Object.keys(rows[0] ?? {}))
              if (column !== 'account' && column !== 'tag_key')
                set[column] = eb.ref(`excluded.${column}` as 'excluded.seen_at');
            return set;
          }),
        )
        .execute();
    seen += data.Images.length;
    const page = { pageNo, pageSize, requestId, what: `tag page of ${repo.repo_id}` };
    if (isLastPage(data.Images.length, data.TotalCount, page)) {
      if (seen !== data.TotalCount)
        throw new CrawlError(
          'crawl_incomplete',
          `the tags of ${repo.repo_id} listed ${seen} against TotalCount ${data.TotalCount}; nothing was removed`,
          pageNo,
          requestId,
        );
      break;
    }
  }
  // A complete listing of the repository: the tags it no longer has go, and it counts as listed.
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('acr_tags')
      .where((eb) => eb.and(ofInstance(target)))
      .where('repo_id', '=', repo.repo_id)
      .where('seen_at', '<', startedAt)
      .execute();
    await trx
      .updateTable('acr_repositories')
      .set({ tags_modified_time: repo.modified_time })
      .where((eb) => eb.and(ofInstance(target)))
      .where('repo_id', '=', repo.repo_id)
      .execute();
  });
}

/** The repositories whose tags are to be listed: never listed, or modified since. */
async function modifiedRepositories(
  db: InventoryDb,
  target: AcrSyncTarget,
): Promise<StoredRepository[]> {
  const rows = await db
    .selectFrom('acr_repositories')
    .select(['repo_id', 'namespace', 'repo_name', 'repo_type', 'repo_status', 'modified_time'])
    .where((eb) => eb.and(ofInstance(target)))
    .where((eb) =>
      eb.or([
        eb('tags_modified_time', 'is', null),
        eb('modified_time', 'is', null),
        eb('tags_modified_time', '<>', eb.ref('modified_time')),
      ]),
    )
    .orderBy('repo_id')
    .execute();
  return rows.map((row) => ({
    ...row,
    modified_time: row.modified_time === null ? null : Number(row.modified_time),
  }));
}

/** Step 3: repositories unseen since `cutoff`, with their tags. */
async function sweepRepositories(
  db: InventoryDb,
  target: AcrSyncTarget,
  cutoff: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx
      .selectFrom('acr_repositories')
      .select('repo_id')
      .where((eb) => eb.and(ofInstance(target)))
      .where('seen_at', '<', cutoff)
      .execute();
    if (gone.length === 0) return 0;
    const ids = gone.map((row) => row.repo_id);
    await trx
      .deleteFrom('acr_tags')
      .where((eb) => eb.and(ofInstance(target)))
      .where('repo_id', 'in', ids)
      .execute();
    await trx
      .deleteFrom('acr_repositories')
      .where((eb) => eb.and(ofInstance(target)))
      .where('repo_id', 'in', ids)
      .execute();
    return ids.length;
  });
}

/**
 * One cycle of one instance (the first crawl, its resumption, or an incremental cycle), mutating
 * and persisting `record`. Throws the client's error or a CrawlError; what was written stays,
 * and nothing is removed after an incomplete listing.
 */
export async function runAcrCycle(
  db: InventoryDb,
  target: AcrSyncTarget,
  record: AcrSyncRecord,
  hooks: AcrCycleHooks,
): Promise<AcrCycleResult> {
  const first = record.last_full_sync === null;
  record.state = first ? 'crawling' : 'syncing';
  await saveRecord(db, record);
  await listRepositories(db, target, record, hooks);
  const startedAt = record.listing_started_at ?? hooks.now();
  const repositories = record.listing_seen;
  const complete = record.listing_total === repositories;
  const total = record.listing_total;
  record.listing_started_at = null;
  record.listing_page = 1;
  await saveRecord(db, record);

  const modified = await modifiedRepositories(db, target);
  for (const repo of modified) await relistTags(db, target, record, repo, hooks);
  await saveRecord(db, record);

  if (!complete)
    throw new CrawlError(
      'crawl_incomplete',
      `the repository listing saw ${repositories} against TotalCount ${String(total)}; nothing was removed`,
      0,
      undefined,
    );
  const cutoff = record.last_complete_listing_at;
  const removedRepositories = cutoff === null ? 0 : await sweepRepositories(db, target, cutoff);
  record.last_complete_listing_at = startedAt;
  const now = hooks.now();
  if (first) record.last_full_sync = now;
  record.last_incremental_sync = now;
  record.state = 'idle';
  record.last_error = null;
  record.consecutive_failures = 0;
  await saveRecord(db, record);
  return { repositories, relisted: modified.length, removedRepositories };
}

export interface AcrSyncOptions {
  db: InventoryDb;
  targets: readonly AcrSyncTarget[];
  /** Between cycles (SYNC_INTERVAL_MS). */
  intervalMs: number;
  firstRetryMs?: number;
  logger: SyncLogger;
  /** Syncs only while this replica leads the sync (the engine's lease). */
  isLeader: () => boolean;
  now?: () => number;
}

/** The background loops, one per account and instance, while this replica leads the sync. */
export class AcrSync {
  private controller: AbortController | undefined;
  private loops: Array<Promise<void>> = [];
  private readonly wakers = new Map<string, () => void>();
  private readonly now: () => number;

  constructor(private readonly options: AcrSyncOptions) {
    this.now = options.now ?? Date.now;
  }

  get targets(): readonly AcrSyncTarget[] {
    return this.options.targets;
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loops = this.options.targets.map((target) => this.run(target, signal));
  }

  async stop(): Promise<void> {
    this.controller?.abort(new DOMException('the ACR sync is stopping', 'AbortError'));
    await Promise.allSettled(this.loops);
    this.controller = undefined;
    this.loops = [];
  }

  /**
   * A reload of the mirrored ACR routes: records an ACR sync cycle of every instance of
   * `account` (in the database, so that the replica holding the sync lease runs it, through the
   * ACR budget; /api/sync shows it as `refresh` until then) and wakes this replica's loops.
   * False for an account without ACR instances.
   */
  async requestRefresh(account: string): Promise<number | null> {
    if (!this.options.targets.some((target) => target.account === account)) return null;
    const requestedAt = await recordSyncRequest(this.options.db, {
      account,
      list: ACR_REQUEST_LIST,
      kind: 'incremental',
      at: this.now(),
    });
    this.refreshNow(account);
    return requestedAt;
  }

  /** Whether every instance of `account` has completed a cycle begun after `requestedAt`. */
  async isRefreshDone(account: string, requestedAt: number): Promise<boolean> {
    for (const target of this.options.targets) {
      if (target.account !== account) continue;
      const record = await loadAcrSyncRecord(this.options.db, account, target.instanceId);
      if (isRefreshPending(record, requestedAt)) return false;
    }
    return true;
  }

  /** Runs a cycle of every instance of `account` now (a reload); false for an unknown account. */
  refreshNow(account: string): boolean {
    let known = false;
    for (const target of this.options.targets) {
      if (target.account !== account) continue;
      known = true;
      this.wakers.get(`${target.account}\u0000${target.instanceId}`)?.();
    }
    return known;
  }

  /** One cycle of one instance outside the loop (tests), its failure recorded and thrown. */
  async runNow(target: AcrSyncTarget): Promise<AcrCycleResult> {
    const record = await loadAcrSyncRecord(this.options.db, target.account, target.instanceId);
    try {
      return await runAcrCycle(this.options.db, target, record, {
        signal: new AbortController().signal,
        now: this.now,
      });
    } catch (error) {
      await this.recordFailure(target, record, error);
      throw error;
    }
  }

  /** GET /api/sync's `acr`: per Alibaba account, its ACR budgets and breakers and instances. */
  async accountStatuses(
    budgets: BudgetView,
    breakers: BreakerView | undefined,
  ): Promise<AcrAccountSyncStatus[]> {
    const { db } = this.options;
    const byAccount = new Map<string, AcrSyncTarget[]>();
    for (const target of this.options.targets)
      byAccount.set(target.account, [...(byAccount.get(target.account) ?? []), target]);
    const out: AcrAccountSyncStatus[] = [];
    for (const [account, targets] of byAccount) {
      const acr: AcrInstanceSyncStatus[] = [];
      const requestedAt = await readAcrRefreshRequest(db, account);
      for (const target of targets) {
        const record = await loadAcrSyncRecord(db, account, target.instanceId);
        const refresh =
          requestedAt !== null && isRefreshPending(record, requestedAt)
            ? {
                kind: 'incremental' as const,
                state:
                  record.listing_started_at === null ? ('queued' as const) : ('running' as const),
                requested_at: requestedAt,
              }
            : null;
        const count = async (table: 'acr_repositories' | 'acr_tags') =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .where('account', '=', account)
                .where('instance_id', '=', target.instanceId)
                .executeTakeFirst()
            )?.n ?? 0,
          );
        acr.push({
          instance_id: target.instanceId,
          state: SYNC_STATES.find((state) => state === record.state) ?? 'pending',
          repositories: await count('acr_repositories'),
          tags: await count('acr_tags'),
          last_full_sync: record.last_full_sync,
          last_incremental_sync: record.last_incremental_sync,
          calls: record.calls,
          tag_calls: record.tag_calls,
          throttled: record.throttled,
          last_error:
            record.last_error === null ? null : (JSON.parse(record.last_error) as SyncError),
          refresh,
        });
      }
      const credentialId = targets[0]?.credentialId ?? '';
      out.push({
        account,
        budgets: budgets.snapshot(credentialId),
        breakers: breakers?.status(credentialId) ?? {},
        instances: acr,
      });
    }
    return out;
  }

  private async recordFailure(
    target: AcrSyncTarget,
    record: AcrSyncRecord,
    error: unknown,
  ): Promise<SyncError> {
    const syncError = toSyncError(error, this.now());
    record.consecutive_failures += 1;
    record.state = 'error';
    record.last_error = JSON.stringify(syncError);
    if (error instanceof UpstreamError && error.status === 429) record.throttled += 1;
    this.options.logger.warn(
      { account: target.account, instance: target.instanceId, err: syncError },
      'ACR sync failed; the inventory is kept as it was',
    );
    await saveRecord(this.options.db, record).catch((saveError: unknown) => {
      this.options.logger.error({ err: saveError }, 'could not record the ACR sync error');
    });
    return syncError;
  }

  private rest(key: string, ms: number, signal: AbortSignal): Promise<void> {
    return wakeableDelay(ms, signal, (wake) => {
      if (wake) this.wakers.set(key, wake);
      else this.wakers.delete(key);
    });
  }

  private async run(target: AcrSyncTarget, signal: AbortSignal): Promise<void> {
    const { db, intervalMs, logger } = this.options;
    const key = `${target.account}\u0000${target.instanceId}`;
    // After a failure, no scheduled cycle before this (the backoff); a reload asked since the
    // failed attempt began is run at once.
    let notBefore = 0;
    let lastAttemptAt = 0;
    while (!signal.aborted) {
      if (!this.options.isLeader()) {
        await this.rest(key, Math.min(intervalMs, REQUEST_POLL_MS), signal);
        continue;
      }
      let wait = intervalMs;
      let record: AcrSyncRecord | undefined;
      try {
        record = await loadAcrSyncRecord(db, target.account, target.instanceId);
        const requestedAt = await readAcrRefreshRequest(db, target.account);
        const asked =
          requestedAt !== null &&
          isRefreshPending(record, requestedAt) &&
          requestedAt > lastAttemptAt;
        const now = this.now();
        const last = Math.max(record.last_full_sync ?? 0, record.last_incremental_sync ?? 0);
        const scheduled =
          now >= notBefore && (record.listing_started_at !== null || last + intervalMs <= now);
        if (asked || scheduled) {
          lastAttemptAt = now;
          const result = await runAcrCycle(db, target, record, { signal, now: this.now });
          notBefore = 0;
          logger.info(
            { account: target.account, instance: target.instanceId, ...result },
            'ACR sync complete',
          );
          if (requestedAt !== null) await this.settleRefresh(target.account, requestedAt);
        } else wait = Math.max(notBefore, last + intervalMs) - now;
      } catch (error) {
        if (signal.aborted) return;
        if (record) {
          await this.recordFailure(target, record, error);
          const retryAfter = error instanceof UpstreamError ? error.retryAfterMs : undefined;
          wait = retryDelayMs(
            record.consecutive_failures,
            intervalMs,
            retryAfter,
            this.options.firstRetryMs,
          );
          notBefore = this.now() + wait;
        } else logger.warn({ err: error }, 'could not read the ACR sync state');
      }
      // Short rests: a reload recorded by any replica is seen within about a second.
      await this.rest(key, Math.min(wait, REQUEST_POLL_MS), signal);
    }
  }

  /** A reload is done once every instance of the account has completed a cycle since. */
  private async settleRefresh(account: string, requestedAt: number): Promise<void> {
    if (!(await this.isRefreshDone(account, requestedAt))) return;
    await deleteSyncRequest(this.options.db, { account, list: ACR_REQUEST_LIST }, requestedAt);
  }
}
