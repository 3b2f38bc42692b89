// A rule's deliveries (migration 0026): one row per batch of events, holding the rendered
// message, so that every attempt (by this replica or a later leader) sends the same one.
import { sql, type Transaction } from 'kysely';
import type { DeliveryStatus, ImageList, RuleDelivery } from '../../shared/contracts';
import type { Notification } from './channel-types';
import type { InventoryDb } from '../store/db';

type AnyDb = InventoryDb | Transaction<never>;

interface DeliveryRow {
  id: number | string;
  rule_id: number | string;
  created_at: number | string;
  status: DeliveryStatus;
  attempts: number | string;
  next_attempt_at: number | string | null;
  http_status: number | string | null;
  event_count: number | string;
  idempotency_key: string;
  message: string;
  reason: string | null;
  test: number | string;
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

function deliveryOf(row: DeliveryRow): RuleDelivery {
  return {
    id: String(row.id),
    at: Number(row.created_at),
    status: row.status,
    attempts: Number(row.attempts),
    http_status: numberOrNull(row.http_status),
    event_count: Number(row.event_count),
    test: Number(row.test) === 1,
    reason: row.reason,
    next_attempt_at: numberOrNull(row.next_attempt_at),
  };
}

/** A delivery as the sender needs it. */
export interface PendingDelivery {
  id: string;
  ruleId: string;
  attempts: number;
  message: Notification;
}

export interface NewDelivery {
  ruleId: string;
  list: ImageList | null;
  firstChangeId: number | null;
  lastChangeId: number | null;
  message: Notification;
  test?: boolean;
}

/**
 * Records a batch to send (status `retrying`, no attempt yet, due now). The idempotency key is
 * unique: a second insert of the same batch is ignored and answers undefined.
 */
export async function insertDelivery(
  db: AnyDb,
  delivery: NewDelivery,
  now: number,
): Promise<RuleDelivery | undefined> {
  const { message } = delivery;
  const { rows } = await sql<DeliveryRow>`insert into rule_deliveries (rule_id, created_at,
    status, attempts, next_attempt_at, http_status, event_count, idempotency_key, list,
    first_change_id, last_change_id, message, reason, test, finished_at)
    values (${delivery.ruleId}, ${now}, 'retrying', 0, ${now}, null, ${message.eventCount},
    ${message.idempotencyKey}, ${delivery.list}, ${delivery.firstChangeId},
    ${delivery.lastChangeId}, ${JSON.stringify(message)}, null, ${delivery.test ? 1 : 0}, null)
    on conflict (idempotency_key) do nothing returning *`.execute(db);
  return rows[0] && deliveryOf(rows[0]);
}

/** The deliveries due now (retrying, next attempt passed), oldest first. */
export async function dueDeliveries(
  db: InventoryDb,
  now: number,
  limit: number,
): Promise<PendingDelivery[]> {
  const { rows } = await sql<DeliveryRow>`select * from rule_deliveries
    where status = 'retrying' and next_attempt_at <= ${now}
    order by next_attempt_at, id limit ${limit}`.execute(db);
  return rows.map((row) => ({
    id: String(row.id),
    ruleId: String(row.rule_id),
    attempts: Number(row.attempts),
    message: JSON.parse(row.message) as Notification,
  }));
}

/**
 * Claims the next attempt: counts it and pushes the delivery's due time to `holdUntil`, so that
 * if this replica dies mid-send a later leader retries it then (with the same key: at least
 * once). False when another engine claimed it first.
 */
export async function claimAttempt(
  db: InventoryDb,
  delivery: PendingDelivery,
  holdUntil: number,
): Promise<boolean> {
  const result = await sql`update rule_deliveries set attempts = attempts + 1,
    next_attempt_at = ${holdUntil} where id = ${delivery.id} and status = 'retrying'
    and attempts = ${delivery.attempts}`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** Defers a delivery without counting an attempt (its channel's rate limit). */
export async function deferDelivery(db: InventoryDb, id: string, until: number): Promise<void> {
  await sql`update rule_deliveries set next_attempt_at = ${until}
    where id = ${id} and status = 'retrying'`.execute(db);
}

export async function recordOutcome(
  db: InventoryDb,
  id: string,
  outcome: {
    status: DeliveryStatus;
    httpStatus: number | null;
    reason: string | null;
    nextAttemptAt: number | null;
    at: number;
  },
): Promise<RuleDelivery | undefined> {
  const finished = outcome.status === 'retrying' ? null : outcome.at;
  const { rows } = await sql<DeliveryRow>`update rule_deliveries set status = ${outcome.status},
    http_status = ${outcome.httpStatus}, reason = ${outcome.reason},
    next_attempt_at = ${outcome.nextAttemptAt}, finished_at = ${finished}
    where id = ${id} returning *`.execute(db);
  return rows[0] && deliveryOf(rows[0]);
}

export async function deliveriesPage(
  db: InventoryDb,
  ruleId: string,
  offset: number,
  limit: number,
): Promise<{ total_num: number; data_list: RuleDelivery[] }> {
  const count = await sql<{ n: number | string }>`select count(*) as n from rule_deliveries
    where rule_id = ${ruleId}`.execute(db);
  const { rows } = await sql<DeliveryRow>`select * from rule_deliveries where rule_id = ${ruleId}
    order by created_at desc, id desc limit ${limit} offset ${offset}`.execute(db);
  return { total_num: Number(count.rows[0]?.n ?? 0), data_list: rows.map(deliveryOf) };
}

/** Each rule's newest delivery. */
export async function lastDeliveries(db: InventoryDb): Promise<Map<string, RuleDelivery>> {
  const { rows } = await sql<DeliveryRow>`select d.* from rule_deliveries d
    where d.id = (select max(n.id) from rule_deliveries n where n.rule_id = d.rule_id)`.execute(db);
  return new Map(rows.map((row) => [String(row.rule_id), deliveryOf(row)]));
}

/** Deletes finished deliveries created before `before` (the change retention's horizon). */
export async function pruneDeliveries(db: InventoryDb, before: number): Promise<number> {
  const result = await sql`delete from rule_deliveries where created_at < ${before}
    and status <> 'retrying'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
