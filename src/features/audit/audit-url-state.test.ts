import { describe, expect, it } from 'vitest';
import { auditFilterParams, auditSearch, readAuditView } from './audit-url-state';

describe('the audit page URL', () => {
  it('round-trips a view through its search parameters', () => {
    const view = readAuditView(
      new URLSearchParams('actor=alice&action=export&since=2026-12-01&until=2026-12-05&offset=50'),
    );
    expect(view).toEqual({
      actor: 'alice',
      action: 'export',
      since: '2026-12-01',
      until: '2026-12-05',
      offset: 50,
    });
    const search = new URLSearchParams(
      Object.entries(auditSearch(view)).filter((e): e is [string, string] => e[1] !== undefined),
    );
    expect(readAuditView(search)).toEqual(view);
  });

  it('drops what it cannot read instead of sending it to the BFF', () => {
    expect(
      readAuditView(
        new URLSearchParams('action=delete&since=yesterday&until=2026-13-45&offset=-3'),
      ),
    ).toEqual({ actor: '', action: '', since: '', until: '', offset: 0 });
  });

  it('makes the last day inclusive: until is the next midnight', () => {
    const params = auditFilterParams(
      readAuditView(new URLSearchParams('since=2026-12-01&until=2026-12-01')),
    );
    expect(params.until! - params.since!).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(new Date(params.since!).getHours()).toBe(0);
    expect(new Date(params.until!).getDate()).toBe(2);
  });
});
