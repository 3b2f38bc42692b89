// X-Request-Id on every response: an incoming id is kept only if it is short and plain (so it
// cannot inject into logs or headers), otherwise a fresh one is generated.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function generateRequestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming)) return incoming;
  return randomUUID();
}

/** Server options: Fastify must not take the header as is, so the id comes from genReqId. */
export const requestIdServerOptions = {
  requestIdHeader: false as const,
  genReqId: generateRequestId,
};

export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
}
