// Access control: every /api route needs the session cookie or `Authorization: Bearer <token>`.
// Opening any page with `?token=` trades the token for an HttpOnly session cookie (holding a
// random session id, never the token; sessions live in the inventory database, see
// session-store.ts) and redirects to the same URL without it.
// Behind an SSO proxy (`AUTH_PROXY_HEADER`), the proxy's user header from a trusted peer is the
// only way in. Wrong tokens are throttled per client address (an address the client cannot
// choose); the right token is always let in. A cookie-borne (or proxy-signed) request that
// changes something must come from the app's own origin: SameSite does not cover other ports of
// the same host or sibling subdomains.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ROUTES } from '../../shared/contracts';
import { requiredRole, roleAtLeast } from '../../shared/contracts/access-facts';
import type { InventoryDb } from '../store/db';
import { SessionStore } from '../session-store';
import { errorBody } from './error-handler';
import {
  escapeHtml,
  registerSessionRoutes,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieName,
  setSessionCookie,
} from './session-routes';

export { SECURE_SESSION_COOKIE, SESSION_COOKIE };
import { groupsFromHeader, resolveAccess, type AccessRule } from '../auth/access';
import { ApiTokenStore } from '../auth/api-tokens';
import { OidcSignIn } from '../auth/oidc';
import { DASHBOARD_TOKEN_HOLDER, type Principal } from '../auth/principal';
import type { OidcConfig } from '../config';
import { recordAudit } from '../audit/audit-trail';

const MAX_TRACKED_CLIENTS = 10_000;
const MAX_PROXY_USER_LENGTH = 256;

/** Wrong tokens allowed per client address and window before 429. */
export const FAILED_TOKEN_LIMIT = { limit: 10, windowMs: 60_000 } as const;

/** `TRUST_PROXY`: trust every peer (`true`), none (`false`), or these addresses and CIDR ranges. */
export type TrustProxy = boolean | readonly string[];

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** A sliding window of failed attempts per client address; bounded in memory. */
export class FailedAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number = FAILED_TOKEN_LIMIT.limit,
    private readonly windowMs: number = FAILED_TOKEN_LIMIT.windowMs,
  ) {}

  /** ms until this client may try again; 0 when it may try now. */
  blockedForMs(client: string, now: number): number {
    const recent = this.recent(client, now);
    if (recent.length < this.limit) return 0;
    const oldestCounted = recent[recent.length - this.limit] ?? now;
    return Math.max(1, oldestCounted + this.windowMs - now);
  }

  recordFailure(client: string, now: number): void {
    const recent = this.recent(client, now);
    recent.push(now);
    // Re-insert so that Map order is least recently failed first, for eviction.
    this.failures.delete(client);
    this.failures.set(client, recent.slice(-this.limit));
    while (this.failures.size > MAX_TRACKED_CLIENTS) {
      const oldest = this.failures.keys().next();
      if (oldest.done) break;
      this.failures.delete(oldest.value);
    }
  }

  private recent(client: string, now: number): number[] {
    const times = (this.failures.get(client) ?? []).filter((at) => at > now - this.windowMs);
    if (times.length === 0) this.failures.delete(client);
    return times;
  }
}

