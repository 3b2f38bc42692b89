// Single sign-on against a real OpenID provider (oidc-provider on loopback, started here): the
// authorization code flow with PKCE end to end, a tampered state, a wrong nonce, an expired ID
// token, group mapping and sign-out. The browser's side is played over HTTP: the provider's own
// login form is fetched and submitted.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../shared/contracts';
import type { OidcConfig } from '../config';
import { registerAuth } from '../plugins/auth';
import { registerErrorHandler } from '../plugins/error-handler';
import { AuditTrail, registerAuditTrail } from '../audit/audit-trail';
import { openInventory, type InventoryDb } from '../store/db';
import { startTestProvider, type TestProvider } from '../test-support/oidc-test-provider';
import type { AccessRule } from './access';
import { PENDING_SIGN_IN_COOKIE, sealPendingSignIn, unsealPendingSignIn } from './oidc';

const KEY = 'oidc-test-dashboard-token-0123456789';
const APP = 'http://localhost:8080';
const CLIENT = { clientId: 'imagewatch', clientSecret: 'imagewatch-test-client-secret' };
const RULES: AccessRule[] = [
  { group: 'sec-auditors', role: 'auditor', accounts: ['huawei-prod'], namespaces: ['prod-*'] },
  { group: 'sec-viewers', role: 'viewer', namespaces: ['team-a'] },
  { group: 'sec-admins', role: 'admin' },
];
const USERS = {
  alice: { name: 'Alice Auditor', groups: ['sec-auditors'] },
  bob: { name: 'Bob Both', groups: ['sec-viewers', 'sec-auditors', 'elsewhere'] },
  mallory: { name: 'Mallory Nogroup', groups: ['elsewhere'] },
};

let provider: TestProvider;
let db: InventoryDb;
const apps: FastifyInstance[] = [];

/** The BFF's sign-in (the auth plugin) with OIDC_* pointing at the test provider. */
async function startBff(options: { clockAheadMs?: number } = {}): Promise<FastifyInstance> {
  const oidc: OidcConfig = {
    issuer: provider.issuer,
    ...CLIENT,
    redirectUri: `${APP}${API_ROUTES.authCallback}`,
    groupsClaim: 'groups',
  };
  const app = Fastify();
  registerErrorHandler(app);
  registerAuditTrail(app, new AuditTrail({ db, retentionDays: 400 }));
  const ahead = options.clockAheadMs ?? 0;
  registerAuth(app, { token: KEY, db, oidc, accessRules: RULES, now: () => Date.now() + ahead });
  app.get('/', async () => 'the app');
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  provider = await startTestProvider({
    ...CLIENT,
    redirectUri: `${APP}${API_ROUTES.authCallback}`,
    postLogoutRedirectUri: `${APP}/`,
    users: USERS,
  });
  db = await openInventory(':memory:');
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await db.destroy();
  await provider.close();
});

function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const line of [setCookie ?? []].flat()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match?.[1] !== undefined && match[1] !== '') return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** A browser at the provider: follows its redirects, keeps its cookies, fills its login form. */
async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 12; step += 1) {
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: form }),
    });
    form = undefined;
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.href.startsWith(APP)) return next;
      url = next.href;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (action === undefined || prompt === undefined) throw new Error(`no form at ${url}: ${page}`);
    url = new URL(action, url).href;
    form = new URLSearchParams({ prompt, login, password: 'any' });
  }
  throw new Error('the provider never sent the browser back');
}

/** Starts a sign-in at the BFF: the provider's address and the sealed pending cookie. */
async function startSignIn(app: FastifyInstance, returnTo = '/changes?days=7') {
  const response = await app.inject({
    method: 'GET',
    url: `${API_ROUTES.authLogin}?return_to=${encodeURIComponent(returnTo)}`,
  });
  expect(response.statusCode).toBe(303);
  const pending = cookieFrom(response.headers['set-cookie'], PENDING_SIGN_IN_COOKIE);
  expect(pending).toBeDefined();
  return { location: String(response.headers.location), pending: pending ?? '' };
}

async function callback(app: FastifyInstance, back: URL, pending: string) {
  return app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: { [PENDING_SIGN_IN_COOKIE]: pending },
  });
}

