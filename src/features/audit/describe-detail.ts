// An audit entry's `detail` in a line a person reads: an export names its list, filter and row
// count; a refusal its method and status; anything else its fields as `name=value`.
import type { AuditEntry } from '../../shared/contracts/audit-facts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** How an export's file was laid out, not which rows it held: left out of its summary. */
const LAYOUT_PARAMETERS = new Set(['columns', 'values', 'lang']);

/** `a=1, b=x` of an object's set fields (a filter as the URL had it), but for `leaveOut`. */
function pairs(value: unknown, leaveOut: ReadonlySet<string> = new Set()): string {
  if (value === null || typeof value !== 'object') return value === undefined ? '' : String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([key, one]) => one !== undefined && one !== '' && !leaveOut.has(key))
    .map(([key, one]) => `${key}=${typeof one === 'object' ? JSON.stringify(one) : String(one)}`)
    .join(', ');
}

export function describeAuditDetail(
  entry: Pick<AuditEntry, 'action' | 'detail'>,
  t: Translate,
  formatNumber: (value: number) => string,
): string {
  const { detail } = entry;
  if (entry.action === 'export') {
    const filter = pairs(detail.query, LAYOUT_PARAMETERS);
    const rows = typeof detail.rows === 'number' ? detail.rows : 0;
    return t('detail.export', {
      list: String(detail.list ?? ''),
      filter: filter === '' ? t('detail.noFilter') : filter,
      count: rows,
      rows: formatNumber(rows),
    });
  }
  if (entry.action === 'refused')
    return t('detail.refused', {
      method: String(detail.method ?? ''),
      status: String(detail.status ?? ''),
    });
  return pairs(detail);
}
