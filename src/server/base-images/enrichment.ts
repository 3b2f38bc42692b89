// The background look-up of basic images: for every distinct image digest of the inventory
// without an answer in `basic_images`, one ListImageBasicImage call (seed 000; CI/CD images by
// image id, repository images by namespace, name and tag), drawn from the same per-API budget
// as the on-demand detail view but as a background caller (upstream/budget.ts): on-demand calls
// always go first and keep the last call of every window. The table is the progress: a digest
// with a row is never asked again, so a restart or a new sync leader resumes where it stopped.
// Only the sync leader runs it. Faults back off as the sync engine's do (sync/retry.ts).
import {
  BASIC_IMAGE_TYPES,
  type BasicImageType,
  type ListImageBasicImageQuery,
  type ListImageBasicImageResponse,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { readPlainBasicImageAnswer, writeBasicImageCache } from '../details/basic-image-cache';
import { retryDelayMs, wakeableDelay } from '../sync/retry';
import type { SyncLogger } from '../sync/types';
import type { CallBudget } from '../upstream/budget';
import { UpstreamError, type CallOptions, type UpstreamResult } from '../upstream/types';
import type { EnrichmentProgress } from './base-images-answer';
import {
  pendingDigests,
  refreshEndOfLifeDates,
  writeBasicImageAnswer,
  type PendingDigest,
} from './base-images-store';

/** What the job needs of one Huawei account. */
export interface EnrichmentAccount {
  id: string;
  enterpriseProjectId: string;
  budget: CallBudget;
  listImageBasicImage(
    imageId: string,
    query: ListImageBasicImageQuery,
    options?: CallOptions,
  ): Promise<UpstreamResult<ListImageBasicImageResponse>>;
}

export interface EnrichmentOptions {
  db: InventoryDb;
  accounts: readonly EnrichmentAccount[];
  /** BASIC_IMAGE_ENRICH: off makes no call at all. */
  enabled: boolean;
  /** Whether this replica syncs (holds the sync lease); only the leader asks. */
  isLeader: () => boolean;
  logger: SyncLogger;
  /** How long to rest when nothing is left to ask (a sync's new digests wake it sooner). */
  idleMs?: number;
  /** The first back-off after a fault (sync/retry.ts's default unless tests shorten it). */
  firstRetryMs?: number;
  /** The longest back-off. */
  maxRetryMs?: number;
}

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_MAX_RETRY_MS = 10 * 60_000;
/** Digests read from the inventory per round. */
const BATCH = 50;

function basicImageQuery(
  image: PendingDigest,
  enterpriseProjectId: string,
): ListImageBasicImageQuery | undefined {
  if (image.imageType === 'cicd') {
    return { image_type: 'cicd', enterprise_project_id: enterpriseProjectId };
  }
  if (!(BASIC_IMAGE_TYPES as readonly string[]).includes(image.imageType)) return undefined;
  return {
    image_type: image.imageType as BasicImageType,
    enterprise_project_id: enterpriseProjectId,
    namespace: image.namespace,
    image_name: image.imageName,
    image_version: image.imageVersion,
  };
}

export class BasicImageEnrichment implements EnrichmentProgress {
  readonly enabled: boolean;
  private readonly callsByAccount = new Map<string, number>();
  private readonly wakers = new Map<string, () => void>();
  private controller: AbortController | undefined;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: EnrichmentOptions) {
    this.enabled = options.enabled;
  }

  calls(account: string): number {
    return this.callsByAccount.get(account) ?? 0;
  }

  /**
   * Time to ask `pending` digests at the account's budget as a background caller gets it: every
   * call of a window but the last (kept for on-demand calls), or all when the window has one.
   */
  etaMs(account: string, pending: number): number {
    const budget = this.options.accounts.find((candidate) => candidate.id === account)?.budget;
    if (!budget || pending === 0) return 0;
    const { limit, window_ms: windowMs } = budget.status();
    const perWindow = limit > 1 ? limit - 1 : limit;
    return Math.ceil((pending * windowMs) / perWindow);
  }

  start(): void {
    if (this.controller) return;
    // Dates stored by an earlier release follow the table shipped with this one.
    refreshEndOfLifeDates(this.options.db, Date.now()).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'basic images: end-of-life dates not refreshed');
    });
    if (!this.enabled) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loops = this.options.accounts.map((account) => this.run(account, signal));
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    this.controller = undefined;
    await Promise.allSettled(this.loops);
    this.loops = [];
  }

  /** New digests may have arrived (a sync finished): look now rather than after the rest. */
  wake(account: string): void {
    this.wakers.get(account)?.();
  }

  private rest(account: string, ms: number, signal: AbortSignal): Promise<void> {
    return wakeableDelay(ms, signal, (wake) => {
      if (wake) this.wakers.set(account, wake);
      else this.wakers.delete(account);
    });
  }

  private async run(account: EnrichmentAccount, signal: AbortSignal): Promise<void> {
    const idleMs = this.options.idleMs ?? DEFAULT_IDLE_MS;
    const firstRetryMs = this.options.firstRetryMs;
    const maxRetryMs = this.options.maxRetryMs ?? DEFAULT_MAX_RETRY_MS;
    let failures = 0;
    // Digests that cannot be asked (no usable identity) until the next restart.
    const unaskable = new Set<string>();
    while (!signal.aborted) {
      if (!this.options.isLeader()) {
        await this.rest(account.id, idleMs, signal);
        continue;
      }
      let pending: PendingDigest[];
      try {
        pending = await pendingDigests(this.options.db, account.id, BATCH, unaskable);
      } catch (error) {
        failures += 1;
        this.options.logger.warn({ err: error, account: account.id }, 'basic images: read failed');
        await this.rest(
          account.id,
          retryDelayMs(failures, maxRetryMs, undefined, firstRetryMs),
          signal,
        );
        continue;
      }
      if (pending.length === 0) {
        await this.rest(account.id, idleMs, signal);
        continue;
      }
      for (const image of pending) {
        if (signal.aborted || !this.options.isLeader()) break;
        try {
          await this.answer(account, image, signal, unaskable);
          failures = 0;
        } catch (error) {
          if (signal.aborted) break;
          if (error instanceof UpstreamError && (error.status === 404 || error.status === 400)) {
            // This image is unknown to HSS or refused: not a fault of the service. Another image
            // of the digest may be asked after a restart; the others go on now.
            unaskable.add(image.imageDigest);
            continue;
          }
          failures += 1;
          const retryAfterMs = error instanceof UpstreamError ? error.retryAfterMs : undefined;
          const delayMs = retryDelayMs(failures, maxRetryMs, retryAfterMs, firstRetryMs);
          this.options.logger.warn(
            {
              account: account.id,
              code: error instanceof UpstreamError ? error.code : 'internal_error',
              retry_in_ms: delayMs,
            },
            'basic images: a look-up failed; backing off',
          );
          await this.rest(account.id, delayMs, signal);
          break; // read the work list afresh: the sync or a detail view may have answered some
        }
      }
    }
  }

  /** Asks for one digest's basic images (or reuses a detail view's answer) and stores them. */
  private async answer(
    account: EnrichmentAccount,
    image: PendingDigest,
    signal: AbortSignal,
    unaskable: Set<string>,
  ): Promise<void> {
    const { db } = this.options;
    // A plain answer the detail view already stored for this digest: then no call is needed.
    const stored = await readPlainBasicImageAnswer(db, account.id, image.imageDigest);
    if (stored) {
      await writeBasicImageAnswer(db, account.id, image.imageDigest, stored, Date.now());
      return;
    }
    const query = basicImageQuery(image, account.enterpriseProjectId);
    if (query === undefined) {
      unaskable.add(image.imageDigest);
      return;
    }
    this.callsByAccount.set(account.id, this.calls(account.id) + 1);
    // A stop cuts the wait for the budget short, never a call under way: every call made is kept.
    const result = await account.listImageBasicImage(image.imageId, query, {
      budgetSignal: signal,
      background: true,
      // The job backs off on its own schedule, and a retry must not hold a budget slot.
      noRetry: true,
    });
    const answeredAt = Date.now();
    await writeBasicImageAnswer(db, account.id, image.imageDigest, result.data, answeredAt);
    // The detail view of any image of this digest is then answered without a call.
    await writeBasicImageCache(
      db,
      {
        account: account.id,
        imageDigest: image.imageDigest,
        imageType: query.image_type,
        queryKey: '',
      },
      result.data,
      answeredAt,
    );
  }
}