async function sessionOf(app: FastifyInstance, sessionCookie: string | undefined) {
  const response = await app.inject({
    method: 'GET',
    url: API_ROUTES.session,
    cookies: { imagewatch_session: sessionCookie ?? '' },
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
}

describe('single sign-on through a real OpenID provider', () => {
  it('signs a user in with PKCE, state and nonce; their groups give role and scope', async () => {
    const app = await startBff();
    const { location, pending } = await startSignIn(app);
    const authorization = new URL(location);
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    for (const name of ['state', 'nonce', 'code_challenge'])
      expect(authorization.searchParams.get(name)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The pending cookie carries no secret of the provider and cannot be altered.
    expect(unsealPendingSignIn(KEY, `${pending}x`)).toBeUndefined();

    const back = await signInAtProvider(location, 'alice');
    const signedIn = await callback(app, back, pending);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('url=/changes?days=7');
    const session = cookieFrom(signedIn.headers['set-cookie'], 'imagewatch_session');
    expect(await sessionOf(app, session)).toEqual({
      status: 200,
      body: {
        user: 'alice',
        name: 'Alice Auditor',
        role: 'auditor',
        scope: { accounts: ['huawei-prod'], namespaces: ['prod-*'] },
      },
    });
    // The audit trail records who signed in, and how.
    const signIns = await db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'sign-in')
      .execute();
    expect(signIns).toEqual([{ actor: 'alice', detail: JSON.stringify({ method: 'oidc' }) }]);
    // A code is used once.
    const replay = await callback(app, back, pending);
    expect(replay.statusCode).toBe(400);
  });

  it('maps several groups to the highest role and the union of scopes; no listed group is refused', async () => {
    const app = await startBff();
    const bob = await startSignIn(app);
    const bobBack = await callback(app, await signInAtProvider(bob.location, 'bob'), bob.pending);
    const bobSession = cookieFrom(bobBack.headers['set-cookie'], 'imagewatch_session');
    expect((await sessionOf(app, bobSession)).body).toMatchObject({
      role: 'auditor',
      scope: { accounts: null, namespaces: ['prod-*', 'team-a'] },
    });

    const mallory = await startSignIn(app);
    const refused = await callback(
      app,
      await signInAtProvider(mallory.location, 'mallory'),
      mallory.pending,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('None of your groups is given access to Imagewatch.');
    expect(cookieFrom(refused.headers['set-cookie'], 'imagewatch_session')).toBeUndefined();
  });

  it('refuses a tampered state, a wrong nonce and a sign-in it did not start', async () => {
    const app = await startBff();
    const tampered = await startSignIn(app);
    const back = await signInAtProvider(tampered.location, 'alice');
    back.searchParams.set('state', `${back.searchParams.get('state') ?? ''}x`);
    const stateRefused = await callback(app, back, tampered.pending);
    expect(stateRefused.statusCode).toBe(400);
    expect(stateRefused.body).toMatch(/state/i);
    expect(cookieFrom(stateRefused.headers['set-cookie'], 'imagewatch_session')).toBeUndefined();

    // The nonce the BFF remembers differs from the one the provider put in the ID token.
    const nonce = await startSignIn(app);
    const nonceBack = await signInAtProvider(nonce.location, 'alice');
    const remembered = unsealPendingSignIn(KEY, nonce.pending);
    if (remembered === undefined) throw new Error('the pending cookie did not unseal');
    const wrongNonce = sealPendingSignIn(KEY, { ...remembered, nonce: 'not-the-nonce-sent' });
    const nonceRefused = await callback(app, nonceBack, wrongNonce);
    expect(nonceRefused.statusCode).toBe(400);
    expect(nonceRefused.body).toMatch(/nonce/i);

    const unsolicited = await startSignIn(app);
    const noCookie = await app.inject({
      method: 'GET',
      url: (() => {
        const url = new URL(unsolicited.location);
        return `${API_ROUTES.authCallback}?code=abc&state=${url.searchParams.get('state') ?? ''}`;
      })(),
    });
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.body).toContain('was not started here');
  });

  it('refuses an expired ID token', async () => {
    // The BFF's clock is two hours ahead: the provider's one-hour ID token has expired for it.
    const app = await startBff({ clockAheadMs: 2 * 3_600_000 });
    const { location, pending } = await startSignIn(app);
    const refused = await callback(app, await signInAtProvider(location, 'alice'), pending);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('expiration is past current timestamp');
  });

  it('signs out: the session ends and the provider’s sign-out page is answered', async () => {
    const app = await startBff();
    const { location, pending } = await startSignIn(app);
    const signedIn = await callback(app, await signInAtProvider(location, 'alice'), pending);
    const session = cookieFrom(signedIn.headers['set-cookie'], 'imagewatch_session');
    const out = await app.inject({
      method: 'POST',
      url: API_ROUTES.sessionLogout,
      cookies: { imagewatch_session: session ?? '' },
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(out.statusCode).toBe(200);
    const endSession = new URL(
      (JSON.parse(out.body) as { end_session_url: string }).end_session_url,
    );
    expect(endSession.origin).toBe(provider.issuer);
    expect(endSession.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/`);
    const page = await fetch(endSession);
    expect(page.status).toBe(200);
    expect((await sessionOf(app, session)).status).toBe(401);
  });

  it('sends a page opened without a session to the provider, not files or the API', async () => {
    const app = await startBff();
    const page = await app.inject({
      method: 'GET',
      url: '/registry-images?q=x',
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(
      `${API_ROUTES.authLogin}?return_to=${encodeURIComponent('/registry-images?q=x')}`,
    );
    const api = await app.inject({
      method: 'GET',
      url: API_ROUTES.session,
      headers: { accept: 'text/html' },
    });
    expect(api.statusCode).toBe(401);
  });
});
