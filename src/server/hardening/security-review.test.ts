// Issue 17, the penetration test's findings 1, 4, 5, 6, 8, 9 and 10 (SQLite part; the two
// replicas on PostgreSQL are in sessions-replicas.integration.test.ts, the start-up logs of 3 and
// 9 in startup-logs.integration.test.ts). Each block reproduces the attack as it was reported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { configErrors } from '../../simulator/test-support/config';
import { registerErrorHandler } from '../plugins/error-handler';
import { UpstreamError } from '../upstream/types';
import {
  failTokenTenTimes,
  getAccounts,
  startHarness,
  TEST_TOKEN,
  useHarness,
  WRONG_TOKEN,
  type Harness,
} from '../test-support/bff-harness';

let harness: Harness;
useHarness((started) => (harness = started));

const configMessages = (env: Record<string, string>) => configErrors(loadConfig, env);

/** Signs in with the token on a page URL; returns the `name=value` of the session cookie. */
async function signIn(
  target: Harness,
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<string> {
  const response = await target.inject({
    method: 'GET',
    url: `/?token=${TEST_TOKEN}`,
    auth: false,
    ...options,
  });
  expect(response.statusCode).toBe(303);
  const setCookie = String(response.headers['set-cookie']);
  const pair = /^([^=;\s]+=[^;]+)/.exec(setCookie)?.[1];
  if (pair === undefined) throw new Error(`no session cookie in ${setCookie}`);
  return pair;
}

/** Each character percent-encoded: what a browser or proxy may legally send. */
function percentEncodeAll(text: string): string {
  return [...text].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
}

describe('finding 1: the proxy user header needs a list of trusted proxies', () => {
  it('refuses AUTH_PROXY_HEADER with TRUST_PROXY=true, naming the variable, never suggesting true', () => {
    const withTrue = configMessages({ AUTH_PROXY_HEADER: 'X-Forwarded-User', TRUST_PROXY: 'true' });
    expect(withTrue.some((m) => m.includes('AUTH_PROXY_HEADER') && m.includes('TRUST_PROXY'))).toBe(
      true,
    );
    const without = configMessages({ AUTH_PROXY_HEADER: 'X-Forwarded-User' });
    expect(without.some((m) => m.includes('AUTH_PROXY_HEADER'))).toBe(true);
    for (const message of [...withTrue, ...without]) expect(message).not.toMatch(/\btrue\b/);
    expect(
      loadConfig({ AUTH_PROXY_HEADER: 'X-Forwarded-User', TRUST_PROXY: '10.0.0.5,10.1.0.0/16' })
        .authProxyHeader,
    ).toBe('x-forwarded-user');
    // TRUST_PROXY=true alone (no proxy sign-in) stays allowed.
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
});

describe('finding 4: a token on a page URL never reaches the log, however it is spelled', () => {
  it('redacts a percent-encoded parameter name and a percent-encoded value', async () => {
    const wrong = 'wrongtoken-abcdefghijklmnop';
    const encodedRight = percentEncodeAll(TEST_TOKEN);
    const client = '192.0.2.44';
    await harness.inject({
      method: 'GET',
      url: `/?%74oken=${wrong}`,
      auth: false,
      remoteAddress: client,
    });
    const exchanged = await harness.inject({
      method: 'GET',
      url: `/registry-images?%74%6Fken=${encodedRight}`,
      auth: false,
      remoteAddress: client,
    });
    expect(exchanged.statusCode).toBe(303);
    const lines = harness.logLines.join('\n');
    expect(lines).toContain('/registry-images');
    expect(lines).not.toContain('abcdefghijklmnop');
    expect(lines).not.toContain(encodedRight);
    expect(lines).not.toContain(encodedRight.toLowerCase());
  });
});

/** The statuses of twelve wrong-token requests, the i-th with the X-Forwarded-For `forwardedFor(i)`. */
async function wrongTokenStatuses(
  target: Harness,
  forwardedFor: (i: number) => string,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    const response = await getAccounts(target, {
      headers: { ...WRONG_TOKEN, 'x-forwarded-for': forwardedFor(i) },
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('finding 5: the token throttle', () => {
  it('lets a throttled address in with the correct token, counting only failures', async () => {
    const attacker = '203.0.113.50';
    const throttled = await failTokenTenTimes(harness, attacker);
    expect(throttled.statusCode).toBe(429);
    const right = await getAccounts(harness, { remoteAddress: attacker });
    expect(right.statusCode).toBe(200);
    await signIn(harness, { remoteAddress: attacker });
  });

  it('keys on the socket peer with TRUST_PROXY=true: a client cannot rotate X-Forwarded-For', async () => {
    const proxied = await startHarness({ env: { TRUST_PROXY: 'true' } });
    try {
      const statuses = await wrongTokenStatuses(proxied, (i) => `198.18.0.${i + 1}`);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('keys on the rightmost untrusted hop with TRUST_PROXY as a list', async () => {
    const proxied = await startHarness({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      // The client wrote the left part; the proxy appended the address it saw.
      const statuses = await wrongTokenStatuses(proxied, (i) => `198.18.1.${i + 1}, 198.51.100.77`);
      expect(statuses.at(-1)).toBe(429);
      const other = await getAccounts(proxied, {
        headers: { ...WRONG_TOKEN, 'x-forwarded-for': '198.51.100.78' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe('finding 6: cross-site requests with the session cookie', () => {
  it('refuses a non-GET /api request from another origin or with no origin, unless it carries the token', async () => {
    const cookie = await signIn(harness);
    const post = (headers: Record<string, string>) =>
      harness.inject({
        method: 'POST',
        url: '/api/session/revoke-none-such',
        headers: { cookie, ...headers },
        auth: false,
      });
    const crossSite: Array<Record<string, string>> = [
      {},
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost:8081' },
      { origin: 'http://evil.localhost' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      const response = await post(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
    // From the app itself: past the check (404: no such route).
    expect((await post({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(404);
    expect((await post({ origin: 'http://localhost' })).statusCode).toBe(404);
    // The bearer token is not sent by a browser on its own: no cross-site risk.
    const bearer = await harness.inject({ method: 'POST', url: '/api/session/revoke-none-such' });
    expect(bearer.statusCode).toBe(404);
    // Reads are unaffected.
    const read = await harness.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { cookie },
      auth: false,
    });
    expect(read.statusCode).toBe(200);
  });

  it('names the cookie __Host-… when it is Secure, and accepts it back', async () => {
    const proxied = await startHarness({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const headers = { 'x-forwarded-proto': 'https' };
      const cookie = await signIn(proxied, { headers });
      expect(cookie).toMatch(/^__Host-imagewatch_session=/);
      const read = await proxied.inject({
        method: 'GET',
        url: '/api/accounts',
        headers: { ...headers, cookie },
        auth: false,
      });
      expect(read.statusCode).toBe(200);
      // Over plain HTTP the name cannot carry the prefix (browsers refuse it without Secure).
      expect(await signIn(proxied)).toMatch(/^imagewatch_session=/);
    } finally {
      await proxied.close();
    }
  });
});

describe('finding 8: hidden files under the build', () => {
  it('serves no dot-file or dot-directory', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'imagewatch-dist-'));
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{"secret-manifest":true}');
    writeFileSync(path.join(dist, '.env'), 'HIDDEN=secret-env');
    const served = await startHarness({ distDir: dist });
    try {
      expect((await served.inject({ method: 'GET', url: '/app.js', auth: false })).statusCode).toBe(
        200,
      );
      for (const url of ['/.vite/manifest.json', '/%2evite/manifest.json', '/.env', '/%2Eenv']) {
        for (const accept of ['*/*', 'text/html']) {
          const response = await served.inject({
            method: 'GET',
            url,
            headers: { accept },
            auth: false,
          });
          expect(response.body, `${url} ${accept}`).not.toMatch(/secret-manifest|secret-env/);
          if (accept === '*/*') expect(response.statusCode, url).toBe(404);
        }
      }
    } finally {
      await served.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('finding 9: smaller items', () => {
  it('answers every /api request with Cache-Control: no-store, errors and exports included', async () => {
    for (const [url, auth] of [
      ['/api/accounts', true],
      ['/api/sync', true],
      ['/api/hss/registry-images?limit=5', true],
      ['/api/hss/registry-images?limit=999', true],
      ['/api/hss/registry-images/export.csv', true],
      ['/api/nope', true],
      ['/api/accounts', false],
    ] as const) {
      const response = await harness.inject({ method: 'GET', url, auth });
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('bounds and scrubs the upstream code and request id before forwarding them', async () => {
    const app = Fastify({ logger: false });
    registerErrorHandler(app);
    app.get('/boom', () => {
      throw new UpstreamError({
        status: 502,
        code: 'upstream_error',
        message: 'HSS answered 500',
        upstream: {
          status: 500,
          code: `HSS.0001<script>alert(1)</script>\r\nSet-Cookie: x=1${'A'.repeat(5_000)}`,
          request_id: `req-1\u0000\u202e<img src=x>${'9'.repeat(5_000)}`,
        },
      });
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/boom' });
      const upstream = (
        JSON.parse(response.body) as { error: { upstream: { code: string; request_id: string } } }
      ).error.upstream;
      expect(upstream.code.startsWith('HSS.0001')).toBe(true);
      expect(upstream.request_id.startsWith('req-1')).toBe(true);
      for (const text of [upstream.code, upstream.request_id]) {
        expect(text.length).toBeLessThanOrEqual(128);
        expect(text).toMatch(/^[A-Za-z0-9._:/-]*$/);
      }
    } finally {
      await app.close();
    }
  });
});

describe('finding 10: sessions in the inventory database', () => {
  async function status(cookie: string): Promise<number> {
    const response = await harness.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { cookie },
      auth: false,
    });
    return response.statusCode;
  }

  it('stores only a hash of the session id, with its expiry', async () => {
    const cookie = await signIn(harness);
    const id = decodeURIComponent(cookie.split('=')[1] ?? '');
    const rows = await sql<{
      id_hash: string;
      expires_at: number;
      last_seen_at: number;
    }>`select id_hash, expires_at, last_seen_at from sessions`.execute(harness.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const row of rows.rows) {
      expect(row.id_hash).not.toContain(id);
      expect(Number(row.expires_at)).toBeGreaterThan(Date.now());
    }
  });

  it('signs out: the cookie is cleared and the session is gone for good', async () => {
    const cookie = await signIn(harness);
    expect(await status(cookie)).toBe(200);
    const logout = await harness.inject({
      method: 'POST',
      url: '/api/session/logout',
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
      auth: false,
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(
      /imagewatch_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/,
    );
    expect(await status(cookie)).toBe(401);
  });

  it('ends a session after its idle timeout and after its lifetime', async () => {
    const idle = await signIn(harness);
    const old = await signIn(harness);
    expect(await status(idle)).toBe(200);
    await sql`update sessions set last_seen_at = 0`.execute(harness.db);
    expect(await status(idle)).toBe(401);
    const fresh = await signIn(harness);
    await sql`update sessions set expires_at = ${Date.now() - 1}`.execute(harness.db);
    expect(await status(fresh)).toBe(401);
    expect(await status(old)).toBe(401);
  });

  it('revokes every session at once', async () => {
    const first = await signIn(harness);
    const second = await signIn(harness);
    expect(await status(first)).toBe(200);
    expect(await status(second)).toBe(200);
    const revoke = await harness.inject({
      method: 'POST',
      url: '/api/session/revoke-all',
      headers: { cookie: first, 'sec-fetch-site': 'same-origin' },
      auth: false,
    });
    expect(revoke.statusCode).toBe(204);
    expect(await status(first)).toBe(401);
    expect(await status(second)).toBe(401);
    const count = await sql<{ n: number }>`select count(*) as n from sessions`.execute(harness.db);
    expect(Number(count.rows[0]?.n)).toBe(0);
  });
});
