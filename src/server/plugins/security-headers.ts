// Security headers on every response, static files and errors included. Scripts come from the
// app's own origin only (no 'unsafe-inline', no eval); styles allow inline because the chart
// library sets style attributes. HSTS is sent only over HTTPS (directly or via a trusted proxy),
// since a browser ignores it over plain HTTP and it would pin a loopback host to HTTPS. Every
// /api answer (errors and CSV exports included) is `Cache-Control: no-store`.
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Browser features the dashboard never uses, switched off. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), ' +
  'payment=(), usb=(), interest-cohort=()';

export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': PERMISSIONS_POLICY,
};

/** Whether the request is for the API, however its path is spelled (the router decodes it). */
function isApiRequest(url: string, route: string | undefined): boolean {
  const isApi = (path: string) => /^\/api(\/|$)/i.test(path);
  if (route !== undefined && isApi(route)) return true;
  const pathname = url.split('?')[0] ?? '';
  try {
    return isApi(pathname) || isApi(decodeURIComponent(pathname));
  } catch {
    return isApi(pathname);
  }
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  // API answers are per user and often sensitive: no cache (browser or shared) keeps them.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiRequest(request.url, request.routeOptions.url))
      reply.header('Cache-Control', 'no-store');
    return payload;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // request.protocol trusts X-Forwarded-Proto only when TRUST_PROXY says the peer is a proxy.
    if (request.protocol === 'https')
      reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });
}
