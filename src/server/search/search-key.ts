// What a search's `q` is (GET /api/search): a pure classification, tried in this order.
//  - `sha256:` + 64 hex, or 64 hex alone: a digest (also an image id: HSS image ids are 64 hex).
//  - `sha256:` + 12..63 hex, or 12..63 hex alone: a digest prefix (unique, or a 400 with the
//    candidates' count). After `sha256:` fewer than 12 hex, or anything not hex, is a 400; hex
//    alone shorter than 12 is text (`cafe`, `deadbeef` are plausible names and tags).
//  - `namespace/name[:tag]` (a registry host in front is dropped; names may hold `/`).
//  - `name:tag`.
//  - anything else: text (the lists' own free-text search, plus an exact image id).
import { DIGEST_PREFIX_MIN, type SearchKeyKind } from '../../shared/contracts';

export type SearchKey =
  | { kind: 'digest'; /** `sha256:` + 64 lower-case hex. */ digest: string }
  | { kind: 'digest_prefix'; /** `sha256:` + 12..63 lower-case hex. */ prefix: string }
  | { kind: 'name_tag'; name: string; tag: string }
  | {
      kind: 'reference';
      /** `namespace/name` as written, without a host. */ path: string;
      tag?: string;
    }
  | { kind: 'text'; text: string };

export type SearchKeyResult = { ok: true; key: SearchKey } | { ok: false; reason: string };

const DIGEST_ALGORITHM = 'sha256:';
const HEX = /^[0-9a-f]+$/;
const FULL_DIGEST_HEX = 64;

/** A first path segment that names a registry host (a dot, a port or localhost), as Docker reads references. */
function isHost(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost';
}

function digestKey(hex: string, written: string): SearchKeyResult | undefined {
  if (!HEX.test(hex)) return undefined;
  if (hex.length === FULL_DIGEST_HEX)
    return { ok: true, key: { kind: 'digest', digest: `${DIGEST_ALGORITHM}${hex}` } };
  if (hex.length > FULL_DIGEST_HEX)
    return { ok: false, reason: `q ${written} has more than ${FULL_DIGEST_HEX} hex digits` };
  if (hex.length >= DIGEST_PREFIX_MIN)
    return { ok: true, key: { kind: 'digest_prefix', prefix: `${DIGEST_ALGORITHM}${hex}` } };
  return undefined;
}

/** `q` classified; `q` is already within its schema's bounds (length, no control characters). */
export function parseSearchKey(q: string): SearchKeyResult {
  const text = q.trim();
  if (text === '') return { ok: false, reason: 'q must not be empty' };
  const lower = text.toLowerCase();

  if (lower.startsWith(DIGEST_ALGORITHM)) {
    const hex = lower.slice(DIGEST_ALGORITHM.length);
    const key = digestKey(hex, 'after sha256:');
    if (key !== undefined) return key;
    return HEX.test(hex)
      ? {
          ok: false,
          reason: `q needs at least ${DIGEST_PREFIX_MIN} hex digits after sha256: (a digest or a digest prefix)`,
        }
      : { ok: false, reason: 'q after sha256: must be hex digits (a digest or a digest prefix)' };
  }
  const bareDigest = digestKey(lower, 'as a digest');
  if (bareDigest !== undefined) return bareDigest;

  // A reference has no white space and at most one `@`-free tag; `@` references are text (the
  // lists' search reads `name@digest`).
  if (!/\s/.test(text) && !text.includes('@')) {
    let segments = text.split('/');
    if (segments.length >= 3 && isHost(segments[0] ?? '')) segments = segments.slice(1);
    const last = segments.at(-1) ?? '';
    const colon = last.lastIndexOf(':');
    const tag = colon > 0 && colon < last.length - 1 ? last.slice(colon + 1) : undefined;
    const lastName = tag === undefined ? last : last.slice(0, colon);
    const names = [...segments.slice(0, -1), lastName];
    const wellFormed = names.every((segment) => segment !== '' && !segment.includes(':'));
    if (wellFormed && names.length >= 2) {
      const path = names.join('/');
      return {
        ok: true,
        key: tag === undefined ? { kind: 'reference', path } : { kind: 'reference', path, tag },
      };
    }
    if (wellFormed && names.length === 1 && tag !== undefined)
      return { ok: true, key: { kind: 'name_tag', name: lastName, tag } };
  }
  return { ok: true, key: { kind: 'text', text } };
}

export type { SearchKeyKind };
