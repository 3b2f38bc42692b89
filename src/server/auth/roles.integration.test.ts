// Roles are enforced by the BFF whatever the UI shows: every registered API route, asked by a
// user of each role, is refused (403 naming the role needed) exactly when the route table says so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_ROUTES,
  requiredRole,
  ROLES,
  roleAtLeast,
  ROUTE_ROLES,
  type Role,
} from '../../shared/contracts/facts';
import { registeredRoutes, useHarness, type Harness } from '../test-support/bff-harness';

const PROXY_ENV = {
  AUTH_PROXY_HEADER: 'X-Forwarded-User',
  AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
  TRUST_PROXY: '127.0.0.1',
};

/** A configuration file giving group `team-<role>` that role, unscoped. */
function rolesConfigFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'imagewatch-roles-')), 'config.json');
  const roles = ROLES.map((role) => ({ group: `team-${role}`, role }));
  writeFileSync(file, JSON.stringify({ access: { roles } }));
  return file;
}

let harness: Harness;
useHarness((started) => (harness = started), {
  env: { ...PROXY_ENV, IMAGEWATCH_CONFIG: rolesConfigFile() },
});

function asRole(role: Role, method: string, url: string) {
  return harness.inject({
    method: method,
    url: url.replace(/:[A-Za-z_]+/g, 'x1'),
    auth: false,
    headers: {
      'x-forwarded-user': `someone-${role}`,
      'x-forwarded-groups': `team-${role}`,
      'sec-fetch-site': 'same-origin',
    },
    ...(method === 'GET' ? {} : { payload: {} }),
  });
}

describe('every API route × every role agrees with the role table', () => {
  it('lists every registered write in the table, and only registered routes', () => {
    const routes = registeredRoutes(harness.app).filter((route) => route.url.startsWith('/api'));
    const keys = new Set(routes.map((route) => `${route.method} ${route.url}`));
    for (const key of Object.keys(ROUTE_ROLES)) expect(keys, key).toContain(key);
    const writes = routes.filter((route) => route.method !== 'GET' && route.method !== 'HEAD');
    for (const route of writes)
      expect(ROUTE_ROLES).toHaveProperty([`${route.method} ${route.url}`]);
  });

  it('refuses a role below the one the route needs with 403 naming it, and lets the rest through', async () => {
    const routes = registeredRoutes(harness.app).filter(
      (route) => route.url.startsWith('/api') && route.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThan(Object.keys(API_ROUTES).length - 3);
    for (const route of routes) {
      const needed = requiredRole(route.method, route.url);
      for (const role of ROLES) {
        const response = await asRole(role, route.method, route.url);
        const label = `${route.method} ${route.url} as ${role} (needs ${needed})`;
        if (roleAtLeast(role, needed)) {
          expect(response.statusCode, label).not.toBe(403);
        } else {
          expect(response.statusCode, label).toBe(403);
          const body = JSON.parse(response.body) as { error: { code: string; message: string } };
          expect(body.error.code, label).toBe('forbidden');
          expect(body.error.message, label).toContain(`the ${needed} role`);
        }
      }
    }
  });
});
