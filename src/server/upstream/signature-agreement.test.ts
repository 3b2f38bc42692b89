// The BFF's signers and the simulator's verifiers are written apart (the verifiers from the
// vendors' pages, each side pinned to published vectors). Here they must agree on requests whose
// canonical form is easy to get wrong, so that a canonicalisation bug on either side fails.
import { describe, expect, it } from 'vitest';
import { NonceWindow, verifyAlibabaRequest } from '../../simulator/verify/alibaba';
import { verifyHuaweiRequest } from '../../simulator/verify/huawei';
import { alibabaPercentEncode, signAcs3Request } from './alibaba/sign';
import { huaweiUrl, pathSegment, signedHuaweiGet } from './huawei/request';
import { signHuaweiRequest } from './huawei/sign';

const HUAWEI = { ak: 'AGREEAK', sk: 'agree-secret', projectId: 'p0123', region: 'cn-north-4' };
const ALIBABA = { accessKeyId: 'LTAIagree', accessKeySecret: 'agree-secret' };

/** Query pairs whose encoding, order or decoding a canonicaliser can get wrong. */
const TRICKY_QUERIES: Array<[string, Array<[string, string]>]> = [
  [
    'spaces and plus',
    [
      ['name', 'a b+c'],
      ['q', ' leading and trailing '],
    ],
  ],
  [
    'an empty value',
    [
      ['image_type', ''],
      ['limit', '10'],
    ],
  ],
  [
    'repeated keys, values out of order',
    [
      ['tag', 'z'],
      ['tag', 'a'],
      ['tag', 'm'],
    ],
  ],
  [
    'non-ASCII',
    [
      ['name', 'образ-镜像'],
      ['emoji', '🐳'],
    ],
  ],
  [
    'tilde and star',
    [
      ['pattern', '~user/*.tar'],
      ['star', '***'],
    ],
  ],
  [
    'slashes and reserved characters',
    [
      ['path', '/tmp/a%2Fb'],
      ['mix', "!'()&=?#"],
    ],
  ],
  [
    'keys needing encoding',
    [
      ['key with space', '1'],
      ['ключ', '2'],
      ['a*b', '3'],
    ],
  ],
  [
    'byte order, not locale order',
    [
      ['Zeta', '1'],
      ['alpha', '2'],
      ['_under', '3'],
      ['éclair', '4'],
    ],
  ],
];

function received(url: URL, method: string, headers: Record<string, string>, body = '') {
  // What a server receives: the request line's path and query exactly as the URL serialises them.
  return { method, path: url.pathname, rawQuery: url.search.slice(1), headers, body };
}

describe('Huawei SDK-HMAC-SHA256: the BFF signer and the simulator verifier agree', () => {
  const secretOf = (ak: string) => (ak === HUAWEI.ak ? HUAWEI.sk : undefined);

  it.each(TRICKY_QUERIES)('on a query with %s', (_label, pairs) => {
    // As the HSS client builds it (one value per key), and as a raw query with repeated keys.
    const fromRecord = huaweiUrl(
      'http://127.0.0.1:9090',
      '/v5/p0123/image/registries/images',
      Object.fromEntries(pairs),
    );
    const raw = new URL('http://127.0.0.1:9090/v5/p0123/image/registries/images');
    raw.search = pairs
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');
    const form = new URL(raw.href.split('?')[0] ?? '');
    for (const [key, value] of pairs) form.searchParams.append(key, value);
    for (const url of [fromRecord, raw, form]) {
      const { headers } = signedHuaweiGet(url, HUAWEI, { region: 'cn-north-4' });
      const result = verifyHuaweiRequest(received(url, 'GET', headers), secretOf, Date.now());
      expect({ url: url.href, result }).toEqual({
        url: url.href,
        result: { ok: true, ak: HUAWEI.ak },
      });
    }
  });

  it.each([
    [
      'a repository with a slash, sent as %2F',
      `/v2/manage/namespaces/team/repos/${pathSegment('library/nginx')}`,
    ],
    ['a repository with a slash, sent as itself', '/v2/manage/namespaces/team/repos/library/nginx'],
    [
      'non-ASCII, space, tilde and star in segments',
      `/v2/manage/namespaces/${pathSegment('ünï cödé')}/repos/${pathSegment('a~b*c')}`,
    ],
  ])('on a path with %s', (_label, path) => {
    const url = huaweiUrl('http://127.0.0.1:9090', path);
    const { headers } = signedHuaweiGet(url, HUAWEI);
    expect(verifyHuaweiRequest(received(url, 'GET', headers), secretOf, Date.now())).toEqual({
      ok: true,
      ak: HUAWEI.ak,
    });
  });

  it('on a body, and refuses the same request with the body changed', () => {
    const url = huaweiUrl('http://127.0.0.1:9090', '/v5/p0123/x', { a: 'b c' });
    const body = '{"name":"ä ~*"}';
    const headers = signHuaweiRequest({ method: 'POST', url, headers: {}, body }, HUAWEI);
    const secretOf2 = secretOf;
    expect(
      verifyHuaweiRequest(received(url, 'POST', headers, body), secretOf2, Date.now()).ok,
    ).toBe(true);
    expect(
      verifyHuaweiRequest(received(url, 'POST', headers, `${body} `), secretOf2, Date.now()).ok,
    ).toBe(false);
  });
});

describe('Alibaba ACS3-HMAC-SHA256: the BFF signer and the simulator verifier agree', () => {
  const secretOf = (id: string) =>
    id === ALIBABA.accessKeyId ? ALIBABA.accessKeySecret : undefined;

  it.each(TRICKY_QUERIES)('on a query with %s', (_label, pairs) => {
    // As the ACR client builds it (RFC 3986 names and values), and form-encoded by URLSearchParams.
    const encoded = new URL('http://127.0.0.1:9090/');
    encoded.search = pairs
      .map(([key, value]) => `${alibabaPercentEncode(key)}=${alibabaPercentEncode(value)}`)
      .join('&');
    const form = new URL('http://127.0.0.1:9090/');
    for (const [key, value] of pairs) form.searchParams.append(key, value);
    for (const url of [encoded, form]) {
      const headers = signAcs3Request(
        {
          method: 'POST',
          url,
          headers: { accept: 'application/json' },
          action: 'ListRepoTag',
          version: '2018-12-01',
        },
        ALIBABA,
      );
      const lower = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const result = verifyAlibabaRequest(
        received(url, 'POST', lower),
        secretOf,
        Date.now(),
        new NonceWindow(),
      );
      expect({ url: url.href, result }).toEqual({
        url: url.href,
        result: { ok: true, accessKeyId: ALIBABA.accessKeyId },
      });
    }
  });
});
