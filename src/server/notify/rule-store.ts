// Watch rules in the inventory database (migration 0025), shared by every replica. The channel's
// URL and secret are stored here and leave only masked (ruleOf) or to the channel's sender. Each
// rule holds its creator's scope (0047): it reports and shows only what they may see.
import { sql } from 'kysely';
import type {
  ChangeEventType,
  ImageList,
  RuleInput,
  RuleLang,
  RuleMode,
  WatchRule,
} from '../../shared/contracts';
import type { ChannelTarget } from './channel-types';
import type { InventoryDb } from '../store/db';
import { LISTS } from '../lists';
import { changeTable } from '../changes/change-log';
import { maskChannelUrl } from './channels';
import { allowedOnAxis, type Principal, type Scope } from '../auth/principal';

interface RuleRow {
  id: number | string;
  name: string;
  view_id: number | string | null;
  list: ImageList | null;
  query: string | null;
  event_types: string;
  channel_type: ChannelTarget['type'];
  channel_url: string;
  channel_secret: string | null;
  mode: RuleMode;
  digest_minutes: number | string | null;
  lang: RuleLang;
  created_at: number | string;
  updated_at: number | string;
  batch_closed_at: number | string;
  created_by: string | null;
  scope: string | null;
}

/** A rule as the engine needs it: its channel whole, its cursors aside. */
export interface StoredRule extends Omit<WatchRule, 'channel' | 'last_delivery'> {
  channel: ChannelTarget;
  /** Epoch ms when the rule's last batch was closed (digest windows start there). */
  batch_closed_at: number;
  /** Who made it (null: made before this was kept). */
  created_by: string | null;
  /** What its events are limited to: its creator's scope; null = not known (matches nothing). */
  scope: Scope | null;
}

function storedOf(row: RuleRow): StoredRule {
  return {
    id: String(row.id),
    name: row.name,
    view_id: row.view_id === null ? null : String(row.view_id),
    list: row.list,
    query: row.query,
    event_types: JSON.parse(row.event_types) as ChangeEventType[],
    channel: {
      type: row.channel_type,
      url: row.channel_url,
      ...(row.channel_secret === null ? {} : { secret: row.channel_secret }),
    },
    mode: row.mode,
    digest_minutes: row.digest_minutes === null ? null : Number(row.digest_minutes),
    lang: row.lang,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    batch_closed_at: Number(row.batch_closed_at),
    created_by: row.created_by,
    scope: row.scope === null ? null : (JSON.parse(row.scope) as Scope),
  };
}

/** Every value `inner` allows on one axis, `outer` allows too (`null` = every value). */
function axisWithin(inner: readonly string[] | null, outer: readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  // A pattern read as plain text matches an outer pattern only if all it stands for does: each
  // of its `*` falls in one of the outer pattern's `*`.
  return inner.every((pattern) => allowedOnAxis(outer, pattern));
}

/**
 * Whether someone with this scope may see and change the rule: its scope lies within theirs (a
 * rule whose scope is not known, only the unscoped). Saving never widens a rule's scope.
 */
export function ruleWithinScope(rule: StoredRule, scope: Scope): boolean {
  if (rule.scope === null) return scope.accounts === null && scope.namespaces === null;
  return (
    axisWithin(rule.scope.accounts, scope.accounts) &&
    axisWithin(rule.scope.namespaces, scope.namespaces)
  );
}

/** The scope the rule's events are matched under: nothing when it is not known. */
export function matchingScope(rule: StoredRule): Scope {
  return rule.scope ?? { accounts: null, namespaces: [] };
}

/** The rule as answers show it: the channel masked. */
export function publicRule(rule: StoredRule): WatchRule {
  const { channel, batch_closed_at: _closed, created_by: _by, scope: _scope, ...rest } = rule;
  return {
    ...rest,
    channel: {
      type: channel.type,
      url_masked: maskChannelUrl(channel.url),
      has_secret: channel.secret !== undefined,
    },
  };
}

/** What a stored rule holds from an input (the channel complete: routes fill in what PUT kept). */
export type RuleRecord = Omit<RuleInput, 'channel'> & { channel: ChannelTarget };