/** Whether the directly connected peer is a trusted proxy. */
export function createPeerTrust(trust: TrustProxy): (address: string | undefined) => boolean {
  if (trust === true) return () => true;
  if (trust === false || trust.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of trust) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    if (address === undefined) return false;
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    return isIP(plain) !== 0 && list.check(plain, family);
  };
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function sendUnauthorized(
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  isApi: boolean,
): FastifyReply {
  if (wantsHtml(request) && !isApi) {
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Imagewatch: not signed in</title></head>` +
          `<body><h1>Not signed in</h1><p>${escapeHtml(message)}</p><p>Open the URL that Imagewatch printed when it started.</p></body></html>`,
      );
  }
  return reply.code(401).send(errorBody(request, 'unauthorized', message));
}

function sendThrottled(request: FastifyRequest, reply: FastifyReply, waitMs: number) {
  return reply
    .code(429)
    .header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))))
    .send(
      errorBody(
        request,
        'throttled',
        'Too many wrong access tokens from this address; try again later.',
      ),
    );
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function isApiPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/api' || lower.startsWith('/api/');
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const PUBLIC_ROUTES = new Set(['/healthz', '/readyz']);

/**
 * Whether a request needs to be signed in. Judged by the route the router matched as well as
 * the path, so that an encoded path (`/%61pi/accounts`, which the router decodes) cannot slip by.
 */
export function isProtected(request: FastifyRequest, pathname: string): boolean {
  const route = request.routeOptions.url;
  if (route !== undefined && PUBLIC_ROUTES.has(route)) return false;
  if (route !== undefined && isApiPath(route)) return true;
  return isApiPath(pathname) || isApiPath(safeDecode(pathname));
}

export interface AuthOptions {
  token: string;
  /** Where sessions are kept (shared by replicas on PostgreSQL). */
  db: InventoryDb;
  now?: () => number;
  /** `AUTH_PROXY_HEADER`: the SSO proxy's user header; when set, it is the only way in. */
  proxyHeader?: string | undefined;
  /** `TRUST_PROXY`: which peers may set the proxy header (a list, when `proxyHeader` is set). */
  trustProxy?: TrustProxy;
  failedTokens?: { limit: number; windowMs: number };
  /** `AUTH_PROXY_GROUPS_HEADER`: the proxy's header with the user's comma-separated groups. */
  proxyGroupsHeader?: string | undefined;
  /** The configuration file's `access.roles`; empty = every signed-in user is an unscoped admin. */
  accessRules?: readonly AccessRule[];
  /** OIDC_*: sign-in through this OpenID provider (the dashboard token keeps working). */
  oidc?: OidcConfig | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a browser sent the request from the app's own pages: `Sec-Fetch-Site: same-origin`,
 * or an `Origin` equal to the origin the app is served from.
 */
export function isFromOwnOrigin(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

function sendForbidden(request: FastifyRequest, reply: FastifyReply, message: string) {
  return reply.code(403).send(errorBody(request, 'forbidden', message));
}

function sendCrossOrigin(request: FastifyRequest, reply: FastifyReply) {
  return sendForbidden(
    request,
    reply,
    "Requests that change something must come from Imagewatch's own pages (or carry the bearer token).",
  );
}

/**
 * The right dashboard token on a page URL: a new session, recorded, and the same URL without the
 * token (one leading slash: `//host` would be a redirect to another site).
 */
async function openTokenSession(
  request: FastifyRequest,
  reply: FastifyReply,
  url: URL,
  sessions: SessionStore,
): Promise<FastifyReply> {
  const sessionId = await sessions.create();
  request.principal = DASHBOARD_TOKEN_HOLDER;
  await recordAudit(request, 'sign-in', url.pathname, { method: 'dashboard-token' });
  url.searchParams.delete('token');
  const location =
    `/${url.pathname.replace(/^[/\\]+/, '')}` +
    (url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '') +
    url.hash;
  return setSessionCookie(request, reply, sessionId)
    .header('Cache-Control', 'no-store')
    .redirect(location, 303);
}

/** The proxy's user with the role and scope their groups give; undefined = in no listed group. */
function proxyPrincipal(
  request: FastifyRequest,
  user: string,
  accessRules: readonly AccessRule[],
  groupsHeader: string | undefined,
): Principal | undefined {
  if (accessRules.length === 0) return { ...DASHBOARD_TOKEN_HOLDER, user, name: user };
  const header = groupsHeader === undefined ? undefined : request.headers[groupsHeader];
  const access = resolveAccess(
    accessRules,
    groupsFromHeader(typeof header === 'string' ? header : undefined),
  );
  return access === undefined ? undefined : { user, name: user, ...access };
}

/** Roles, from the one route table (shared/contracts/access-facts.ts), for every way in. */
function registerRoleCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const principal = request.principal;
    const route = request.routeOptions.url;
    if (principal === undefined || route === undefined) return undefined;
    const needed = requiredRole(request.method, route);
    if (roleAtLeast(principal.role, needed)) return undefined;
    return sendForbidden(
      request,
      reply,
      `This needs the ${needed} role; you are signed in as ${principal.role}.`,
    );
  });
}

