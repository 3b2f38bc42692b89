// Huawei Cloud APIG `SDK-HMAC-SHA256` verification, from the "API Request Signing Guide"
// (support.huaweicloud.com devg-apisign api-sign-algorithm-002…005) and upstream-apis.md §A.1/§A.3.
import {
  byteOrder,
  decodePercent,
  encodeUnreserved,
  headersByLowerName,
  hmacSha256Hex,
  receivedQueryPairs,
  sameSignature,
  sha256Hex,
  type ReceivedRequest,
  type SignatureRefusal,
} from './encoding';

const ALGORITHM = 'SDK-HMAC-SHA256';
/** APIG refuses an X-Sdk-Date more than 15 minutes from its clock. */
export const HUAWEI_CLOCK_SKEW_MS = 15 * 60_000;
const AUTHORIZATION =
  /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;

/** The path decoded, each `/`-separated segment encoded again, and a `/` at the end. */
function canonicalUri(path: string): string {
  const uri = decodePercent(path).split('/').map(encodeUnreserved).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Names and values encoded, sorted by name and, for a repeated name, by value. */
export function huaweiCanonicalQuery(rawQuery: string): string {
  return receivedQueryPairs(rawQuery)
    .map(([name, value]) => [encodeUnreserved(name), encodeUnreserved(value)] as const)
    .sort(
      ([nameA, valueA], [nameB, valueB]) => byteOrder(nameA, nameB) || byteOrder(valueA, valueB),
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export interface HuaweiSigningInput {
  method: string;
  path: string;
  rawQuery: string;
  /** By lower-case name. */
  headers: Record<string, string>;
  /** Lower-case names, in any order. */
  signedHeaders: readonly string[];
  body: string;
}

/** The guide's CanonicalRequest: method, URI, query, headers, signed names, payload hash. */
export function huaweiCanonicalRequest(input: HuaweiSigningInput): string {
  const names = [...input.signedHeaders].sort(byteOrder);
  const headerLines = names.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`);
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    huaweiCanonicalQuery(input.rawQuery),
    headerLines.join(''),
    names.join(';'),
    input.headers['x-sdk-content-sha256'] ?? sha256Hex(input.body),
  ].join('\n');
}

/** The hex signature of a request signed at `sdkDate` (the X-Sdk-Date value) with `secret`. */
export function huaweiSignature(
  input: HuaweiSigningInput,
  sdkDate: string,
  secret: string,
): string {
  const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(huaweiCanonicalRequest(input))}`;
  return hmacSha256Hex(secret, stringToSign);
}

/** `YYYYMMDD'T'HHMMSS'Z'` read as UTC; undefined for anything else (20240230 included). */
function readSdkDate(text: string): number | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts;
  const at = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  const written = Number.isNaN(at) ? '' : new Date(at).toISOString().replace(/\.000Z$/, 'Z');
  return written.replace(/[-:]/g, '') === text ? at : undefined;
}

export type HuaweiVerification = { ok: true; ak: string } | { ok: false; reason: SignatureRefusal };

/**
 * Rebuilds the signature from what was received and the SignedHeaders list sent. `x-sdk-date`
 * must be signed and within 15 minutes of `nowMs`.
 */
export function verifyHuaweiRequest(
  request: ReceivedRequest,
  secretOf: (ak: string) => string | undefined,
  nowMs: number,
): HuaweiVerification {
  const headers = headersByLowerName(request.headers);
  const authorization = headers.authorization?.trim() ?? '';
  if (authorization === '') return { ok: false, reason: 'missing' };
  const parts = AUTHORIZATION.exec(authorization);
  if (!parts) return { ok: false, reason: 'malformed' };
  const [, ak = '', signedList = '', signature = ''] = parts;
  const signedHeaders = signedList.split(';');
  const wellFormed =
    signedHeaders.includes('x-sdk-date') &&
    signedHeaders.every(
      (name) => name !== '' && name === name.toLowerCase() && Object.hasOwn(headers, name),
    );
  const sdkDate = (headers['x-sdk-date'] ?? '').trim();
  const signedAt = readSdkDate(sdkDate);
  if (!wellFormed || signedAt === undefined) return { ok: false, reason: 'malformed' };
  const secret = secretOf(ak);
  if (secret === undefined) return { ok: false, reason: 'unknown_key' };
  if (Math.abs(nowMs - signedAt) > HUAWEI_CLOCK_SKEW_MS) return { ok: false, reason: 'stale_date' };
  const expected = huaweiSignature({ ...request, headers, signedHeaders }, sdkDate, secret);
  return sameSignature(expected, signature)
    ? { ok: true, ak }
    : { ok: false, reason: 'bad_signature' };
}
