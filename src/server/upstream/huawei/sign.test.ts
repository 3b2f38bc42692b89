import { describe, expect, it } from 'vitest';
import {
  formatSdkDate,
  huaweiCanonicalQuery,
  huaweiCanonicalRequest,
  huaweiStringToSign,
  parseSdkDate,
  sha256Hex,
  signHuaweiRequest,
} from './sign';
import { verifyHuaweiSignature } from '../../test-support/verify-signatures';

const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Turns what the signer produced into what a server receives. */
function asReceived(method: string, url: URL, headers: Record<string, string>, body = '') {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return { method, path: url.pathname, rawQuery: url.search.slice(1), headers: lower, body };
}

describe('V-H1, the Huawei doc example', () => {
  const url = new URL(
    'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  );
  const headers = {
    'Content-Type': 'application/json',
    Host: 'service.region.example.com',
    'X-Sdk-Date': '20191115T033655Z',
  };
  const cred = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };

  it('builds the documented canonical request and string to sign', () => {
    const canonical = huaweiCanonicalRequest({
      method: 'GET',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      headers: {
        'content-type': 'application/json',
        host: 'service.region.example.com',
        'x-sdk-date': '20191115T033655Z',
      },
      signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      payloadHash: EMPTY_HASH,
    });
    expect(canonical).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        EMPTY_HASH,
      ].join('\n'),
    );
    expect(huaweiStringToSign(canonical, '20191115T033655Z')).toBe(
      'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
    );
  });

  it('produces the documented Authorization header', () => {
    const signed = signHuaweiRequest({ method: 'GET', url, headers }, cred);
    expect(signed.Authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('verifies at the signing time and refuses a wrong secret, a stale date and a tampered query', () => {
    const signed = signHuaweiRequest({ method: 'GET', url, headers }, cred);
    const at = new Date('2019-11-15T03:40:00Z');
    const received = asReceived('GET', url, signed);
    expect(verifyHuaweiSignature(received, () => cred.sk, at)).toEqual({
      ok: true,
      ak: cred.ak,
    });
    expect(verifyHuaweiSignature(received, () => 'not-the-secret', at)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      verifyHuaweiSignature(received, () => cred.sk, new Date('2019-11-15T03:52:00Z')),
    ).toEqual({ ok: false, reason: 'stale_date' });
    expect(
      verifyHuaweiSignature({ ...received, rawQuery: 'limit=3&marker=x' }, () => cred.sk, at),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyHuaweiSignature(received, () => undefined, at)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
  });
});

describe('V-H2, the Go SDK unit test', () => {
  const cred = { ak: 'AccessKey', sk: 'SecretKey' };
  const getUrl = new URL('https://example.huaweicloud.com/path?limit=1');
  const getHeaders = { 'X-Sdk-Date': '20060102T150405Z', TEST_UNDERSCORE: 'ignored' };

  it('signs the GET as Go does (only x-sdk-date)', () => {
    const signed = signHuaweiRequest(
      { method: 'GET', url: getUrl, headers: getHeaders },
      cred,
      undefined,
      { signedHeaders: ['x-sdk-date'] },
    );
    expect(signed.Authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    );
    // The verifier follows the SignedHeaders list it is sent, so the Go-style request verifies.
    const received = asReceived('GET', getUrl, signed);
    expect(
      verifyHuaweiSignature(received, () => cred.sk, new Date('2006-01-02T15:04:05Z')).ok,
    ).toBe(true);
  });

  it('signs the POST with its body as Go does', () => {
    const url = new URL('https://example.huaweicloud.com/path?key=value');
    const body = '{"Name":"test","Id":1}\n';
    const signed = signHuaweiRequest(
      { method: 'POST', url, headers: { 'X-Sdk-Date': '20060102T150405Z' }, body },
      cred,
      undefined,
      { signedHeaders: ['x-sdk-date'] },
    );
    expect(signed.Authorization).toContain(
      'Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
    const received = asReceived('POST', url, signed, body);
    const at = new Date('2006-01-02T15:10:00Z');
    expect(verifyHuaweiSignature(received, () => cred.sk, at).ok).toBe(true);
    expect(
      verifyHuaweiSignature({ ...received, body: '{"Name":"evil","Id":1}\n' }, () => cred.sk, at),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('signs the GET as Node does (host added)', () => {
    const signed = signHuaweiRequest(
      {
        method: 'GET',
        url: getUrl,
        headers: {
          'X-Sdk-Date': '20060102T150405Z',
        },
      },
      cred,
    );
    expect(signed.host).toBe('example.huaweicloud.com');
    expect(signed.Authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=7eb88c06474c7197e670e0ae61651746453587eb5fad98074266578511cf3c01',
    );
  });
});

describe('V-H3, an HSS-shaped request', () => {
  it('matches the Node SDK signer', () => {
    const url = new URL(
      'https://hss.cn-north-4.myhuaweicloud.com/v5/0123456789abcdef0123456789abcdef/image/registries/images?offset=0&limit=10&enterprise_project_id=all_granted_eps&image_type=private_image',
    );
    const headers = {
      'X-Sdk-Date': '20240102T030405Z',
      'X-Project-Id': '0123456789abcdef0123456789abcdef',
      region: 'cn-north-4',
      'content-type': 'application/json',
    };
    expect(huaweiCanonicalQuery(url.search.slice(1))).toBe(
      'enterprise_project_id=all_granted_eps&image_type=private_image&limit=10&offset=0',
    );
    const signed = signHuaweiRequest(
      { method: 'GET', url, headers },
      { ak: 'AccessKey', sk: 'SecretKey' },
    );
    expect(signed.Authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;region;x-project-id;x-sdk-date, Signature=cf668cef0588fb35090cce129b88024d643e421b6b459fa24e6286a8a46428b5',
    );
    const canonical = huaweiCanonicalRequest({
      method: 'GET',
      path: url.pathname,
      rawQuery: url.search.slice(1),
      headers: {
        'x-sdk-date': '20240102T030405Z',
        'x-project-id': '0123456789abcdef0123456789abcdef',
        region: 'cn-north-4',
        'content-type': 'application/json',
        host: 'hss.cn-north-4.myhuaweicloud.com',
      },
      signedHeaders: ['content-type', 'host', 'region', 'x-project-id', 'x-sdk-date'],
      payloadHash: EMPTY_HASH,
    });
    expect(sha256Hex(canonical)).toBe(
      '5a2773270770025e739b2497899ef9f2127728bd8a6060e3f3903ddcda2c3cda',
    );
  });
});

describe('canonical pieces', () => {
  it('canonicalises the Go test query (decode, re-encode, sort, repeated keys sorted)', () => {
    const raw =
      'test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&path=%2Ftmp%2F123&multi=3&multi=1&multi=2&limit=1&enable=true';
    expect(huaweiCanonicalQuery(raw)).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
    // The same query sent with `+` for spaces and unescaped `*` canonicalises identically.
    expect(huaweiCanonicalQuery('test=%E4%B8%80+%28%26%3D%3F!%23%25.*%29')).toBe(
      'test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });

  it('formats and parses X-Sdk-Date', () => {
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.123Z'))).toBe('20191115T033655Z');
    expect(parseSdkDate('20191115T033655Z')?.toISOString()).toBe('2019-11-15T03:36:55.000Z');
    expect(parseSdkDate('20191315T033655Z')).toBeUndefined();
    expect(parseSdkDate('2019-11-15T03:36:55Z')).toBeUndefined();
  });

  it('adds X-Sdk-Date from the clock when it is missing', () => {
    const signed = signHuaweiRequest(
      { method: 'GET', url: new URL('http://127.0.0.1:9090/v5/p/image/cicd/images'), headers: {} },
      { ak: 'ak', sk: 'sk' },
      new Date('2024-01-02T03:04:05Z'),
    );
    expect(signed['X-Sdk-Date']).toBe('20240102T030405Z');
    expect(signed.host).toBe('127.0.0.1:9090');
    expect(signed.Authorization).toMatch(/SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
  });
});

describe('verifyHuaweiSignature refusals', () => {
  const url = new URL('http://127.0.0.1:9090/v2/manage/namespaces/ns/repos/a%2Fb?x=1');
  const now = new Date('2024-01-02T03:04:05Z');
  const signed = signHuaweiRequest(
    { method: 'GET', url, headers: { 'Content-Type': 'application/json' } },
    { ak: 'ak', sk: 'sk' },
    now,
  );
  const received = asReceived('GET', url, signed);
  const lookup = (ak: string) => (ak === 'ak' ? 'sk' : undefined);

  it('accepts an encoded slash in a path segment', () => {
    expect(verifyHuaweiSignature(received, lookup, now)).toEqual({ ok: true, ak: 'ak' });
  });

  it('reports a missing or malformed Authorization', () => {
    const { authorization: _removed, ...withoutAuth } = received.headers;
    expect(verifyHuaweiSignature({ ...received, headers: withoutAuth }, lookup, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(
      verifyHuaweiSignature(
        { ...received, headers: { ...received.headers, authorization: 'Basic abc' } },
        lookup,
        now,
      ),
    ).toEqual({ ok: false, reason: 'malformed' });
  });

  it('requires x-sdk-date among the signed headers', () => {
    const hostOnly = signHuaweiRequest(
      { method: 'GET', url, headers: { 'X-Sdk-Date': formatSdkDate(now) } },
      { ak: 'ak', sk: 'sk' },
      now,
      { signedHeaders: ['host'] },
    );
    expect(verifyHuaweiSignature(asReceived('GET', url, hostOnly), lookup, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses a changed path, method or signed header', () => {
    expect(
      verifyHuaweiSignature({ ...received, path: '/v2/manage/namespaces/ns/repos/c' }, lookup, now)
        .ok,
    ).toBe(false);
    expect(verifyHuaweiSignature({ ...received, method: 'DELETE' }, lookup, now).ok).toBe(false);
    expect(
      verifyHuaweiSignature(
        { ...received, headers: { ...received.headers, 'content-type': 'text/plain' } },
        lookup,
        now,
      ),
    ).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('V-H4, an SWR repository name containing "/"', () => {
  // Computed with the vendor's Node SDK (@huaweicloud/huaweicloud-sdk-core 3.1.211,
  // AKSKSigner.sign), the path built as HcClient.buildRequest builds it: path parameters
  // replaced as they are, so "library/nginx" is two segments of the canonical URI. The Go SDK
  // (fillParamsInPath, CanonicalURI) does the same; the Python SDK sends "library%2Fnginx" and
  // unquotes the path before splitting it, which gives the same canonical URI. This client sends
  // %2F as Python does (one path segment on the wire) and signs what all three sign.
  const SDK_AUTHORIZATION =
    'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=45629024a6ada507e320c29cd2f9ea5e26c40d056c66a92652b90df1d16c8e76';
  const headers = {
    'X-Sdk-Date': '20240102T030405Z',
    'content-type': 'application/json',
    'X-Project-Id': '0123456789abcdef0123456789abcdef',
  };
  const cred = { ak: 'AccessKey', sk: 'SecretKey' };
  const base = 'https://swr-api.cn-north-4.myhuaweicloud.com/v2/manage/namespaces/team__a/repos';

  it('signs library%2Fnginx as the vendor SDKs sign library/nginx', () => {
    const url = new URL(`${base}/library%2Fnginx`);
    expect(signHuaweiRequest({ method: 'GET', url, headers }, cred).Authorization).toBe(
      SDK_AUTHORIZATION,
    );
  });

  it('verifies the request either way it travels: %2F (Python SDK) or "/" (Go and Node SDKs)', () => {
    const lookup = (ak: string) => (ak === 'AccessKey' ? 'SecretKey' : undefined);
    const now = new Date('2024-01-02T03:04:05Z');
    for (const path of ['library%2Fnginx', 'library/nginx']) {
      const url = new URL(`${base}/${path}`);
      const received = asReceived('GET', url, {
        ...headers,
        host: 'swr-api.cn-north-4.myhuaweicloud.com',
        Authorization: SDK_AUTHORIZATION,
      });
      expect(verifyHuaweiSignature(received, lookup, now), path).toEqual({
        ok: true,
        ak: 'AccessKey',
      });
    }
  });
});