/** What the sign-in hooks share: the stores, the throttle and the configured ways in. */
interface AuthContext {
  options: AuthOptions;
  now: () => number;
  sessions: SessionStore;
  apiTokens: ApiTokenStore;
  failedTokens: FailedAttemptLimiter;
  proxyHeader: string | undefined;
  trustProxy: TrustProxy;
  peerIsTrusted: (address: string | undefined) => boolean;
  proxyGroupsHeader: string | undefined;
  accessRules: readonly AccessRule[];
  oidc: OidcSignIn | undefined;
}

function createAuthContext(options: AuthOptions): AuthContext {
  const now = options.now ?? Date.now;
  const limits = options.failedTokens ?? FAILED_TOKEN_LIMIT;
  const proxyHeader = options.proxyHeader?.toLowerCase();
  const trustProxy = options.trustProxy ?? false;
  if (proxyHeader !== undefined && !Array.isArray(trustProxy))
    throw new Error('AUTH_PROXY_HEADER needs TRUST_PROXY to list the trusted proxy addresses');
  const accessRules = options.accessRules ?? [];
  return {
    options,
    now,
    sessions: new SessionStore({ db: options.db, key: options.token, now }),
    apiTokens: new ApiTokenStore(options.db, now),
    failedTokens: new FailedAttemptLimiter(limits.limit, limits.windowMs),
    proxyHeader,
    trustProxy,
    peerIsTrusted: createPeerTrust(trustProxy),
    proxyGroupsHeader: options.proxyGroupsHeader?.toLowerCase(),
    accessRules,
    oidc:
      options.oidc === undefined
        ? undefined
        : new OidcSignIn({ config: options.oidc, accessRules, key: options.token, now }),
  };
}

/**
 * The address the throttle counts: with TRUST_PROXY=true every X-Forwarded-For hop may be the
 * client's own invention, so the connected peer; otherwise Fastify's request.ip, which with a
 * list is the rightmost hop that is not a trusted proxy.
 */
function throttleKey(auth: AuthContext, request: FastifyRequest): string {
  return auth.trustProxy === true ? (request.raw.socket.remoteAddress ?? request.ip) : request.ip;
}

/**
 * A presented token: the right one is let in even from a throttled address (only failures
 * count); a wrong one is 429 while throttled, else counted and 401.
 */
function checkToken(
  auth: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  message: string,
  api: boolean,
): FastifyReply | undefined {
  if (tokensMatch(token, auth.options.token)) return undefined;
  const client = throttleKey(auth, request);
  const blockedMs = auth.failedTokens.blockedForMs(client, auth.now());
  if (blockedMs > 0) return sendThrottled(request, reply, blockedMs);
  auth.failedTokens.recordFailure(client, auth.now());
  return sendUnauthorized(request, reply, message, api);
}

/** Behind the SSO proxy: only its user header, from a trusted peer, lets a request to the API in. */
function authenticateThroughProxy(
  auth: AuthContext,
  proxyHeader: string,
  request: FastifyRequest,
  reply: FastifyReply,
  api: boolean,
): FastifyReply | undefined {
  if (!api) return undefined;
  const user = request.headers[proxyHeader];
  const fromProxy = auth.peerIsTrusted(request.raw.socket.remoteAddress);
  if (
    fromProxy &&
    typeof user === 'string' &&
    user.trim() !== '' &&
    user.length <= MAX_PROXY_USER_LENGTH
  ) {
    // The browser sends the proxy's sign-in along cross-site, as it would a cookie.
    if (!SAFE_METHODS.has(request.method) && !isFromOwnOrigin(request))
      return sendCrossOrigin(request, reply);
    request.principal = proxyPrincipal(
      request,
      user.trim(),
      auth.accessRules,
      auth.proxyGroupsHeader,
    );
    if (request.principal !== undefined) return undefined;
    return sendForbidden(request, reply, 'None of your groups is given access to Imagewatch.');
  }
  return sendUnauthorized(
    request,
    reply,
    'Sign in through the single sign-on proxy in front of Imagewatch.',
    api,
  );
}

