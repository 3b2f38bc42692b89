// A refused view deletion over HTTP, with users from the trusted proxy's headers and the
// configuration file's roles: a namespace-scoped operator learns the names and ids of only the
// rules within their scope that follow the view, and how many others do; the view stays.
import { describe, expect, it } from 'vitest';
import { proxyUsers } from '../test-support/proxy-users';
import { useTestBff } from '../test-support/hooks';

const { headers: AS, env } = proxyUsers({
  admin: { user: 'alice', group: 'admins', role: 'admin' },
  operator: { user: 'olga', group: 'namespace-owners', role: 'operator', namespaces: ['payments'] },
});

const bff = useTestBff({ seed: 33, registryImages: 10, cicdImages: 5 }, env);

async function call(who: keyof typeof AS, method: string, route: string, body?: unknown) {
  const response = await fetch(`${bff.url}${route}`, {
    method,
    headers: { ...AS[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, Record<string, unknown>>,
  };
}

async function createRule(who: keyof typeof AS, name: string, viewId: unknown) {
  const created = await call(who, 'POST', '/api/rules', {
    name,
    view_id: viewId,
    event_types: ['appeared'],
    channel: { type: 'webhook', url: 'https://203.0.113.10/hook' },
    mode: 'immediate',
  });
  expect(created.status, created.text).toBe(201);
  return { id: String(created.body.id), name };
}

describe('deleting a view that rules out of the caller’s scope follow', () => {
  it('names only the rules within the scope and counts the others', async () => {
    const view = await call('operator', 'POST', '/api/views', {
      name: 'Payments',
      list: 'registry',
      query: 'namespace=payments',
    });
    expect(view.status, view.text).toBe(201);
    const viewId = view.body.id;
    const hidden = await createRule('admin', 'Estate-wide secret watch', viewId);

    const refused = await call('operator', 'DELETE', `/api/views/${String(viewId)}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      reason: 'view_in_use',
      rules: [],
      hidden_rules: 1,
      message: expect.stringContaining('1 watch rule you cannot see'),
    });
    expect(refused.text).not.toContain(hidden.name);
    expect(refused.text).not.toContain(`"${hidden.id}"`);

    // With a rule of their own too: that one named, the admin's still only counted.
    const own = await createRule('operator', 'My payments', viewId);
    const both = await call('operator', 'DELETE', `/api/views/${String(viewId)}`);
    expect(both.status).toBe(409);
    expect(both.body.error).toMatchObject({
      rules: [own],
      hidden_rules: 1,
      message: expect.stringContaining(
        '1 watch rule (My payments) and 1 other rule you cannot see',
      ),
    });
    expect(both.text).not.toContain(hidden.name);

    // The unscoped admin sees both, and nothing is hidden from them.
    const asAdmin = await call('admin', 'DELETE', `/api/views/${String(viewId)}`);
    expect(asAdmin.status).toBe(409);
    expect(asAdmin.body.error?.rules).toEqual([hidden, own]);
    expect(asAdmin.body.error).not.toHaveProperty('hidden_rules');

    // The view is kept until no rule follows it.
    expect((await call('operator', 'GET', `/api/views/${String(viewId)}`)).status).toBe(200);
    for (const rule of [own, hidden])
      expect((await call('admin', 'DELETE', `/api/rules/${rule.id}`)).status).toBe(204);
    expect((await call('operator', 'DELETE', `/api/views/${String(viewId)}`)).status).toBe(204);
  });
});
