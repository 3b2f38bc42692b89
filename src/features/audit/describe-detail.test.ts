import { describe, expect, it } from 'vitest';
import { describeAuditDetail } from './describe-detail';

// The catalogue's messages stand in as `key{values}`, so the test sees what reaches them.
const t = (key: string, values?: Record<string, unknown>) =>
  values ? `${key}${JSON.stringify(values)}` : key;
const formatNumber = (value: number) => value.toLocaleString('en');

describe('an audit entry summarised', () => {
  it('names an export’s list, its filter and its row count', () => {
    expect(
      describeAuditDetail(
        {
          action: 'export',
          detail: { list: 'registry-images', query: { namespace: 'team-a', q: '' }, rows: 1234 },
        },
        t,
        formatNumber,
      ),
    ).toBe(
      'detail.export{"list":"registry-images","filter":"namespace=team-a","count":1234,"rows":"1,234"}',
    );
  });

  it('leaves out how the file was laid out (columns, values, language): not what was exported', () => {
    const summary = describeAuditDetail(
      {
        action: 'export',
        detail: {
          list: 'registry-images',
          query: { columns: 'namespace,image_name', values: 'labels', lang: 'en', namespace: 'a' },
          rows: 2,
        },
      },
      t,
      formatNumber,
    );
    expect(summary).toContain('"filter":"namespace=a"');
  });

  it('says when an export had no filter', () => {
    expect(
      describeAuditDetail(
        { action: 'export', detail: { list: 'changes', query: {}, rows: 0 } },
        t,
        formatNumber,
      ),
    ).toContain('"filter":"detail.noFilter"');
  });

  it('gives a refusal’s method and status, and other fields as name=value', () => {
    expect(
      describeAuditDetail(
        { action: 'refused', detail: { method: 'POST', status: 403 } },
        t,
        formatNumber,
      ),
    ).toBe('detail.refused{"method":"POST","status":"403"}');
    expect(
      describeAuditDetail({ action: 'sign-in', detail: { method: 'oidc' } }, t, formatNumber),
    ).toBe('method=oidc');
  });
});
