// Access: every registered /api route refuses without the session or token (encoded paths
// included), wrong tokens are throttled per client, the cookie and headers follow TLS through a
// trusted proxy, the SSO header mode, and the loopback default.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../shared/contracts';
import { ConfigError, loadConfig } from '../config';
import { CONTENT_SECURITY_POLICY } from '../plugins/security-headers';
import {
  failTokenTenTimes,
  getAccounts,
  registeredRoutes,
  startHarness,
  TEST_TOKEN,
  useHarness,
  type Harness,
} from '../test-support/bff-harness';

let harness: Harness;

/** Routes open without credentials (README: the probes of a load balancer or orchestrator). */
const PUBLIC_ROUTES = new Set<string>([
  API_ROUTES.healthz,
  API_ROUTES.readyz,
  // Single sign-on's start and return (404 while it is off).
  API_ROUTES.authLogin,
  API_ROUTES.authCallback,
]);

/** A concrete URL for a route pattern (the parameter values do not matter: auth comes first). */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, 'x1');
}

useHarness((started) => (harness = started));

describe('every /api route needs the session or the token', () => {
  it('registers exactly the route table: every route has an access decision', async () => {
    const registered = new Set(registeredRoutes(harness.app).map((route) => route.url));
    const table = new Set<string>(Object.values(API_ROUTES));
    expect([...registered].sort()).toEqual([...table].sort());
    // The table's decision: /api needs credentials, the rest is public.
    for (const url of table) expect(url.startsWith('/api/') || PUBLIC_ROUTES.has(url)).toBe(true);
    for (const url of PUBLIC_ROUTES) {
      const response = await harness.inject({ method: 'GET', url, auth: false });
      expect(response.statusCode, url).not.toBe(401);
    }
  });

  it('refuses each registered route without credentials, with a wrong token or a forged cookie', async () => {
    const routes = registeredRoutes(harness.app).filter((route) => route.url.startsWith('/api'));
    expect(new Set(routes.map((route) => route.url))).toEqual(
      new Set(Object.values(API_ROUTES).filter((url) => !PUBLIC_ROUTES.has(url))),
    );
    const before = harness.sim.stats().total;
    for (const route of routes) {
      const method = route.method as 'GET';
      const url = concrete(route.url);
      // An encoded letter is decoded by the router: it must not slip past the check.
      const encoded = url.replace('/api/', '/%61pi/');
      for (const target of [url, encoded, `${url}?token=${TEST_TOKEN}`]) {
        for (const headers of [
          {},
          { cookie: 'imagewatch_session=forged' },
          { accept: 'text/html' },
        ]) {
          const response = await harness.inject({ method, url: target, headers, auth: false });
          expect(response.statusCode, `${route.method} ${target} ${JSON.stringify(headers)}`).toBe(
            401,
          );
        }
      }
    }
    expect(harness.sim.stats().total).toBe(before);
  });

  it('throttles wrong tokens per client address, and keeps other clients in', async () => {
    const attacker = '203.0.113.7';
    const throttled = await failTokenTenTimes(harness, attacker);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(throttled.body)).toMatchObject({ error: { code: 'throttled' } });
    // Only failures count: the right token still gets in (security-review.test.ts, finding 5),
    // and a wrong one on a page URL is throttled too.
    const page = await harness.inject({
      method: 'GET',
      url: `/registry-images?token=${TEST_TOKEN}x`,
      remoteAddress: attacker,
      auth: false,
    });
    expect(page.statusCode).toBe(429);
    const other = await getAccounts(harness, { remoteAddress: '198.51.100.1' });
    expect(other.statusCode).toBe(200);
  });

  it('compares tokens in constant time (source check: timingSafeEqual over digests)', () => {
    const source = readFileSync(path.resolve('src/server/plugins/auth.ts'), 'utf8');
    expect(source).toMatch(/timingSafeEqual\(digest\(given\), digest\(expected\)\)/);
    expect(source).not.toMatch(/===\s*options\.token|options\.token\s*===/);
  });
});

describe('cookie and headers', () => {
  it('sets an HttpOnly, SameSite=Strict cookie, Secure and HSTS only over TLS from a trusted proxy', async () => {
    const plain = await harness.inject({
      method: 'GET',
      url: `/?token=${TEST_TOKEN}`,
      headers: { 'x-forwarded-proto': 'https' },
      auth: false,
    });
    expect(plain.statusCode).toBe(303);
    const plainCookie = String(plain.headers['set-cookie']);
    expect(plainCookie).toMatch(/HttpOnly/);
    expect(plainCookie).toMatch(/SameSite=Strict/);
    // Not trusted: the forwarded header is ignored.
    expect(plainCookie).not.toMatch(/Secure/);
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    const proxied = await startHarness({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const tls = await proxied.inject({
        method: 'GET',
        url: `/registry-images?token=${TEST_TOKEN}`,
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.9' },
        auth: false,
      });
      expect(tls.statusCode).toBe(303);
      expect(String(tls.headers['set-cookie'])).toMatch(/Secure/);
      expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await proxied.close();
    }
  });

  it('sends a CSP without inline scripts and the usual security headers on every response', async () => {
    for (const url of ['/healthz', '/api/accounts', '/nope', '/api/hss/images/%FF/basic-image']) {
      const response = await harness.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toBe(CONTENT_SECURITY_POLICY);
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc, url).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['permissions-policy'], url).toMatch(/camera=\(\)/);
      expect(response.headers['x-request-id'], url).toBeTypeOf('string');
    }
  });
});

describe('single sign-on proxy mode (AUTH_PROXY_HEADER)', () => {
  it('needs TRUST_PROXY as a list of proxies', () => {
    expect(() => loadConfig({ AUTH_PROXY_HEADER: 'X-Forwarded-User' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_PROXY_HEADER: 'bad header' })).toThrow(/AUTH_PROXY_HEADER/);
    expect(() => loadConfig({ TRUST_PROXY: 'not-an-ip' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({}).authProxyHeader).toBeUndefined();
  });

  it('signs in a request carrying the header from the trusted proxy, refuses any other', async () => {
    const sso = await startHarness({
      env: { AUTH_PROXY_HEADER: 'X-Forwarded-User', TRUST_PROXY: '127.0.0.1/32' },
    });
    try {
      const user = { 'x-forwarded-user': 'alice@example.com' };
      const signedIn = await sso.inject({
        method: 'GET',
        url: '/api/accounts',
        headers: user,
        auth: false,
      });
      expect(signedIn.statusCode).toBe(200);
      // The token alone no longer opens the door: the proxy is the gate.
      expect((await sso.inject({ method: 'GET', url: '/api/accounts' })).statusCode).toBe(401);
      const untrusted = await sso.inject({
        method: 'GET',
        url: '/api/accounts',
        headers: user,
        remoteAddress: '10.9.8.7',
        auth: false,
      });
      expect(untrusted.statusCode).toBe(401);
      const empty = await sso.inject({
        method: 'GET',
        url: '/api/accounts',
        headers: { 'x-forwarded-user': '' },
        auth: false,
      });
      expect(empty.statusCode).toBe(401);
      expect((await sso.inject({ method: 'GET', url: '/healthz', auth: false })).statusCode).toBe(
        200,
      );
    } finally {
      await sso.close();
    }
  });
});

describe('binding', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});
