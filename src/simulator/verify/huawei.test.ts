// The simulator's Huawei verifier against vectors the vendor published, not against the BFF's
// signer (src/server/upstream/signature-agreement.test.ts compares the two).
import { describe, expect, it } from 'vitest';
import {
  huaweiCanonicalQuery,
  huaweiCanonicalRequest,
  huaweiSignature,
  verifyHuaweiRequest,
} from './huawei';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function authorization(ak: string, signedHeaders: string, signature: string): string {
  return `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

// Huawei Cloud "API Request Signing Guide", the worked example of api-sign-algorithm-002…005
// (support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm-002.html ff.).
describe('the Huawei signing guide example', () => {
  const ak = 'QTWAOYTTINDUT2QVKYUC';
  const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
  const signedAt = Date.UTC(2019, 10, 15, 3, 36, 55);
  const request = {
    method: 'GET',
    path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
    rawQuery: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    body: '',
  };
  const headers = {
    'content-type': 'application/json',
    host: 'service.region.example.com',
    'x-sdk-date': '20191115T033655Z',
  };
  const signature = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';

  it('builds the published canonical request', () => {
    const signedHeaders = ['content-type', 'host', 'x-sdk-date'];
    expect(huaweiCanonicalRequest({ ...request, headers, signedHeaders })).toBe(
      'GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n' +
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n' +
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n' +
        `content-type;host;x-sdk-date\n${EMPTY_SHA256}`,
    );
    expect(huaweiSignature({ ...request, headers, signedHeaders }, '20191115T033655Z', sk)).toBe(
      signature,
    );
  });

  it('accepts the published Authorization and refuses it altered, late or unknown', () => {
    const signed = {
      ...request,
      headers: {
        ...headers,
        authorization: authorization(ak, 'content-type;host;x-sdk-date', signature),
      },
    };
    const secretOf = (key: string) => (key === ak ? sk : undefined);
    expect(verifyHuaweiRequest(signed, secretOf, signedAt + 60_000)).toEqual({ ok: true, ak });
    expect(verifyHuaweiRequest({ ...signed, rawQuery: 'limit=3' }, secretOf, signedAt)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyHuaweiRequest(signed, secretOf, signedAt + 16 * 60_000)).toEqual({
      ok: false,
      reason: 'stale_date',
    });
    expect(verifyHuaweiRequest(signed, () => undefined, signedAt)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(verifyHuaweiRequest({ ...request, headers }, secretOf, signedAt)).toEqual({
      ok: false,
      reason: 'missing',
    });
  });
});

// huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go (the values as upstream-apis.md §A.6
// V-H2 records them): AK "AccessKey", SK "SecretKey", X-Sdk-Date 20060102T150405Z.
describe('the Go SDK signer test', () => {
  const secretOf = (ak: string) => (ak === 'AccessKey' ? 'SecretKey' : undefined);
  const at = Date.UTC(2006, 0, 2, 15, 4, 5);
  const base = { path: '/path', headers: { 'x-sdk-date': '20060102T150405Z' } };

  it.each([
    [
      'GET',
      'limit=1',
      '',
      'x-sdk-date',
      {},
      '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    ],
    [
      'POST',
      'key=value',
      '{"Name":"test","Id":1}\n',
      'x-sdk-date',
      {},
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    ],
    // The same GET as the Node SDK signs it, with host added.
    [
      'GET',
      'limit=1',
      '',
      'host;x-sdk-date',
      { host: 'example.huaweicloud.com' },
      '7eb88c06474c7197e670e0ae61651746453587eb5fad98074266578511cf3c01',
    ],
  ])('accepts %s ?%s signed as %s', (method, rawQuery, body, signedHeaders, extra, signature) => {
    const headers = {
      ...base.headers,
      ...extra,
      // Not signed: the Go SDK skips names with "_".
      test_underscore: 'ignored',
      authorization: authorization('AccessKey', signedHeaders, signature),
    };
    const request = { method, path: base.path, rawQuery, body, headers };
    expect(verifyHuaweiRequest(request, secretOf, at)).toEqual({ ok: true, ak: 'AccessKey' });
    expect(verifyHuaweiRequest({ ...request, body: `${body} ` }, secretOf, at).ok).toBe(false);
  });

  it('canonicalises the Go test query: decoded, encoded again, sorted, repeated keys by value', () => {
    // The pairs of the Go test, sent in another order and spelled another way (`+`, `%2f`).
    const sent =
      'test=%E4%B8%80+%28%26%3D%3F%21%23%25.*%29&multi=3&path=%2ftmp%2F123&multi=1&limit=1&enable=true&multi=2';
    expect(huaweiCanonicalQuery(sent)).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });
});
