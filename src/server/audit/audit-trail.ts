// The audit trail: who did what, when, from where (request.ip) and under which request id, in
// the inventory database (migration 0040), kept AUDIT_RETENTION_DAYS. Any route records with
// `recordAudit(request, action, target, detail)`; the hook registered here records what every
// route has in common: exports (with their list, query and row count), refreshes, changes
// (views, rules, roles, tokens: any other successful request that is not a read) and refusals
// (401, 403).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_ROUTES,
  EXPORT_HEADERS,
  type AuditAction,
  type AuditEntry,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { PRUNE_EVERY_MS, retentionCutoff } from '../store/retention';

export interface AuditTrailOptions {
  db: InventoryDb;
  retentionDays: number;
  now?: () => number;
}

export class AuditTrail {
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: AuditTrailOptions) {
    this.now = options.now ?? Date.now;
  }

  async record(entry: Omit<AuditEntry, 'at'> & { at?: number }): Promise<void> {
    const at = entry.at ?? this.now();
    await this.options.db
      .insertInto('audit_log')
      .values({
        at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        detail: JSON.stringify(entry.detail),
        address: entry.address,
        request_id: entry.request_id,
      })
      .execute();
    if (at - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = at;
      await this.prune(at);
    }
  }

  /** Deletes entries older than the retention; returns how many. */
  async prune(now: number = this.now()): Promise<number> {
    const cutoff = retentionCutoff(now, this.options.retentionDays);
    const result = await this.options.db
      .deleteFrom('audit_log')
      .where('at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    auditTrail: AuditTrail | undefined;
  }
}

/** Who is asking, for the trail: the principal's id, or `anonymous` before sign-in. */
function actorOf(request: FastifyRequest): string {
  return request.principal?.user ?? 'anonymous';
}

/**
 * Records one entry for this request. Never fails the request: a trail that cannot be written is
 * logged as an error (the action itself already happened).
 */
export async function recordAudit(
  request: FastifyRequest,
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const trail = request.server.auditTrail;
  if (trail === undefined) return;
  try {
    await trail.record({
      actor: actorOf(request),
      action,
      target,
      detail,
      address: request.ip,
      request_id: String(request.id),
    });
  } catch (error) {
    request.log.error({ err: error, action, target }, 'an audit entry could not be written');
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The path without its query (the query goes into `detail` where it matters). */
const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? request.url;

/** What the hook records of a finished request, if anything. */
function auditedAction(
  request: FastifyRequest,
  status: number,
): { action: AuditAction; detail: Record<string, unknown> } | undefined {
  if (status === 401 || status === 403)
    return { action: 'refused', detail: { method: request.method, status } };
  if (status >= 400) return undefined;
  const route = request.routeOptions.url ?? '';
  if (!route.startsWith('/api/')) return undefined;
  // Sign-in and sign-out are recorded where they happen (plugins/auth.ts).
  if (route === API_ROUTES.sessionLogout) return undefined;
  if (READS.has(request.method)) {
    if (!route.endsWith('/export.csv')) return undefined;
    return { action: 'export', detail: {} };
  }
  if (route === API_ROUTES.syncRefresh)
    return { action: 'refresh', detail: { query: request.query } };
  return { action: 'change', detail: { method: request.method } };
}

/** The audit trail on the app: `recordAudit` writes to it, and the common actions are recorded. */
export function registerAuditTrail(app: FastifyInstance, trail: AuditTrail): void {
  app.decorate('auditTrail', trail);
  app.addHook('onResponse', async (request, reply) => {
    const audited = auditedAction(request, reply.statusCode);
    if (audited === undefined) return;
    const detail =
      audited.action === 'export'
        ? {
            list: exportedList(request.routeOptions.url ?? ''),
            query: request.query,
            rows: Number(reply.getHeader(EXPORT_HEADERS.totalCount) ?? 0),
          }
        : audited.detail;
    await recordAudit(request, audited.action, pathOf(request), detail);
  });
}

/** The list an export route names: `/api/hss/registry-images/export.csv` → `registry-images`. */
function exportedList(route: string): string {
  const parts = route.split('/');
  return parts[parts.length - 2] ?? route;
}

/** Newest first, under the filters; with the total. */
export async function queryAudit(
  db: InventoryDb,
  filters: {
    actor?: string | undefined;
    action?: AuditAction | undefined;
    since?: number | undefined;
    until?: number | undefined;
  },
  page: { offset: number; limit: number },
): Promise<{ total_num: number; data_list: AuditEntry[] }> {
  let query = db.selectFrom('audit_log');
  if (filters.actor !== undefined) query = query.where('actor', '=', filters.actor);
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  if (filters.since !== undefined) query = query.where('at', '>=', filters.since);
  if (filters.until !== undefined) query = query.where('at', '<', filters.until);
  const counted = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total_num: Number(counted.n),
    data_list: rows.map((row) => ({
      at: Number(row.at),
      actor: row.actor,
      action: row.action as AuditAction,
      target: row.target,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      address: row.address,
      request_id: row.request_id,
    })),
  };
}
