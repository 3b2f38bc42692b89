// Access control: every /api route needs the session cookie or `Authorization: Bearer <token>`.
// Opening any page with `?token=` trades the token for an HttpOnly session cookie (holding a
// random session id, never the token) and redirects to the same URL without it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler';

export const SESSION_COOKIE = 'imagewatch_session';
const SESSION_TTL_MS = 7 * 24 * 3_600_000;
const MAX_SESSIONS = 10_000;

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

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function sendUnauthorized(
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
): FastifyReply {
  if (wantsHtml(request) && !request.url.startsWith('/api/')) {
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Imagewatch: not signed in</title></head>` +
          `<body><h1>Not signed in</h1><p>${message}</p><p>Open the URL that Imagewatch printed when it started.</p></body></html>`,
      );
  }
  return reply.code(401).send(errorBody(request, 'unauthorized', message));
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz']);

export function registerAuth(
  app: FastifyInstance,
  options: { token: string; now?: () => number },
): void {
  const sessions = new SessionStore();
  const now = options.now ?? Date.now;
  void app.register(cookie);

  app.addHook('onRequest', async (request, reply) => {
    const url = new URL(request.url, 'http://localhost');
    const path = url.pathname;
    if (PUBLIC_PATHS.has(path)) return;

    if (path === '/api' || path.startsWith('/api/')) {
      const bearer = bearerToken(request);
      if (bearer !== undefined) {
        if (tokensMatch(bearer, options.token)) return;
        return sendUnauthorized(request, reply, 'The bearer token is not valid.');
      }
      if (sessions.isValid(request.cookies[SESSION_COOKIE], now())) return;
      return sendUnauthorized(
        request,
        reply,
        'Sign in first: open the URL printed at start-up, or send Authorization: Bearer <DASHBOARD_TOKEN>.',
      );
    }

    // Pages and static files are public; a `token` on a page URL is exchanged for a session.
    const token = url.searchParams.get('token');
    if (token === null || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (!tokensMatch(token, options.token)) {
      return sendUnauthorized(request, reply, 'The access token in this URL is not valid.');
    }
    const sessionId = sessions.create(now());
    url.searchParams.delete('token');
    const location =
      url.pathname +
      (url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '') +
      url.hash;
    return reply
      .setCookie(SESSION_COOKIE, sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      })
      .header('Cache-Control', 'no-store')
      .redirect(location, 303);
  });
}
