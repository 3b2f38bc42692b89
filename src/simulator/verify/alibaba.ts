// Alibaba Cloud `ACS3-HMAC-SHA256` (signature V3) verification, from "V3 request structure and
// signature" (help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature) and
// upstream-apis.md §D.3.
import {
  canonicalQueryString,
  canonicalRequest,
  checkSignature,
  encodePathSegments,
  signCanonicalRequest,
} from './encoding';
import type { ReceivedRequest, SignatureRefusal, SignatureScheme, SigningInput } from './encoding';

/** A request older or newer than 15 minutes is refused (InvalidTimeStamp.Expired). */
export const ALIBABA_CLOCK_SKEW_MS = 15 * 60_000;
const ALGORITHM = 'ACS3-HMAC-SHA256';

/** Only these headers may take part in the signature. */
function isSignable(name: string): boolean {
  return name.startsWith('x-acs-') || name === 'host' || name === 'content-type';
}

/** Sorted (decoded) by name and then value, each name and value encoded, joined with `&`. */
export function alibabaCanonicalQuery(rawQuery: string): string {
  return canonicalQueryString(rawQuery, 'decoded');
}

/** The page's CanonicalRequest; the payload hash is the body's own, whatever a header claims. */
export function alibabaCanonicalRequest(input: SigningInput): string {
  return canonicalRequest(input, {
    // The resource path, each segment encoded (RPC-style APIs use `/`).
    uri: encodePathSegments(input.path || '/'),
    query: alibabaCanonicalQuery(input.rawQuery),
  });
}

export function alibabaSignature(input: SigningInput, secret: string): string {
  return signCanonicalRequest(secret, ALGORITHM, alibabaCanonicalRequest(input));
}

/** `yyyy-MM-ddTHH:mm:ssZ` read as UTC; undefined for anything else. */
function readAcsDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) return undefined;
  const at = Date.parse(text);
  return !Number.isNaN(at) && new Date(at).toISOString() === text.replace('Z', '.000Z')
    ? at
    : undefined;
}

/** Nonces seen within the skew window, so that a captured request cannot be replayed. */
export class NonceWindow {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly windowMs: number = ALIBABA_CLOCK_SKEW_MS) {}

  /** False when `nonce` was already used within the window; otherwise records it. */
  firstUse(nonce: string, atMs: number): boolean {
    // Insertion order is time order, so the expired ones are at the front.
    for (const [seen, seenAt] of this.seenAt) {
      if (atMs - seenAt <= this.windowMs) break;
      this.seenAt.delete(seen);
    }
    if (this.seenAt.has(nonce)) return false;
    this.seenAt.set(nonce, atMs);
    return true;
  }
}

export type AlibabaVerification =
  { ok: true; accessKeyId: string } | { ok: false; reason: SignatureRefusal | 'nonce_reused' };

const ALIBABA_SCHEME: SignatureScheme = {
  algorithm: ALGORITHM,
  keyField: 'Credential',
  mustSign: ['x-acs-date', 'x-acs-signature-nonce'],
  mayBeSigned: isSignable,
  signedAt: (headers) => readAcsDate((headers['x-acs-date'] ?? '').trim()),
  maxClockSkewMs: ALIBABA_CLOCK_SKEW_MS,
  signature: alibabaSignature,
};

/**
 * Rebuilds the signature from what was received: x-acs-date and x-acs-signature-nonce must be
 * signed, the date within 15 minutes of `nowMs`, the nonce not used within those 15 minutes.
 */
export function verifyAlibabaRequest(
  request: ReceivedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  nowMs: number,
  nonces: NonceWindow,
): AlibabaVerification {
  const check = checkSignature(request, ALIBABA_SCHEME, secretOf, nowMs);
  if (!check.ok) return check;
  const nonce = `${check.keyId}\n${check.headers['x-acs-signature-nonce'] ?? ''}`;
  if (!nonces.firstUse(nonce, nowMs)) return { ok: false, reason: 'nonce_reused' };
  return { ok: true, accessKeyId: check.keyId };
}
