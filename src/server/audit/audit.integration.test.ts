// The audit trail over HTTP, with users from the trusted proxy's headers and the configuration
// file's roles: exports (list, query, row count), refusals (401, 403), filters and the CSV; and
// retention.
import { describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/contracts';
import { openInventory } from '../store/db';
import { proxyUsers } from '../test-support/proxy-users';
import { useTestBff } from '../test-support/hooks';
import { AuditTrail, queryAudit } from './audit-trail';

const { headers, env } = proxyUsers({
  admin: { user: 'alice', group: 'admins', role: 'admin' },
  auditor: { user: 'bob', group: 'auditors', role: 'auditor', namespaces: ['payments'] },
  viewer: { user: 'carol', group: 'viewers', role: 'viewer' },
});
const AS = { ...headers, nobody: {} };

const bff = useTestBff({ seed: 31, registryImages: 60, cicdImages: 10 }, env, {
  firstSync: true,
});

async function get(who: keyof typeof AS, route: string) {
  const response = await fetch(`${bff.url}${route}`, { headers: AS[who] });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function audit(query: string): Promise<AuditPage> {
  const answer = await get('admin', `/api/audit?${query}`);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as AuditPage;
}

describe('the audit trail', () => {
  it('records an export with its list, query and row count, who made it, from where', async () => {
    const exported = await get(
      'auditor',
      '/api/hss/registry-images/export.csv?severity_level=High',
    );
    expect(exported.status).toBe(200);
    const rows = Number(exported.headers.get('x-total-count'));
    const page = await audit('action=export&actor=bob');
    expect(page.total_num).toBe(1);
    expect(page.data_list[0]).toMatchObject({
      actor: 'bob',
      action: 'export',
      target: '/api/hss/registry-images/export.csv',
      detail: { list: 'registry-images', query: { severity_level: 'High' }, rows },
      address: '127.0.0.1',
      request_id: exported.headers.get('x-request-id'),
    });
  });

  it('records refusals: 403 for a viewer asking for the trail, 401 without a sign-in', async () => {
    expect((await get('viewer', '/api/audit')).status).toBe(403);
    expect((await get('nobody', '/api/accounts')).status).toBe(401);
    const refused = await audit('action=refused');
    expect(refused.data_list.map((entry) => [entry.actor, entry.target, entry.detail])).toEqual([
      ['anonymous', '/api/accounts', { method: 'GET', status: 401 }],
      ['carol', '/api/audit', { method: 'GET', status: 403 }],
    ]);
  });

  it('lets auditors read it, filtered by time, and export it as CSV (itself an audited export)', async () => {
    const all = await audit('limit=500');
    const newest = all.data_list[0];
    if (newest === undefined) throw new Error('the trail is empty');
    const since = await get('auditor', `/api/audit?since=${newest.at}`);
    expect(since.status).toBe(200);
    const sinceEntries = (JSON.parse(since.text) as AuditPage).data_list;
    expect(sinceEntries.every((entry) => entry.at >= newest.at)).toBe(true);
    const csv = await get('auditor', '/api/audit/export.csv?action=refused&lang=zh-CN');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('用户');
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);
    expect((await audit('action=export&actor=bob')).total_num).toBe(2);
    const bad = await get('admin', '/api/audit?action=reboot');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('"field":"action"');
  });
});

describe('retention', () => {
  it('prunes entries older than AUDIT_RETENTION_DAYS when it writes', async () => {
    const db = await openInventory(':memory:');
    const day = 86_400_000;
    let now = 1_000 * day;
    const trail = new AuditTrail({ db, retentionDays: 10, now: () => now });
    const entry = { actor: 'a', target: 't', detail: {}, address: '::1', request_id: 'r' };
    await trail.record({ ...entry, action: 'refresh' });
    now += 11 * day;
    await trail.record({ ...entry, action: 'change' });
    const left = await queryAudit(db, {}, { offset: 0, limit: 10 });
    expect(left.data_list.map((row) => row.action)).toEqual(['change']);
    await db.destroy();
  });
});
