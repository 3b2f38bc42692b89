// Structured JSON logs (pino, through Fastify) that never carry a secret: known secret-bearing
// fields are redacted by path, `token`/`Signature` query values are cut from logged URLs, and a
// final guard replaces any configured secret value that still reaches a line.
import type { FastifyServerOptions } from 'fastify';

const REDACTED = '[REDACTED]';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-auth-token"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-auth-token"]',
  'authorization',
  'cookie',
  '["set-cookie"]',
  '["x-auth-token"]',
];

const SECRET_QUERY = /([?&](?:token|Signature|AccessKeySecret|SecurityToken)=)[^&#\s"]*/gi;
const SECRET_PARAMETERS = new Set(['token', 'signature', 'accesskeysecret', 'securitytoken']);

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Replaces the values of secret-bearing query parameters in a request URL. Names are compared
 * as the server parses them (`%74oken` is `token`), so no spelling slips a value through.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return url;
  const hashAt = url.indexOf('#', queryAt);
  const end = hashAt === -1 ? url.length : hashAt;
  const query = url
    .slice(queryAt + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return SECRET_PARAMETERS.has(decodeQueryName(name).trim().toLowerCase())
        ? `${name}=${REDACTED}`
        : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt + 1)}${query}${url.slice(end)}`;
}

export interface LineSink {
  write(line: string): void;
}

/** The final guard: every line passes here before it is written. */
export function secretScrubbingStream(secrets: readonly string[], sink: LineSink): LineSink {
  // Longest first, so that a secret containing another is replaced whole.
  const values = [...new Set(secrets.filter((secret) => secret.length >= 6))].sort(
    (a, b) => b.length - a.length,
  );
  const jsonEscaped = values.map((value) => JSON.stringify(value).slice(1, -1));
  // As a logged URL shows it (a secret pasted into a query string).
  const urlEncoded = values.map(encodeURIComponent).filter((value) => !values.includes(value));
  const forms = [...new Set([...values, ...jsonEscaped, ...urlEncoded])].sort(
    (a, b) => b.length - a.length,
  );
  return {
    write(line: string) {
      let out = line.replace(SECRET_QUERY, `$1${REDACTED}`);
      for (const value of forms) {
        if (out.includes(value)) out = out.split(value).join(REDACTED);
      }
      sink.write(out);
    },
  };
}

export type AppLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

export function createLoggerOptions(options: {
  level: string;
  secrets: readonly string[];
  sink?: LineSink;
}): AppLoggerOptions {
  return {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: redactUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
    stream: secretScrubbingStream(options.secrets, options.sink ?? process.stdout),
  };
}

export interface StructuredLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * A logger usable before the app (and its pino instance) exists, e.g. by the sync engine that
 * the app is built with; it forwards once attached and drops nothing afterwards.
 */
export function createForwardingLogger(): StructuredLogger & {
  attach(target: StructuredLogger): void;
} {
  let target: StructuredLogger | undefined;
  const forward = (level: 'info' | 'warn' | 'error') => (object: object, message: string) => {
    target?.[level](object, message);
  };
  return {
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    attach(next) {
      target = next;
    },
  };
}
