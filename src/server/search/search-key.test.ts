import { describe, expect, it } from 'vitest';
import { parseSearchKey, type SearchKey } from './search-key';

const HEX64 = 'a'.repeat(40) + '0123456789abcdef0123456a';

/** `q` is accepted and read as `key`. */
const expectKey = (q: string, key: SearchKey) =>
  expect(parseSearchKey(q)).toEqual({ ok: true, key });

describe('parseSearchKey', () => {
  it('reads a full digest with or without sha256:, in any case, trimmed', () => {
    expect(HEX64).toHaveLength(64);
    for (const q of [HEX64, `sha256:${HEX64}`, `  SHA256:${HEX64.toUpperCase()} `])
      expectKey(q, { kind: 'digest', digest: `sha256:${HEX64}` });
  });

  it('reads 12..63 hex as a digest prefix, with or without sha256:', () => {
    expectKey('0123456789ab', { kind: 'digest_prefix', prefix: 'sha256:0123456789ab' });
    expectKey(`sha256:${HEX64.slice(0, 63)}`, {
      kind: 'digest_prefix',
      prefix: `sha256:${HEX64.slice(0, 63)}`,
    });
  });

  it('reads hex shorter than 12 as text, but refuses it after sha256:', () => {
    expectKey('deadbeef', { kind: 'text', text: 'deadbeef' });
    expectKey('0123456789a', { kind: 'text', text: '0123456789a' });
    const short = parseSearchKey('sha256:0123456789a');
    expect(short.ok).toBe(false);
    expect(!short.ok && short.reason).toMatch(/at least 12 hex/);
    expect(parseSearchKey('sha256:xyz').ok).toBe(false);
    expect(parseSearchKey(`sha256:${HEX64}0`).ok).toBe(false);
  });

  it('reads name:tag and namespace/name[:tag], dropping a registry host', () => {
    expectKey('nginx:1.25', { kind: 'name_tag', name: 'nginx', tag: '1.25' });
    expectKey('prod/nginx', { kind: 'reference', path: 'prod/nginx' });
    expectKey('prod/team/api:v2', { kind: 'reference', path: 'prod/team/api', tag: 'v2' });
    expectKey('swr.cn-north-4.myhuaweicloud.com/prod/nginx:latest', {
      kind: 'reference',
      path: 'prod/nginx',
      tag: 'latest',
    });
    expectKey('localhost:5000/prod/nginx', { kind: 'reference', path: 'prod/nginx' });
  });

  it('reads everything else as text', () => {
    for (const q of ['nginx', 'web api', 'nginx:', ':tag', 'a//b', 'nginx@sha256:ab', 'a:b:c'])
      expectKey(q, { kind: 'text', text: q });
  });

  it('refuses an empty q', () => {
    expect(parseSearchKey('   ').ok).toBe(false);
  });
});
