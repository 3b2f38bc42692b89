// The audit trail's facts without zod (the browser's first page may import them).

/** What an audit entry records. `change`: views, rules, roles or tokens; `refused`: a 401 or 403. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-out',
  'export',
  'refresh',
  'change',
  'refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_LIMIT = { min: 1, max: 500, default: 50 } as const;
export const AUDIT_OFFSET_MAX = 1_000_000;

/** One entry as GET /api/audit answers it; `detail` is what the action was about. */
export interface AuditEntry {
  at: number;
  actor: string;
  action: AuditAction;
  target: string;
  detail: Record<string, unknown>;
  address: string;
  request_id: string;
}

export interface AuditPage {
  total_num: number;
  data_list: AuditEntry[];
}
