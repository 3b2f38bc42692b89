// GET /api/audit (the audit trail, newest first, by actor, action and time) and its CSV, for
// admins and auditors; anyone else is refused with 403 (and that refusal is itself recorded).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_ROUTES,
  AUDIT_LIMIT,
  AUDIT_OFFSET_MAX,
  AuditExportQuerySchema,
  AuditQuerySchema,
  DEFAULT_EXPORT_LANGUAGE,
  type AuditEntry,
  type AuditPage,
  type ExportLanguage,
} from '../../shared/contracts';
import { csvDownload, fileDay } from './csv-download';
import { csvTime, defineCsvColumns, encodeCsvDocument } from '../../shared/csv/csv';
import { queryAudit } from '../audit/audit-trail';
import { principalOf, roleAtLeast } from '../auth/principal';
import { HttpError } from '../plugins/error-handler';
import type { InventoryDb } from '../store/db';
import { parseWith, rawQuery } from './validate';

function requireAuditor(request: FastifyRequest): void {
  if (!roleAtLeast(principalOf(request).role, 'auditor'))
    throw new HttpError(403, 'forbidden', 'The audit trail is for admins and auditors.');
}

const HEADERS: Record<keyof AuditEntry, Record<ExportLanguage, string>> = {
  at: { en: 'Time (UTC)', 'zh-CN': '时间 (UTC)' },
  actor: { en: 'User', 'zh-CN': '用户' },
  action: { en: 'Action', 'zh-CN': '操作' },
  target: { en: 'Target', 'zh-CN': '对象' },
  detail: { en: 'Detail', 'zh-CN': '详情' },
  address: { en: 'Address', 'zh-CN': '来源地址' },
  request_id: { en: 'Request id', 'zh-CN': '请求 ID' },
};

function auditColumns(language: ExportLanguage) {
  const value = (key: keyof AuditEntry) => (entry: AuditEntry) =>
    key === 'at'
      ? csvTime(entry.at)
      : key === 'detail'
        ? JSON.stringify(entry.detail)
        : String(entry[key]);
  return defineCsvColumns<AuditEntry>(
    (Object.keys(HEADERS) as Array<keyof AuditEntry>).map((key) => ({
      key,
      header: HEADERS[key][language],
      value: value(key),
    })),
  );
}

export function registerAuditRoutes(app: FastifyInstance, deps: { db: InventoryDb }): void {
  app.get(API_ROUTES.audit, async (request): Promise<AuditPage> => {
    requireAuditor(request);
    const { offset, limit, ...filters } = parseWith(AuditQuerySchema, rawQuery(request));
    return queryAudit(deps.db, filters, {
      offset: offset ?? 0,
      limit: limit ?? AUDIT_LIMIT.default,
    });
  });

  // The whole filtered trail (up to the paging bound), newest first.
  app.get(API_ROUTES.auditExport, async (request, reply) => {
    requireAuditor(request);
    const { lang, ...filters } = parseWith(AuditExportQuerySchema, rawQuery(request));
    const page = await queryAudit(deps.db, filters, { offset: 0, limit: AUDIT_OFFSET_MAX });
    return csvDownload(reply, `imagewatch-audit-${fileDay()}.csv`, page.data_list.length).send(
      encodeCsvDocument(auditColumns(lang ?? DEFAULT_EXPORT_LANGUAGE), page.data_list),
    );
  });
}
