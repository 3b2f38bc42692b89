// Huawei Cloud APIG `SDK-HMAC-SHA256` verification, from the "API Request Signing Guide"
// (support.huaweicloud.com devg-apisign api-sign-algorithm-002…005) and upstream-apis.md §A.1/§A.3.
import {
  byteOrder,
  canonicalQueryString,
  checkSignature,
  encodePathSegments,
  hmacSha256Hex,
  sha256Hex,
  type ReceivedRequest,
  type SignatureRefusal,
  type SignatureScheme,
  type SigningInput,
} from './encoding';

const ALGORITHM = 'SDK-HMAC-SHA256';
/** APIG refuses an X-Sdk-Date more than 15 minutes from its clock. */
export const HUAWEI_CLOCK_SKEW_MS = 15 * 60_000;
const AUTHORIZATION =
  /^SDK-HMAC-SHA256 Access=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;

/** The path's segments encoded again, with a `/` at the end. */
function canonicalUri(path: string): string {
  const uri = encodePathSegments(path);
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Names and values encoded, sorted (encoded) by name and, for a repeated name, by value. */
export function huaweiCanonicalQuery(rawQuery: string): string {
  return canonicalQueryString(rawQuery, 'encoded');
}

/** The guide's CanonicalRequest: method, URI, query, headers, signed names, payload hash. */
export function huaweiCanonicalRequest(input: SigningInput): string {
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
export function huaweiSignature(input: SigningInput, sdkDate: string, secret: string): string {
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

const HUAWEI_SCHEME: SignatureScheme = {
  authorization: AUTHORIZATION,
  mustSign: ['x-sdk-date'],
  mayBeSigned: (name) => name !== '',
  signedAt: (headers) => readSdkDate((headers['x-sdk-date'] ?? '').trim()),
  maxClockSkewMs: HUAWEI_CLOCK_SKEW_MS,
  signature: (input, secret) =>
    huaweiSignature(input, (input.headers['x-sdk-date'] ?? '').trim(), secret),
};

/**
 * Rebuilds the signature from what was received and the SignedHeaders list sent. `x-sdk-date`
 * must be signed and within 15 minutes of `nowMs`.
 */
export function verifyHuaweiRequest(
  request: ReceivedRequest,
  secretOf: (ak: string) => string | undefined,
  nowMs: number,
): HuaweiVerification {
  const check = checkSignature(request, HUAWEI_SCHEME, secretOf, nowMs);
  return check.ok ? { ok: true, ak: check.keyId } : check;
}
