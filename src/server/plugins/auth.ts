// Access control: every /api route needs the session cookie or `Authorization: Bearer <token>`.
// Opening any page with `?token=` trades the token for an HttpOnly session cookie (holding a
// random session id, never the token) and redirects to the same URL without it.
// Behind an SSO proxy (`AUTH_PROXY_HEADER`), the proxy's user header from a trusted peer is the
// only way in. Wrong tokens are throttled per client address, so the token cannot be guessed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler';

export const SESSION_COOKIE = 'imagewatch_session';
const SESSION_TTL_MS = 7 * 24 * 3_600_000;
const MAX_SESSIONS = 10_000;
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

class SessionStore {
  private readonly sessions = new Map<string, number>();

  create(now: number): string {
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, now + SESSION_TTL_MS);
    return id;
  }

  isValid(id: string | undefined, now: number): boolean {
    if (!id) return false;
    const expires = this.sessions.get(id);
    if (expires === undefined) return false;
    if (expires < now) {
      this.sessions.delete(id);
      return false;
    }
    return true;
  }
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
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
  now?: () => number;
  /** `AUTH_PROXY_HEADER`: the SSO proxy's user header; when set, it is the only way in. */
  proxyHeader?: string | undefined;
  /** `TRUST_PROXY`: which peers may set the proxy header. */
  trustProxy?: TrustProxy;
  failedTokens?: { limit: number; windowMs: number };
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const sessions = new SessionStore();
  const now = options.now ?? Date.now;
  const limits = options.failedTokens ?? FAILED_TOKEN_LIMIT;
  const failedTokens = new FailedAttemptLimiter(limits.limit, limits.windowMs);
  const proxyHeader = options.proxyHeader?.toLowerCase();
  const peerIsTrusted = createPeerTrust(options.trustProxy ?? false);
  void app.register(cookie);

  /** A wrong token: counted against the client; the reply says 401, or 429 once over the limit. */
  function wrongToken(request: FastifyRequest, reply: FastifyReply, message: string, api: boolean) {
    failedTokens.recordFailure(request.ip, now());
    return sendUnauthorized(request, reply, message, api);
  }

  app.addHook('onRequest', async (request, reply) => {
    const url = new URL(request.url, 'http://localhost');
    const api = isProtected(request, url.pathname);

    if (proxyHeader !== undefined) {
      if (!api) return;
      const user = request.headers[proxyHeader];
      const fromProxy = peerIsTrusted(request.raw.socket.remoteAddress);
      if (
        fromProxy &&
        typeof user === 'string' &&
        user.trim() !== '' &&
        user.length <= MAX_PROXY_USER_LENGTH
      )
        return;
      return sendUnauthorized(
        request,
        reply,
        'Sign in through the single sign-on proxy in front of Imagewatch.',
        api,
      );
    }

    if (api) {
      if (sessions.isValid(request.cookies[SESSION_COOKIE], now())) return;
      const bearer = bearerToken(request);
      if (bearer !== undefined) {
        const blockedMs = failedTokens.blockedForMs(request.ip, now());
        if (blockedMs > 0) return sendThrottled(request, reply, blockedMs);
        if (tokensMatch(bearer, options.token)) return;
        return wrongToken(request, reply, 'The bearer token is not valid.', api);
      }
      return sendUnauthorized(
        request,
        reply,
        'Sign in first: open the URL printed at start-up, or send Authorization: Bearer <DASHBOARD_TOKEN>.',
        api,
      );
    }

    // Pages and static files are public; a `token` on a page URL is exchanged for a session.
    const token = url.searchParams.get('token');
    if (token === null || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const blockedMs = failedTokens.blockedForMs(request.ip, now());
    if (blockedMs > 0) return sendThrottled(request, reply, blockedMs);
    if (!tokensMatch(token, options.token)) {
      return wrongToken(request, reply, 'The access token in this URL is not valid.', api);
    }
    const sessionId = sessions.create(now());
    url.searchParams.delete('token');
    // One leading slash: `//host` would be a redirect to another site.
    const location =
      `/${url.pathname.replace(/^[/\\]+/, '')}` +
      (url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '') +
      url.hash;
    return reply
      .setCookie(SESSION_COOKIE, sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        // request.protocol reads X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY).
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      })
      .header('Cache-Control', 'no-store')
      .redirect(location, 303);
  });
}
