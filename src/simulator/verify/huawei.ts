// Huawei Cloud APIG `SDK-HMAC-SHA256` verification, from the "API Request Signing Guide"
// (support.huaweicloud.com devg-apisign api-sign-algorithm-002…005) and upstream-apis.md §A.1/§A.3.
import {
  canonicalQueryString,
  canonicalRequest,
  checkSignature,
  encodePathSegments,
  signCanonicalRequest,
} from './encoding';
import type { ReceivedRequest, SignatureRefusal, SignatureScheme, SigningInput } from './encoding';

/** APIG refuses an X-Sdk-Date more than 15 minutes from its clock. */
export const HUAWEI_CLOCK_SKEW_MS = 15 * 60_000;
const ALGORITHM = 'SDK-HMAC-SHA256';

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
  return canonicalRequest(input, {
    uri: canonicalUri(input.path),
    query: huaweiCanonicalQuery(input.rawQuery),
    payloadHash: input.headers['x-sdk-content-sha256'],
  });
}

/** The hex signature of a request signed at `sdkDate` (the X-Sdk-Date value) with `secret`. */
export function huaweiSignature(input: SigningInput, sdkDate: string, secret: string): string {
  return signCanonicalRequest(secret, ALGORITHM, huaweiCanonicalRequest(input), [sdkDate]);
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
  algorithm: ALGORITHM,
  keyField: 'Access',
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
