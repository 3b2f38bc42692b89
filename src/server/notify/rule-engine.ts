// The watch rules' engine: on the sync leader only, after each sync cycle (and on a short timer),
// matches each rule against the change events recorded after its cursor and, in ONE transaction,
// records a delivery for the batch (its idempotency key names the rule, list and change ids) and
// advances the cursor. Then it sends the deliveries that are due, through the channel's rate
// limit, with retries and backoff. A new leader resumes from the table: a batch is recorded
// once, and a message in flight when a leader died may be sent again with the same key (at
// least once).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { NotifyChannelType, RuleDelivery, RuleTestOutcome } from '../../shared/contracts';
import { changesAfter, newestChangeId } from '../changes/change-feed';
import type { AccountConfig } from '../config';
import { listSpec } from '../lists';
import type { Scope } from '../auth/principal';
import { scopedQuery } from '../auth/request-scope';
import { pickAccount } from '../routes/accounts';
import type { InventoryDb } from '../store/db';
import { PRUNE_EVERY_MS, retentionCutoff } from '../store/retention';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './backoff';
import type { ChannelTarget, Notification, SendOptions, SendOutcome } from './channel-types';
import {
  claimAttempt,
  deferDelivery,
  dueDeliveries,
  insertDelivery,
  pruneDeliveries,
  recordOutcome,
  type PendingDelivery,
} from './delivery-store';
import { CHANNEL_RATE_LIMITS } from './channels';
import { filtersOfRule } from './rule-filters';
import { MESSAGE_MAX_LINES, batchMessage, changesLink, testMessage } from './rule-message';
import { getStoredRule, listStoredRules, matchingScope, type StoredRule } from './rule-store';
import { TokenBuckets, type RateLimit } from './token-bucket';

export type SendNotification = (
  target: ChannelTarget,
  message: Notification,
  options: SendOptions,
) => Promise<SendOutcome>;

export interface RuleEngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export const DEFAULT_RULE_TICK_MS = 10_000;
/** Deliveries sent per tick at most (the rest wait for the next one). */
const SEND_BATCH = 50;

export interface RuleEngineOptions {
  db: InventoryDb;
  accounts: readonly AccountConfig[];
  /** PUBLIC_URL: messages link back to the Changes page there. */
  publicUrl: string;
  /** NOTIFY_ALLOW_PRIVATE */
  allowPrivate: boolean;
  send: SendNotification;
  /** Whether this replica leads the sync (only the leader matches and sends). */
  isLeader: () => boolean;
  logger: RuleEngineLogger;
  /** CHANGE_RETENTION_DAYS: deliveries are pruned with the change events. */
  retentionDays: number;
  now?: () => number;
  retry?: RetryPolicy;
  /** Default: the channels' documented limits (CHANNEL_RATE_LIMITS). */
  rateLimits?: Readonly<Record<NotifyChannelType, readonly RateLimit[]>>;
  tickIntervalMs?: number;
  /** Bounds one attempt; a claimed attempt is retried by a later leader after it (and a margin). */
  sendTimeoutMs?: number;
}