/** An API request: a session cookie (same origin when it changes something) or a bearer token. */
async function authenticateApiRequest(
  auth: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const unsafe = !SAFE_METHODS.has(request.method);
  const sessionPrincipal = await auth.sessions.principalOf(
    request.cookies[sessionCookieName(request)],
  );
  if (sessionPrincipal !== undefined && (!unsafe || isFromOwnOrigin(request))) {
    request.principal = sessionPrincipal;
    return undefined;
  }
  const bearer = bearerToken(request);
  if (bearer !== undefined) {
    // A personal token acts as its owner; anything else must be the dashboard token.
    const owner = await auth.apiTokens.principalFor(bearer);
    if (owner !== undefined) {
      request.principal = owner;
      return undefined;
    }
    const refused = checkToken(
      auth,
      request,
      reply,
      bearer,
      'The bearer token is not valid.',
      true,
    );
    if (refused === undefined) request.principal = DASHBOARD_TOKEN_HOLDER;
    return refused;
  }
  if (sessionPrincipal !== undefined) return sendCrossOrigin(request, reply);
  return sendUnauthorized(
    request,
    reply,
    'Sign in first: open the URL printed at start-up, or send Authorization: Bearer <DASHBOARD_TOKEN>.',
    true,
  );
}

/**
 * Pages and static files are public; a `token` on a page URL is exchanged for a session, and with
 * single sign-on a page opened without one goes to the provider first.
 */
async function admitPageRequest(
  auth: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  url: URL,
): Promise<FastifyReply | undefined> {
  const token = url.searchParams.get('token');
  if (token === null && auth.oidc !== undefined && (await needsSignIn(auth, request, url.pathname)))
    return reply
      .header('Cache-Control', 'no-store')
      .redirect(
        `${API_ROUTES.authLogin}?return_to=${encodeURIComponent(url.pathname + url.search)}`,
        303,
      );
  if (token === null || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
  const refused = checkToken(
    auth,
    request,
    reply,
    token,
    'The access token in this URL is not valid.',
    false,
  );
  if (refused !== undefined) return refused;
  return openTokenSession(request, reply, url, auth.sessions);
}

/**
 * With single sign-on, a page opened without a session goes to the provider first (only a
 * browser's page navigation: not files, the probes or the sign-in routes themselves).
 */
async function needsSignIn(
  auth: AuthContext,
  request: FastifyRequest,
  pathname: string,
): Promise<boolean> {
  if (request.method !== 'GET' || !wantsHtml(request)) return false;
  if (pathname.startsWith('/auth/') || PUBLIC_ROUTES.has(pathname)) return false;
  if (/\.[A-Za-z0-9]+$/.test(pathname)) return false;
  return (
    (await auth.sessions.principalOf(request.cookies[sessionCookieName(request)])) === undefined
  );
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const auth = createAuthContext(options);
  void app.register(cookie);
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const url = new URL(request.url, 'http://localhost');
    const api = isProtected(request, url.pathname);
    if (auth.proxyHeader !== undefined)
      return authenticateThroughProxy(auth, auth.proxyHeader, request, reply, api);
    if (api) return authenticateApiRequest(auth, request, reply);
    return admitPageRequest(auth, request, reply, url);
  });
  registerRoleCheck(app);
  registerSessionRoutes(app, {
    sessions: auth.sessions,
    oidc: auth.oidc,
    oidcConfig: options.oidc,
  });
}
