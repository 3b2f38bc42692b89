// Errors the router raises before any hook runs (a path segment that is not UTF-8, or longer than
// maxParamLength). Fastify's default answer has its own body shape, no request id and no security
// headers, and echoes the path; this answers like every other error instead.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler';
import { SECURITY_HEADERS } from './security-headers';

const MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'path: a path segment is not valid percent-encoded UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'path: a path segment is too long',
};

export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message = MESSAGES[error.code] ?? 'path: the request cannot be routed';
  void reply
    .code(400)
    .headers(SECURITY_HEADERS)
    .header('X-Request-Id', request.id)
    .send(errorBody(request, 'invalid_parameter', message, { field: 'path' }));
}
