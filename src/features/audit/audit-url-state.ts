// The audit page's state, all in the URL (a link reproduces the view): the filters by the API's
// own names, the days as the date inputs show them (YYYY-MM-DD, the browser's time zone).
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

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayOrEmpty = (raw: string | null): string =>
  raw !== null && DAY.test(raw) && !Number.isNaN(startOfDay(raw)) ? raw : '';

/** Midnight at the start of `day` in the browser's time zone, as epoch ms. */
function startOfDay(day: string): number {
  return new Date(`${day}T00:00:00`).getTime();
}

/** Midnight after `day`: the API's `until` is exclusive, the page's last day inclusive. */
function startOfNextDay(day: string): number {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.getTime();
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
