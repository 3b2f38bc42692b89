// The simulator's Alibaba verifier against vectors the vendor published, not against the BFF's
// signer (src/server/upstream/signature-agreement.test.ts compares the two).
import { describe, expect, it } from 'vitest';
import {
  NonceWindow,
  alibabaCanonicalQuery,
  alibabaCanonicalRequest,
  alibabaSignature,
  verifyAlibabaRequest,
} from './alibaba';
import { EMPTY_SHA256, LIST_REPO_TAG_VECTOR } from '../test-support/alibaba-vectors';

const SIGNED = LIST_REPO_TAG_VECTOR.signedHeaders;

function authorization(accessKeyId: string, signature: string): string {
  return `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${SIGNED},Signature=${signature}`;
}

function runInstances(date: string, nonce: string) {
  return {
    method: 'POST',
    path: '/',
    rawQuery: 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
    body: '',
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': date,
      'x-acs-signature-nonce': nonce,
      'x-acs-content-sha256': EMPTY_SHA256,
    },
  };
}

const docSecretOf = (id: string) => (id === 'YourAccessKeyId' ? 'YourAccessKeySecret' : undefined);

// Alibaba Cloud "V3 request structure and signature", the signature example with fixed values
// (help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature; the same page at
// help.aliyun.com/zh/resource-management/common-parameters): RunInstances in cn-shanghai.
describe('the Alibaba V3 signature example', () => {
  const request = runInstances('2023-10-26T10:22:32Z', '3156853299f313e23d1673dc12e1703d');
  const signedAt = Date.UTC(2023, 9, 26, 10, 22, 32);
  const signature = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';

  it('builds the published canonical request and signature', () => {
    const input = { ...request, signedHeaders: SIGNED.split(';') };
    expect(alibabaCanonicalRequest(input)).toBe(
      'POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n' +
        'host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n' +
        `x-acs-content-sha256:${EMPTY_SHA256}\nx-acs-date:2023-10-26T10:22:32Z\n` +
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n' +
        `${SIGNED}\n${EMPTY_SHA256}`,
    );
    expect(alibabaSignature(input, 'YourAccessKeySecret')).toBe(signature);
  });

  it('accepts the published Authorization once, then refuses the replay', () => {
    const signed = {
      ...request,
      headers: { ...request.headers, authorization: authorization('YourAccessKeyId', signature) },
    };
    const nonces = new NonceWindow();
    expect(verifyAlibabaRequest(signed, docSecretOf, signedAt, nonces)).toEqual({
      ok: true,
      accessKeyId: 'YourAccessKeyId',
    });
    expect(verifyAlibabaRequest(signed, docSecretOf, signedAt, nonces)).toEqual({
      ok: false,
      reason: 'nonce_reused',
    });
    const fresh = new NonceWindow();
    expect(
      verifyAlibabaRequest(
        { ...signed, rawQuery: 'RegionId=cn-hangzhou' },
        docSecretOf,
        signedAt,
        fresh,
      ),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyAlibabaRequest({ ...signed, body: 'x' }, docSecretOf, signedAt, fresh)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyAlibabaRequest(signed, docSecretOf, signedAt + 16 * 60_000, fresh)).toEqual({
      ok: false,
      reason: 'stale_date',
    });
  });
});

// The Authorization example in the request-header table of the same V3 pages (x-acs-date
// 2023-10-26T09:01:01Z, nonce d410180a5abf7fe235dd9b74aca91fc0), e.g.
// help.aliyun.com/zh/model-studio/user-guide/roa-style-request-body-signature-mechanism.
it('accepts the header-table example of the V3 pages', () => {
  const request = runInstances('2023-10-26T09:01:01Z', 'd410180a5abf7fe235dd9b74aca91fc0');
  const signature = 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804';
  const signed = {
    ...request,
    headers: { ...request.headers, authorization: authorization('YourAccessKeyId', signature) },
  };
  expect(
    verifyAlibabaRequest(signed, docSecretOf, Date.UTC(2023, 9, 26, 9, 1, 1), new NonceWindow()).ok,
  ).toBe(true);
});

// ListRepoTag as the official @alicloud/openapi-util getAuthorization signs it (upstream-apis.md
// §D.3 V-A2): `*` in a value is encoded as %2A; accept and user-agent are sent but not signed.
it('accepts the ListRepoTag vector of the official SDK signer', () => {
  const vector = LIST_REPO_TAG_VECTOR;
  const url = new URL(vector.url);
  const request = {
    method: 'POST',
    path: url.pathname,
    rawQuery: url.search.slice(1),
    body: '',
    headers: {
      accept: 'application/json',
      'user-agent': 'imagewatch',
      host: url.host,
      'x-acs-action': vector.action,
      'x-acs-version': vector.version,
      'x-acs-date': vector.date,
      'x-acs-signature-nonce': vector.nonce,
      'x-acs-content-sha256': EMPTY_SHA256,
      authorization: authorization(vector.accessKeyId, vector.signature),
    },
  };
  expect(alibabaCanonicalQuery(request.rawQuery)).toBe(vector.canonicalQuery);
  const secretOf = (id: string) => (id === vector.accessKeyId ? vector.accessKeySecret : undefined);
  const at = Date.parse(vector.date);
  expect(verifyAlibabaRequest(request, secretOf, at, new NonceWindow())).toEqual({
    ok: true,
    accessKeyId: 'testid',
  });
});
