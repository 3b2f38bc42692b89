// GET /api/audit and its CSV: the audit trail, newest first, by actor, action and time.
import { z } from 'zod';
import { EXPORT_LANGUAGES } from './export-headers';
import { enumParam, intParam, textParam } from './params';
import { AUDIT_ACTIONS, AUDIT_LIMIT, AUDIT_OFFSET_MAX } from './audit-facts';

export * from './audit-facts';

const EPOCH_MS_MAX = 8_640_000_000_000_000;

const auditFilterShape = {
  /** Exact user id. */
  actor: textParam(1, 256).optional(),
  action: enumParam(AUDIT_ACTIONS).optional(),
  /** Epoch ms, inclusive. */
  since: intParam(0, EPOCH_MS_MAX).optional(),
  /** Epoch ms, exclusive. */
  until: intParam(0, EPOCH_MS_MAX).optional(),
};

function untilAfterSince(
  value: { since?: number | undefined; until?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.since !== undefined && value.until !== undefined && value.since >= value.until)
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
}

export const AuditQuerySchema = z
  .strictObject({
    ...auditFilterShape,
    offset: intParam(0, AUDIT_OFFSET_MAX).optional(),
    limit: intParam(AUDIT_LIMIT.min, AUDIT_LIMIT.max).optional(),
  })
  .superRefine(untilAfterSince);
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditExportQuerySchema = z
  .strictObject({
    ...auditFilterShape,
    lang: z.enum(EXPORT_LANGUAGES, { error: 'must be en or zh-CN' }).optional(),
  })
  .superRefine(untilAfterSince);
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;