function columnsOf(input: RuleRecord) {
  return {
    name: input.name,
    view_id: input.view_id ?? null,
    list: input.view_id === undefined ? (input.list ?? null) : null,
    query: input.view_id === undefined ? (input.query ?? '') : null,
    event_types: JSON.stringify(input.event_types),
    channel_type: input.channel.type,
    channel_url: input.channel.url,
    channel_secret: input.channel.secret ?? null,
    mode: input.mode,
    digest_minutes: input.mode === 'digest' ? (input.digest_minutes ?? null) : null,
    lang: input.lang,
  };
}

export async function listStoredRules(db: InventoryDb): Promise<StoredRule[]> {
  const { rows } = await sql<RuleRow>`select * from watch_rules order by name, id`.execute(db);
  return rows.map(storedOf);
}

export async function countRules(db: InventoryDb): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n
    from watch_rules`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function getStoredRule(db: InventoryDb, id: string): Promise<StoredRule | undefined> {
  const { rows } = await sql<RuleRow>`select * from watch_rules where id = ${id}`.execute(db);
  return rows[0] && storedOf(rows[0]);
}

/**
 * A new rule, its cursors at each list's newest event: it reports what happens from now on, not
 * the history (no back-fill flood).
 */
export async function createRule(
  db: InventoryDb,
  input: RuleRecord,
  now: number,
  creator: Principal,
): Promise<StoredRule> {
  return db.transaction().execute(async (trx) => {
    const c = columnsOf(input);
    const { rows } = await sql<RuleRow>`insert into watch_rules (name, view_id, list, query,
      event_types, channel_type, channel_url, channel_secret, mode, digest_minutes, lang,
      created_at, updated_at, batch_closed_at, created_by, scope)
      values (${c.name}, ${c.view_id}, ${c.list}, ${c.query}, ${c.event_types},
      ${c.channel_type}, ${c.channel_url}, ${c.channel_secret}, ${c.mode}, ${c.digest_minutes},
      ${c.lang}, ${now}, ${now}, ${now}, ${creator.user}, ${JSON.stringify(creator.scope)})
      returning *`.execute(trx);
    const row = rows[0];
    if (row === undefined) throw new Error('the watch rule was not stored');
    for (const spec of LISTS) {
      await sql`insert into watch_rule_cursors (rule_id, list, last_change_id)
        select ${row.id}, ${spec.name}, coalesce(max(change_id), 0)
        from ${sql.table(changeTable(spec))}`.execute(trx);
    }
    return storedOf(row);
  });
}

/** `scope`: the rule's own, kept (routes give it the editor's only when it was not known). */
export async function updateRule(
  db: InventoryDb,
  id: string,
  input: RuleRecord,
  scope: Scope,
  now: number,
): Promise<StoredRule | undefined> {
  const c = columnsOf(input);
  const { rows } = await sql<RuleRow>`update watch_rules set name = ${c.name},
    view_id = ${c.view_id}, list = ${c.list}, query = ${c.query}, event_types = ${c.event_types},
    channel_type = ${c.channel_type}, channel_url = ${c.channel_url},
    channel_secret = ${c.channel_secret}, mode = ${c.mode}, digest_minutes = ${c.digest_minutes},
    lang = ${c.lang}, scope = ${JSON.stringify(scope)}, updated_at = ${now}
    where id = ${id} returning *`.execute(db);
  return rows[0] && storedOf(rows[0]);
}

/** Deletes the rule, its cursors and its delivery log. */
export async function deleteRule(db: InventoryDb, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await sql`delete from watch_rules where id = ${id}`.execute(trx);
    await sql`delete from watch_rule_cursors where rule_id = ${id}`.execute(trx);
    await sql`delete from rule_deliveries where rule_id = ${id}`.execute(trx);
    return Number(result.numAffectedRows ?? 0) > 0;
  });
}

/** The rules that follow a view, by name (a view in use cannot be deleted: views.ts). */
export async function rulesOfView(db: InventoryDb, viewId: string): Promise<StoredRule[]> {
  const { rows } = await sql<RuleRow>`select * from watch_rules
    where view_id = ${viewId} order by name, id`.execute(db);
  return rows.map(storedOf);
}
