// The session's own routes (who am I, sign out, end every session) and single sign-on's sign-in
// routes, beside the auth plugin that lets requests in (auth.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ROUTES, type SessionInfo } from '../../shared/contracts';
import { recordAudit } from '../audit/audit-trail';
import {
  type OidcSignIn,
  PENDING_SIGN_IN_COOKIE,
  PENDING_SIGN_IN_LIFETIME_MS,
  safeReturnPath,
  SignInRefused,
} from '../auth/oidc';
import { DASHBOARD_TOKEN_HOLDER, principalOf } from '../auth/principal';
import type { OidcConfig } from '../config';
import { refuseQuery } from '../routes/validate';
import { SESSION_LIFETIME_MS, type SessionStore } from '../session-store';
import { errorBody } from './error-handler';

export const SESSION_COOKIE = 'imagewatch_session';
/** Over TLS: the prefix makes browsers refuse the cookie unless Secure, host-only and Path=/. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(request: FastifyRequest): string {
  // request.protocol reads X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY).
  return request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The small page the sign-in callback answers (the app is not loaded yet). */
export function signInPage(title: string, head: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Imagewatch: ${escapeHtml(title)}</title>${head}</head>` +
    `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  );
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string) {
  return reply.setCookie(sessionCookieName(request), sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.clearCookie(sessionCookieName(request), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}

const pendingCookieOptions = (request: FastifyRequest) => ({
  path: '/auth/',
  httpOnly: true,
  // Lax: the provider's redirect back is a top-level navigation from another site.
  sameSite: 'lax' as const,
  secure: request.protocol === 'https',
});

export interface SessionRouteDeps {
  sessions: SessionStore;
  /** Single sign-on, when OIDC_* is set. */
  oidc: OidcSignIn | undefined;
  oidcConfig: OidcConfig | undefined;
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const { sessions, oidc } = deps;
  app.get(API_ROUTES.session, async (request): Promise<SessionInfo> => {
    refuseQuery(request);
    const { user, name, role, scope } = principalOf(request);
    return { user, name, role, scope: { accounts: scope.accounts, namespaces: scope.namespaces } };
  });

  // Signing out ends this browser's session on every replica (bearer or SSO proxy: nothing to
  // end). A single sign-on session also answers the provider's sign-out page, for the browser to
  // open (the provider's session is the provider's to end).
  app.post(API_ROUTES.sessionLogout, async (request, reply) => {
    refuseQuery(request);
    const cookie = request.cookies[sessionCookieName(request)];
    const signedIn = await sessions.principalOf(cookie);
    await sessions.revoke(cookie);
    await recordAudit(request, 'sign-out', API_ROUTES.sessionLogout);
    clearSessionCookie(request, reply);
    if (oidc !== undefined && deps.oidcConfig && signedIn && signedIn !== DASHBOARD_TOKEN_HOLDER) {
      const appHome = new URL('/', deps.oidcConfig.redirectUri).href;
      const endSessionUrl = await oidc.endSessionUrl(appHome);
      if (endSessionUrl !== undefined)
        return reply.code(200).send({ end_session_url: endSessionUrl });
    }
    return reply.code(204).send();
  });

  // Ends every session (every browser must open the start-up URL again), e.g. after a leak.
  app.post(API_ROUTES.sessionRevokeAll, async (request, reply) => {
    refuseQuery(request);
    const revoked = await sessions.revokeAll();
    request.log.info({ revoked }, 'every dashboard session was revoked');
    return clearSessionCookie(request, reply).code(204).send();
  });
  registerSingleSignOnRoutes(app, sessions, oidc);
}

/** /auth/login and /auth/callback: 404 unless single sign-on is configured. */
function registerSingleSignOnRoutes(
  app: FastifyInstance,
  sessions: SessionStore,
  oidc: OidcSignIn | undefined,
): void {
  app.get(API_ROUTES.authLogin, async (request, reply) => {
    if (oidc === undefined)
      return reply
        .code(404)
        .send(errorBody(request, 'not_found', 'Single sign-on is not configured.'));
    const returnTo = (request.query as { return_to?: unknown }).return_to;
    const { url, cookie } = await oidc.start(
      typeof returnTo === 'string' ? safeReturnPath(returnTo) : '/',
    );
    return reply
      .setCookie(PENDING_SIGN_IN_COOKIE, cookie, {
        ...pendingCookieOptions(request),
        maxAge: PENDING_SIGN_IN_LIFETIME_MS / 1000,
      })
      .header('Cache-Control', 'no-store')
      .redirect(url, 303);
  });

  app.get(API_ROUTES.authCallback, async (request, reply) => {
    if (oidc === undefined)
      return reply
        .code(404)
        .send(errorBody(request, 'not_found', 'Single sign-on is not configured.'));
    reply
      .clearCookie(PENDING_SIGN_IN_COOKIE, pendingCookieOptions(request))
      .header('Cache-Control', 'no-store');
    try {
      const { principal, returnTo } = await oidc.finish(
        new URL(request.url, 'http://localhost'),
        request.cookies[PENDING_SIGN_IN_COOKIE],
      );
      const sessionId = await sessions.create(principal);
      request.principal = principal;
      await recordAudit(request, 'sign-in', API_ROUTES.authCallback, { method: 'oidc' });
      request.log.info(
        { user: principal.user, role: principal.role },
        'signed in through the provider',
      );
      // A page of our own moves on: the session cookie is SameSite=Strict, and a redirect at the
      // end of a chain that began at the provider would not carry it.
      return await setSessionCookie(request, reply, sessionId)
        .type('text/html; charset=utf-8')
        .send(
          signInPage(
            'Signed in',
            `<meta http-equiv="refresh" content="0;url=${escapeHtml(returnTo)}">`,
            `<a href="${escapeHtml(returnTo)}">Continue</a>`,
          ),
        );
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      request.log.warn({ status: error.status, reason: error.message }, 'a sign-in was refused');
      return reply
        .code(error.status)
        .type('text/html; charset=utf-8')
        .send(
          signInPage(
            'Not signed in',
            '',
            `<p>${escapeHtml(error.message)}</p><p><a href="${API_ROUTES.authLogin}">Sign in again</a></p>`,
          ),
        );
    }
  });
}
