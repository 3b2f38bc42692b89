// Byte-level helpers for the simulator's signature checks, written from the vendors' pages
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
