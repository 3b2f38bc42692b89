import { describe, expect, it } from 'vitest';
import { parseSearchKey } from './search-key';

const HEX64 = 'a'.repeat(40) + '0123456789abcdef0123456a';

describe('parseSearchKey', () => {
  it('reads a full digest with or without sha256:, in any case, trimmed', () => {
    expect(HEX64).toHaveLength(64);
    for (const q of [HEX64, `sha256:${HEX64}`, `  SHA256:${HEX64.toUpperCase()} `])
      expect(parseSearchKey(q)).toEqual({
        ok: true,
        key: { kind: 'digest', digest: `sha256:${HEX64}` },
      });
  });

  it('reads 12..63 hex as a digest prefix, with or without sha256:', () => {
    expect(parseSearchKey('0123456789ab')).toEqual({
      ok: true,
      key: { kind: 'digest_prefix', prefix: 'sha256:0123456789ab' },
    });
    expect(parseSearchKey(`sha256:${HEX64.slice(0, 63)}`)).toEqual({
      ok: true,
      key: { kind: 'digest_prefix', prefix: `sha256:${HEX64.slice(0, 63)}` },
    });
  });

  it('reads hex shorter than 12 as text, but refuses it after sha256:', () => {
    expect(parseSearchKey('deadbeef')).toEqual({
      ok: true,
      key: { kind: 'text', text: 'deadbeef' },
    });
    expect(parseSearchKey('0123456789a')).toEqual({
      ok: true,
      key: { kind: 'text', text: '0123456789a' },
    });
    const short = parseSearchKey('sha256:0123456789a');
    expect(short.ok).toBe(false);
    expect(!short.ok && short.reason).toMatch(/at least 12 hex/);
    expect(parseSearchKey('sha256:xyz').ok).toBe(false);
    expect(parseSearchKey(`sha256:${HEX64}0`).ok).toBe(false);
  });

  it('reads name:tag and namespace/name[:tag], dropping a registry host', () => {
    expect(parseSearchKey('nginx:1.25')).toEqual({
      ok: true,
      key: { kind: 'name_tag', name: 'nginx', tag: '1.25' },
    });
    expect(parseSearchKey('prod/nginx')).toEqual({
      ok: true,
      key: { kind: 'reference', path: 'prod/nginx' },
    });
    expect(parseSearchKey('prod/team/api:v2')).toEqual({
      ok: true,
      key: { kind: 'reference', path: 'prod/team/api', tag: 'v2' },
    });
    expect(parseSearchKey('swr.cn-north-4.myhuaweicloud.com/prod/nginx:latest')).toEqual({
      ok: true,
      key: { kind: 'reference', path: 'prod/nginx', tag: 'latest' },
    });
    expect(parseSearchKey('localhost:5000/prod/nginx')).toEqual({
      ok: true,
      key: { kind: 'reference', path: 'prod/nginx' },
    });
  });

  it('reads everything else as text', () => {
    for (const q of ['nginx', 'web api', 'nginx:', ':tag', 'a//b', 'nginx@sha256:ab', 'a:b:c'])
      expect(parseSearchKey(q)).toEqual({ ok: true, key: { kind: 'text', text: q } });
  });

  it('refuses an empty q', () => {
    expect(parseSearchKey('   ').ok).toBe(false);
  });
});
