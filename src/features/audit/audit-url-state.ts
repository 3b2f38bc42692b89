// The audit page's state, all in the URL (a link reproduces the view): the filters by the API's
// own names, the days as the date inputs show them (YYYY-MM-DD, the browser's time zone).
import { dayOrEmpty, startOfDay, startOfNextDay } from '../../lib/calendar-day';
import { AUDIT_ACTIONS, AUDIT_LIMIT, type AuditAction } from '../../shared/contracts/audit-facts';

export interface AuditView {
  actor: string;
  action: AuditAction | '';
  /** First day shown, inclusive; '' for no bound. */
  since: string;
  /** Last day shown, inclusive; '' for no bound. */
  until: string;
  offset: number;
}

export function readAuditView(params: URLSearchParams): AuditView {
  const action = params.get('action');
  const offset = Number(params.get('offset') ?? '0');
  return {
    actor: params.get('actor') ?? '',
    action: (AUDIT_ACTIONS as readonly string[]).includes(action ?? '')
      ? (action as AuditAction)
      : '',
    since: dayOrEmpty(params.get('since')),
    until: dayOrEmpty(params.get('until')),
    offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
  };
}

/** The URL parameters of a view (empty ones left out, so links stay short). */
export function auditSearch(view: AuditView): Record<string, string | undefined> {
  return {
    actor: view.actor || undefined,
    action: view.action || undefined,
    since: view.since || undefined,
    until: view.until || undefined,
    offset: view.offset > 0 ? String(view.offset) : undefined,
  };
}

/** The filters of GET /api/audit and its CSV (no paging). */
export function auditFilterParams(view: AuditView) {
  return {
    actor: view.actor || undefined,
    action: view.action || undefined,
    since: view.since ? startOfDay(view.since) : undefined,
    until: view.until ? startOfNextDay(view.until) : undefined,
  };
}

export function auditPageParams(view: AuditView) {
  return { ...auditFilterParams(view), offset: view.offset, limit: AUDIT_LIMIT.default };
}
