// The only way a notification leaves the server (issue 21, README "Notification channels"): a POST
// to a user-given URL, so it is guarded like one. https only; every address the host resolves to
// must be public (outbound-address.ts) and the connection goes to the address that was checked
// (a custom `lookup`, no second DNS query, so DNS rebinding cannot slip a private address in);
// redirects are never followed; the body sent, the answer read and the whole exchange are bounded.
// `allowPrivate` (NOTIFY_ALLOW_PRIVATE) lifts the address check and permits http: for the tests'
// receivers on loopback. Errors carry a reason safe to show: never the URL, its query or a secret.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { forbiddenAddressKind } from './outbound-address';

export const OUTBOUND_MAX_REQUEST_BYTES = 64 * 1024;
export const OUTBOUND_MAX_ANSWER_BYTES = 64 * 1024;
export const OUTBOUND_DEFAULT_TIMEOUT_MS = 10_000;

export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPost {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  allowPrivate: boolean;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Every address of a host name; node:dns `lookup` (the system resolver) unless a test injects one. */
  resolveHost?: ResolveHost | undefined;
  /** For Retry-After dates; Date.now unless injected. */
  now?: (() => number) | undefined;
  /** A certificate authority to trust instead of the system's (the tests' own https receiver). */
  trustedCa?: string | undefined;
}

export interface OutboundAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most OUTBOUND_MAX_ANSWER_BYTES of the answer, decoded as UTF-8. */
  body: string;
  /** True when the answer was longer and the rest was not read. */
  truncated: boolean;
  /** From Retry-After (seconds or an HTTP date), when present and readable. */
  retryAfterMs?: number | undefined;
}

/** A request that got no HTTP answer: refused by the guard, or DNS, connection, timeout failures. */
export class OutboundError extends Error {
  constructor(
    /** Safe to store and show. */
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
    this.name = 'OutboundError';
  }
}

const systemResolveHost: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses);
    });
  });

/** Seconds or an HTTP date (RFC 9110 §10.2.3), as milliseconds from now; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function parseTarget(url: string, allowPrivate: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundError('the channel URL is not a valid URL', false);
  }
  const allowedProtocols = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(parsed.protocol))
    throw new OutboundError('only https channel URLs are allowed', false);
  if (parsed.username || parsed.password)
    throw new OutboundError('channel URLs may not carry a user name or password', false);
  return parsed;
}

function safeCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]{2,32}$/.test(code) ? code : 'unknown error';
}

/** Every address of the host, each checked; the connection will use only these. */
async function checkedAddresses(
  hostname: string,
  allowPrivate: boolean,
  resolveHost: ResolveHost,
): Promise<LookupAddress[]> {
  const literal = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: LookupAddress[];
  if (isIP(literal) !== 0) {
    addresses = [{ address: literal, family: isIP(literal) }];
  } else {
    try {
      addresses = await resolveHost(hostname);
    } catch (error) {
      const code = safeCode(error);
      // ENOTFOUND is a name that does not exist; EAI_AGAIN and the rest may pass.
      throw new OutboundError(`the channel host did not resolve (${code})`, code !== 'ENOTFOUND');
    }
    if (addresses.length === 0)
      throw new OutboundError('the channel host did not resolve (no address)', true);
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = forbiddenAddressKind(address);
      if (kind !== undefined)
        throw new OutboundError(
          `the channel host resolves to a ${kind} address, which notifications may not reach`,
          false,
        );
    }
  }
  return addresses;
}

/** A `lookup` that answers with the addresses already checked, never asking DNS again. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(new Error('no address'), '', 0);
  };
}

/** POSTs `body` to `url` under the guard; resolves with the (bounded) answer, whatever its status. */
export async function postOutbound(post: OutboundPost): Promise<OutboundAnswer> {
  const target = parseTarget(post.url, post.allowPrivate);
  const bodyBytes = Buffer.from(post.body, 'utf8');
  if (bodyBytes.length > OUTBOUND_MAX_REQUEST_BYTES)
    throw new OutboundError(
      `the message is larger than ${OUTBOUND_MAX_REQUEST_BYTES / 1024} KB`,
      false,
    );
  if (post.signal?.aborted) throw new OutboundError('the request was cancelled', true);
  const timeoutMs = post.timeoutMs ?? OUTBOUND_DEFAULT_TIMEOUT_MS;
  const startedAt = Date.now();
  const timedOut = (): OutboundError =>
    new OutboundError(`no complete answer within ${timeoutMs} ms`, true);
  // The time bound covers the DNS lookup too (the system resolver can hang for long).
  let resolutionTimer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    checkedAddresses(target.hostname, post.allowPrivate, post.resolveHost ?? systemResolveHost),
    new Promise<never>((_resolve, reject) => {
      resolutionTimer = setTimeout(() => reject(timedOut()), timeoutMs);
    }),
  ]).finally(() => clearTimeout(resolutionTimer));
  const remainingMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
  const transport = target.protocol === 'https:' ? https : http;
  const now = post.now ?? Date.now;

  return new Promise<OutboundAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      post.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: OutboundError): void => {
      finish(() => reject(error));
      request.destroy();
    };
    const onAbort = (): void => fail(new OutboundError('the request was cancelled', true));

    const request = transport.request(
      target,
      {
        method: 'POST',
        // A fresh connection per message: no pooled socket outlives the address check.
        agent: false,
        lookup: pinnedLookup(addresses),
        ...(post.trustedCa === undefined ? {} : { ca: post.trustedCa }),
        headers: {
          'User-Agent': 'Imagewatch-Notifier',
          ...post.headers,
          'Content-Length': String(bodyBytes.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const done = (truncated: boolean): void => {
          const retryAfterHeader = response.headers['retry-after'];
          finish(() =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated,
              retryAfterMs: parseRetryAfter(retryAfterHeader, now()),
            }),
          );
        };
        response.on('data', (chunk: Buffer) => {
          const room = OUTBOUND_MAX_ANSWER_BYTES - received;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            received += room;
            done(true);
            response.destroy();
            return;
          }
          chunks.push(chunk);
          received += chunk.length;
        });
        response.on('end', () => done(false));
        response.on('error', (error) =>
          fail(new OutboundError(`the answer broke off (${safeCode(error)})`, true)),
        );
      },
    );
    const timer = setTimeout(() => fail(timedOut()), remainingMs);
    post.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) =>
      fail(new OutboundError(`the request failed (${safeCode(error)})`, true)),
    );
    request.end(bodyBytes);
  });
}
