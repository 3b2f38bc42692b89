// Byte-level helpers and the common verification steps of the simulator's signature checks, written from the vendors' pages
// (Huawei "API Request Signing Guide", Alibaba "V3 request structure and signature") and
// deliberately not shared with the BFF's signers: a canonicalisation bug must not pass both.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 unreserved characters, which both vendors leave as they are. */
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Every UTF-8 byte outside the unreserved set as `%XY` with upper-case hex (space is `%20`). */
export function encodeUnreserved(text: string): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** Percent-decoding as a server reads the request line; a malformed escape stays as sent. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The received query as decoded pairs, in the order sent (`+` is a space, as in a form). */
export function receivedQueryPairs(rawQuery: string): Array<[string, string]> {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push([
      decodePercent(name.replaceAll('+', ' ')),
      decodePercent(value.replaceAll('+', ' ')),
    ]);
  }
  return pairs;
}

/** The path decoded, split on `/`, each segment encoded again (both vendors' CanonicalURI). */
export function encodePathSegments(path: string): string {
  return decodePercent(path).split('/').map(encodeUnreserved).join('/');
}

/**
 * The received query as `name=value` pairs, names and values encoded, sorted by name and then
 * value; `sortBy` is whether the vendor sorts the encoded text (Huawei's SDKs) or the decoded
 * one (Alibaba's page).
 */
export function canonicalQueryString(rawQuery: string, sortBy: 'encoded' | 'decoded'): string {
  const pairs = receivedQueryPairs(rawQuery).map(([name, value]) => ({
    encoded: [encodeUnreserved(name), encodeUnreserved(value)] as const,
    decoded: [name, value] as const,
  }));
  pairs.sort((a, b) => {
    const [nameA, valueA] = a[sortBy];
    const [nameB, valueB] = b[sortBy];
    return byteOrder(nameA, nameB) || byteOrder(valueA, valueB);
  });
  return pairs.map(({ encoded: [name, value] }) => `${name}=${value}`).join('&');
}

/** Byte order of the UTF-8 encodings (the vendors sort by character code). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function hmacSha256Hex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
}

/** Constant-time comparison of the expected and the given signature. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Header values by lower-case name, repeated headers joined with `,` as Node receives them. */
export function headersByLowerName(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** What a verifier needs of a received request. */
export interface ReceivedRequest {
  method: string;
  /** The path as received (still percent-encoded), without the query. */
  path: string;
  /** The query as received, without `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type SignatureRefusal =
  'missing' | 'malformed' | 'unknown_key' | 'stale_date' | 'bad_signature';

/** A request's parts that enter a signature. */
export interface SigningInput {
  method: string;
  path: string;
  rawQuery: string;
  /** By lower-case name. */
  headers: Record<string, string>;
  /** Lower-case names, in any order. */
  signedHeaders: readonly string[];
  body: string;
}

/**
 * The CanonicalRequest both vendors document, one part a line: method, URI, query, the signed
 * headers as `name:value` lines (sorted by name), their names joined with `;`, the payload hash
 * (the body's unless given).
 */
export function canonicalRequest(
  input: SigningInput,
  parts: { uri: string; query: string; payloadHash?: string | undefined },
): string {
  const names = [...input.signedHeaders].sort(byteOrder);
  return [
    input.method.toUpperCase(),
    parts.uri,
    parts.query,
    names.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`).join(''),
    names.join(';'),
    parts.payloadHash ?? sha256Hex(input.body),
  ].join('\n');
}

/**
 * The hex HMAC-SHA256, keyed with `secret`, of the string to sign both vendors document: the
 * algorithm, any lines of the vendor's own (Huawei's signing date), the canonical request's hash.
 */
export function signCanonicalRequest(
  secret: string,
  algorithm: string,
  canonical: string,
  vendorLines: readonly string[] = [],
): string {
  return hmacSha256Hex(secret, [algorithm, ...vendorLines, sha256Hex(canonical)].join('\n'));
}

/** What differs between the two vendors' header signatures. */
export interface SignatureScheme {
  /**
   * The Authorization header's algorithm and the name of its key id field: it reads
   * `<algorithm> <keyField>=<id>, SignedHeaders=<names>, Signature=<hex>` (space after commas optional).
   */
  algorithm: string;
  keyField: string;
  /** Headers that must be among the signed ones. */
  mustSign: readonly string[];
  mayBeSigned: (lowerName: string) => boolean;
  /** The signing time from the (lower-cased) headers; undefined when not in the vendor's format. */
  signedAt: (headers: Record<string, string>) => number | undefined;
  maxClockSkewMs: number;
  signature: (input: SigningInput, secret: string) => string;
}

export type SignatureCheck =
  | { ok: true; keyId: string; headers: Record<string, string> }
  | { ok: false; reason: SignatureRefusal };

/**
 * The steps both vendors document, in their order: an Authorization in the scheme's form, the
 * required headers signed and present, a known key, a signing time within the skew, and the
 * signature rebuilt from what was received.
 */
export function checkSignature(
  request: ReceivedRequest,
  scheme: SignatureScheme,
  secretOf: (keyId: string) => string | undefined,
  nowMs: number,
): SignatureCheck {
  const headers = headersByLowerName(request.headers);
  const authorization = headers.authorization?.trim() ?? '';
  if (authorization === '') return { ok: false, reason: 'missing' };
  const parts = new RegExp(
    `^${scheme.algorithm} ${scheme.keyField}=([^,\\s]+), ?SignedHeaders=([^,\\s]+), ?Signature=([0-9a-f]{64})$`,
  ).exec(authorization);
  if (!parts) return { ok: false, reason: 'malformed' };
  const [, keyId = '', signedList = '', signature = ''] = parts;
  const signedHeaders = signedList.split(';');
  const wellFormed =
    scheme.mustSign.every((name) => signedHeaders.includes(name)) &&
    signedHeaders.every(
      (name) =>
        name === name.toLowerCase() && scheme.mayBeSigned(name) && Object.hasOwn(headers, name),
    );
  const signedAt = scheme.signedAt(headers);
  if (!wellFormed || signedAt === undefined) return { ok: false, reason: 'malformed' };
  const secret = secretOf(keyId);
  if (secret === undefined) return { ok: false, reason: 'unknown_key' };
  if (Math.abs(nowMs - signedAt) > scheme.maxClockSkewMs)
    return { ok: false, reason: 'stale_date' };
  const expected = scheme.signature({ ...request, headers, signedHeaders }, secret);
  return sameSignature(expected, signature)
    ? { ok: true, keyId, headers }
    : { ok: false, reason: 'bad_signature' };
}
