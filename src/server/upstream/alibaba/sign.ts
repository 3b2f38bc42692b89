// Alibaba Cloud signing (upstream-apis.md §D): ACS3-HMAC-SHA256, the SDK default for ACR EE
// 2018-12-01, and the classic RPC HMAC-SHA1 signature (§D.2). The clients' tests verify with the
// simulator's verifiers (test-support/verify-signatures.ts).
import { createHmac, randomUUID } from 'node:crypto';
import { acs3RpcHeaders } from '../../../shared/upstream/acs3-headers';
import { rfc3986Encode, sha256Hex } from '../huawei/sign';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** Alibaba's percentEncode: encodeURIComponent plus `! ' ( ) *`, i.e. RFC 3986. */
export const alibabaPercentEncode = rfc3986Encode;

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC. */
export function formatAcsDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Query canonicalisation as the V3 signature page states it: sorted by name, then value; names
 * and values both encoded (a name needing encoding, such as one with a space, signs otherwise).
 */
export function acs3CanonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return [...pairs]
    .sort((a, b) => compareBytes(a[0], b[0]) || compareBytes(a[1], b[1]))
    .map(([key, value]) => `${alibabaPercentEncode(key)}=${alibabaPercentEncode(value)}`)
    .join('&');
}

/** Only these headers take part in an ACS3 signature. */
function isAcs3SignableHeader(lowerName: string): boolean {
  return lowerName.startsWith('x-acs-') || lowerName === 'host' || lowerName === 'content-type';
}

export function acs3CanonicalRequest(input: {
  method: string;
  pathname: string;
  query: ReadonlyArray<readonly [string, string]>;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  signedHeaders: readonly string[];
  payloadHash: string;
}): string {
  const names = [...input.signedHeaders].sort(compareBytes);
  return [
    input.method.toUpperCase(),
    input.pathname || '/',
    acs3CanonicalQuery(input.query),
    names.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`).join(''),
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

function hmacSha256Hex(secret: string, message: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(message).digest('hex');
}

/**
 * Signs an RPC-style request with ACS3-HMAC-SHA256 and returns the headers to send: the given
 * ones plus host, x-acs-action/-version/-date/-signature-nonce/-content-sha256 and Authorization.
 */
export function signAcs3Request(
  req: {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body?: string;
    action: string;
    version: string;
  },
  cred: { accessKeyId: string; accessKeySecret: string },
  now: Date = new Date(),
  nonce: string = randomUUID(),
): Record<string, string> {
  const body = req.body ?? '';
  const out: Record<string, string> = {
    ...req.headers,
    ...acs3RpcHeaders(req, formatAcsDate(now), nonce, sha256Hex(body)),
  };
  const lowerHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(out)) lowerHeaders[name.toLowerCase()] = value;
  const signedHeaders = Object.keys(lowerHeaders).filter(isAcs3SignableHeader).sort(compareBytes);
  const canonical = acs3CanonicalRequest({
    method: req.method,
    pathname: req.url.pathname,
    query: [...req.url.searchParams],
    headers: lowerHeaders,
    signedHeaders,
    payloadHash: lowerHeaders['x-acs-content-sha256'] ?? sha256Hex(body),
  });
  const signature = hmacSha256Hex(cred.accessKeySecret, acs3StringToSign(canonical));
  out.Authorization = `${ACS3_ALGORITHM} Credential=${cred.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  return out;
}

/**
 * Classic RPC signature (HMAC-SHA1, SignatureVersion 1.0): Base64 of HMAC-SHA1 keyed with
 * `secret + "&"` over `METHOD&%2F&enc(sorted enc(k)=enc(v) joined by &)`. `Signature` itself is not signed.
 */
export function rpcSignature(
  params: Record<string, string>,
  method: string,
  secret: string,
): string {
  const canonicalized = Object.entries(params)
    .filter(([key]) => key !== 'Signature')
    .sort((a, b) => compareBytes(a[0], b[0]))
    .map(([key, value]) => `${alibabaPercentEncode(key)}=${alibabaPercentEncode(value)}`)
    .join('&');
  const stringToSign = `${method.toUpperCase()}&${alibabaPercentEncode('/')}&${alibabaPercentEncode(canonicalized)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}