export class RuleEngine {
  private readonly db: InventoryDb;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly rateLimits: Readonly<Record<NotifyChannelType, readonly RateLimit[]>>;
  private readonly buckets = new TokenBuckets();
  private readonly sendTimeoutMs: number;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RuleEngineOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.rateLimits = options.rateLimits ?? CHANNEL_RATE_LIMITS;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      void this.tick().catch(() => undefined);
    }, this.options.tickIntervalMs ?? DEFAULT_RULE_TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  /** After a sync cycle applied changes: match and send now rather than at the next tick. */
  poke(): void {
    void this.tick().catch(() => undefined);
  }

  /** One pass, after any pass running (passes never overlap): match the rules, send what is due. */
  tick(): Promise<void> {
    const pass = this.running.catch(() => undefined).then(() => this.pass());
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<void> {
    if (!this.options.isLeader()) return;
    try {
      await this.matchRules();
      await this.sendDue();
      await this.prune();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'watch rules: a pass failed; the next one retries');
      throw error;
    }
  }

  private async matchRules(): Promise<void> {
    for (const rule of await listStoredRules(this.db)) {
      if (!this.options.isLeader()) return;
      try {
        await this.matchRule(rule);
      } catch (error) {
        // Its cursor moved under it (another engine matched it) or the database failed: the
        // other rules go on; this one is matched again next pass.
        this.options.logger.warn({ err: error, rule_id: rule.id }, 'watch rule not matched');
      }
    }
  }

  /** Records at most one delivery for the rule's new matching events and advances its cursor. */
  async matchRule(rule: StoredRule): Promise<RuleDelivery | undefined> {
    const now = this.now();
    if (rule.mode === 'digest' && now - rule.batch_closed_at < (rule.digest_minutes ?? 0) * 60_000)
      return undefined;
    const filters = await filtersOfRule(this.db, rule);
    if (filters === undefined) return undefined;
    // Only what the rule's creator may see: their accounts, and their namespaces in the query.
    const scope = matchingScope(rule);
    const account = this.accountOf(filters.query.account, scope);
    if (account === undefined) return undefined;
    const spec = listSpec(filters.list);
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ last_change_id: number | string }>`select last_change_id
        from watch_rule_cursors where rule_id = ${rule.id} and list = ${spec.name}`.execute(trx);
      const cursor = Number(rows[0]?.last_change_id ?? 0);
      const newest = await newestChangeId(spec, trx);
      if (newest <= cursor) return undefined;
      const batch = await changesAfter(
        spec,
        trx,
        account,
        scopedQuery(scope, { ...filters.query, event_type: rule.event_types }),
        { afterId: cursor, uptoId: newest, limit: MESSAGE_MAX_LINES },
        now,
      );
      // Compare-and-set: a second engine that read the same cursor rolls back here.
      const moved = await sql`update watch_rule_cursors set last_change_id = ${newest}
        where rule_id = ${rule.id} and list = ${spec.name}
        and last_change_id = ${cursor}`.execute(trx);
      if (rows.length === 0)
        await sql`insert into watch_rule_cursors (rule_id, list, last_change_id)
          values (${rule.id}, ${spec.name}, ${newest})`.execute(trx);
      else if (Number(moved.numAffectedRows ?? 0) !== 1)
        throw new Error('watch rule cursor moved meanwhile');
      if (rule.mode === 'digest')
        await sql`update watch_rules set batch_closed_at = ${now}
          where id = ${rule.id}`.execute(trx);
      if (batch.count === 0 || batch.firstId === null || batch.lastId === null) return undefined;
      const idempotencyKey = `rule-${rule.id}-${spec.name}-${batch.firstId}-${batch.lastId}`;
      const message = batchMessage({
        rule,
        list: spec.name,
        events: batch.events,
        eventCount: batch.count,
        idempotencyKey,
        link: changesLink(this.options.publicUrl, {
          list: spec.name,
          eventTypes: rule.event_types,
          since: batch.firstAt ?? now,
          until: (batch.lastAt ?? now) + 1,
          filters: filters.params,
        }),
      });
      return insertDelivery(
        trx,
        {
          ruleId: rule.id,
          list: spec.name,
          firstChangeId: batch.firstId,
          lastChangeId: batch.lastId,
          message,
        },
        now,
      );
    });
  }

  private accountOf(requested: string | undefined, scope: Scope): string | undefined {
    try {
      return pickAccount(this.options.accounts, 'huawei', requested, scope).id;
    } catch {
      return undefined;
    }
  }

  private async sendDue(): Promise<void> {
    for (const delivery of await dueDeliveries(this.db, this.now(), SEND_BATCH)) {
      if (!this.options.isLeader()) return;
      await this.attempt(delivery, { retries: true });
    }
  }

  /** One attempt of a delivery: rate limit, claim, send, record. */
  private async attempt(
    delivery: PendingDelivery,
    mode: { retries: boolean },
  ): Promise<RuleDelivery | undefined> {
    const rule = await getStoredRule(this.db, delivery.ruleId);
    const at = this.now();
    if (rule === undefined)
      return recordOutcome(this.db, delivery.id, {
        status: 'failed',
        httpStatus: null,
        reason: 'the rule was deleted',
        nextAttemptAt: null,
        at,
      });
    const wait = this.buckets.take(rule.channel.url, this.rateLimits[rule.channel.type], at);
    if (wait > 0) {
      if (mode.retries) {
        await deferDelivery(this.db, delivery.id, at + wait);
        return undefined;
      }
      return recordOutcome(this.db, delivery.id, {
        status: 'failed',
        httpStatus: null,
        reason: `the channel's rate limit: try again in ${Math.ceil(wait / 1000)} s`,
        nextAttemptAt: null,
        at,
      });
    }
    // Held past the attempt's bound: if this replica dies mid-send, a later leader retries then.
    if (!(await claimAttempt(this.db, delivery, at + this.sendTimeoutMs * 2))) return undefined;
    const attempts = delivery.attempts + 1;
    let outcome: SendOutcome;
    try {
      outcome = await this.options.send(rule.channel, delivery.message, {
        allowPrivate: this.options.allowPrivate,
        timeoutMs: this.sendTimeoutMs,
      });
    } catch {
      outcome = { ok: false, retryable: true, reason: 'the channel could not be reached' };
    }
    const done = this.now();
    if (outcome.ok)
      return this.finish(rule, delivery, attempts, {
        status: 'delivered',
        httpStatus: outcome.httpStatus,
        reason: null,
        nextAttemptAt: null,
        at: done,
      });
    const delay =
      mode.retries && outcome.retryable
        ? retryDelayMs(this.retry, attempts, outcome.retryAfterMs)
        : undefined;
    return this.finish(rule, delivery, attempts, {
      status: delay === undefined ? 'failed' : 'retrying',
      httpStatus: outcome.httpStatus ?? null,
      reason: outcome.reason,
      nextAttemptAt: delay === undefined ? null : done + delay,
      at: done,
    });
  }

  private async finish(
    rule: StoredRule,
    delivery: PendingDelivery,
    attempts: number,
    outcome: Parameters<typeof recordOutcome>[2],
  ): Promise<RuleDelivery | undefined> {
    const recorded = await recordOutcome(this.db, delivery.id, outcome);
    // Never the URL or the secret: the rule and delivery ids say which.
    const details = {
      rule_id: rule.id,
      delivery_id: delivery.id,
      channel: rule.channel.type,
      attempts,
      status: outcome.status,
      http_status: outcome.httpStatus,
      reason: outcome.reason,
    };
    if (outcome.status === 'delivered') this.options.logger.info(details, 'notification sent');
    else this.options.logger.warn(details, 'notification not delivered');
    return recorded;
  }

  /**
   * The "send test" button: a sample message now, from whichever replica is asked, recorded in
   * the rule's log as a test; one attempt, no retry (the answer is its outcome).
   */
  async sendTest(rule: StoredRule): Promise<RuleTestOutcome> {
    const now = this.now();
    const key = `test-${rule.id}-${now}-${randomBytes(4).toString('hex')}`;
    const link = `${this.options.publicUrl}/changes`;
    const inserted = await insertDelivery(
      this.db,
      {
        ruleId: rule.id,
        list: null,
        firstChangeId: null,
        lastChangeId: null,
        message: testMessage(rule, link, key),
        test: true,
      },
      now,
    );
    if (inserted === undefined) throw new Error('the test delivery was not recorded');
    const pending: PendingDelivery = {
      id: inserted.id,
      ruleId: rule.id,
      attempts: 0,
      message: testMessage(rule, link, key),
    };
    const delivery = (await this.attempt(pending, { retries: false })) ?? inserted;
    return { delivery, ok: delivery.status === 'delivered' };
  }

  private async prune(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await pruneDeliveries(this.db, retentionCutoff(now, this.options.retentionDays));
  }
}
