// Huawei Cloud AK/SK signing, SDK-HMAC-SHA256 (upstream-apis.md §A). The simulator verifies with
// its own code (src/simulator/verify), which the clients' tests use too
// (test-support/verify-signatures.ts); the vectors pin both to the vendor.
import { createHash, createHmac } from 'node:crypto';

export const HUAWEI_ALGORITHM = 'SDK-HMAC-SHA256';
const SDK_DATE_HEADER = 'x-sdk-date';
const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256';

/** RFC 3986 encoding: unreserved characters kept, every other UTF-8 byte as upper-case %XY. */
export function rfc3986Encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * CanonicalURI: the path decoded (as Python and Go see it), split on `/`, each segment
 * re-encoded, with a trailing `/` appended.
 */
export function huaweiCanonicalUri(rawPath: string): string {
  const segments = safeDecode(rawPath).split('/').map(rfc3986Encode);
  const joined = segments.join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/** Splits a raw query string into decoded pairs (`+` is a space, as Go's ParseQuery reads it). */
export function parseRawQuery(rawQuery: string): Array<[string, string]> {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      const key = equals === -1 ? part : part.slice(0, equals);
      const value = equals === -1 ? '' : part.slice(equals + 1);
      return [safeDecode(key.replace(/\+/g, ' ')), safeDecode(value.replace(/\+/g, ' '))];
    });
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** CanonicalQueryString: keys and values encoded, keys in byte order, repeated keys' values sorted. */
export function huaweiCanonicalQuery(rawQuery: string): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of parseRawQuery(rawQuery)) {
    const encodedKey = rfc3986Encode(key);
    const values = byKey.get(encodedKey) ?? [];
    values.push(rfc3986Encode(value));
    byKey.set(encodedKey, values);
  }
  return [...byKey.keys()]
    .sort(compareBytes)
    .flatMap((key) => (byKey.get(key) ?? []).sort(compareBytes).map((value) => `${key}=${value}`))
    .join('&');
}

/** Encodes a query record the way the signer canonicalises it, so the URL sent is unambiguous. */
export function buildHuaweiQueryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => `${rfc3986Encode(key)}=${rfc3986Encode(value)}`)
    .join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Parses an X-Sdk-Date value; undefined when it is not `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(
    Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0, hour ?? 0, minute ?? 0, second ?? 0),
  );
  return formatSdkDate(date) === value ? date : undefined;
}

export interface HuaweiCanonicalInput {
  method: string;
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  /** The query as sent, without `?`. */
  rawQuery: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  /** Lower-case names of the headers to sign. */
  signedHeaders: readonly string[];
  /** Hex SHA-256 of the body, or the X-Sdk-Content-Sha256 value. */
  payloadHash: string;
}

export function huaweiCanonicalRequest(input: HuaweiCanonicalInput): string {
  const names = [...input.signedHeaders].map((name) => name.toLowerCase()).sort(compareBytes);
  const canonicalHeaders = names
    .map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`)
    .join('');
  return [
    input.method.toUpperCase(),
    huaweiCanonicalUri(input.path),
    huaweiCanonicalQuery(input.rawQuery),
    canonicalHeaders,
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function huaweiStringToSign(canonicalRequest: string, sdkDate: string): string {
  return `${HUAWEI_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message).digest('hex');
}

export interface SignHuaweiOptions {
  /**
   * Lower-case names of the headers to sign. Default: every header given plus `host` (as the
   * Node SDK does). The Go SDK's vector signs only `x-sdk-date`.
   */
  signedHeaders?: readonly string[];
}

/**
 * Signs a request and returns the headers to send: the given ones plus `X-Sdk-Date` (when
 * missing), `host` and `Authorization`.
 */
export function signHuaweiRequest(
  req: { method: string; url: URL; headers: Record<string, string>; body?: string },
  cred: { ak: string; sk: string },
  now: Date = new Date(),
  options: SignHuaweiOptions = {},
): Record<string, string> {
  const out: Record<string, string> = { ...req.headers };
  const lowerNames = new Map(Object.keys(out).map((name) => [name.toLowerCase(), name]));
  if (!lowerNames.has(SDK_DATE_HEADER)) {
    out['X-Sdk-Date'] = formatSdkDate(now);
    lowerNames.set(SDK_DATE_HEADER, 'X-Sdk-Date');
  }
  if (!lowerNames.has('host')) {
    out.host = req.url.host;
    lowerNames.set('host', 'host');
  }
  const lowerHeaders: Record<string, string> = {};
  for (const [lower, original] of lowerNames) lowerHeaders[lower] = out[original] ?? '';

  const signedHeaders = options.signedHeaders?.map((name) => name.toLowerCase()) ?? [
    ...lowerNames.keys(),
  ];
  const payloadHash = lowerHeaders[CONTENT_SHA256_HEADER] ?? sha256Hex(req.body ?? '');
  const canonical = huaweiCanonicalRequest({
    method: req.method,
    path: req.url.pathname,
    rawQuery: req.url.search.slice(1),
    headers: lowerHeaders,
    signedHeaders,
    payloadHash,
  });
  const sdkDate = lowerHeaders[SDK_DATE_HEADER] ?? '';
  const signature = hmacHex(cred.sk, huaweiStringToSign(canonical, sdkDate));
  const signedList = [...signedHeaders].sort(compareBytes).join(';');
  out.Authorization = `${HUAWEI_ALGORITHM} Access=${cred.ak}, SignedHeaders=${signedList}, Signature=${signature}`;
  return out;
}
