// Security headers on every response, static files and errors included. Scripts come from the
// app's own origin only (no 'unsafe-inline', no eval); styles allow inline because the chart
// library sets style attributes. HSTS is sent only over HTTPS (directly or via a trusted proxy),
// since a browser ignores it over plain HTTP and it would pin a loopback host to HTTPS.
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

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // request.protocol trusts X-Forwarded-Proto only when TRUST_PROXY says the peer is a proxy.
    if (request.protocol === 'https')
      reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });
}
