import { describe, expect, it } from 'vitest';
import { NonceWindow, verifyAcs3Signature } from '../../test-support/verify-signatures';
import { acs3CanonicalRequest, acs3StringToSign, rpcSignature, signAcs3Request } from './sign';
import {
  EMPTY_SHA256,
  LIST_REPO_TAG_VECTOR,
} from '../../../simulator/test-support/alibaba-vectors';

const V_A2 = LIST_REPO_TAG_VECTOR;
const EMPTY_HASH = EMPTY_SHA256;
const NONCE = V_A2.nonce;
const V_A2_URL = new URL(V_A2.url);
const CRED = { accessKeyId: V_A2.accessKeyId, accessKeySecret: V_A2.accessKeySecret };
const SIGNED_AT = new Date(V_A2.date);

function signVA2(): Record<string, string> {
  return signAcs3Request(
    {
      method: 'POST',
      url: V_A2_URL,
      headers: { accept: 'application/json', 'user-agent': 'imagewatch' },
      action: V_A2.action,
      version: V_A2.version,
    },
    CRED,
    SIGNED_AT,
    NONCE,
  );
}

function asReceived(headers: Record<string, string>, body = '') {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return {
    method: 'POST',
    path: V_A2_URL.pathname,
    rawQuery: V_A2_URL.search.slice(1),
    headers: lower,
    body,
  };
}

describe('V-A2, ACS3-HMAC-SHA256', () => {
  it('builds the documented canonical request', () => {
    const headers = signVA2();
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      pathname: '/',
      query: [...V_A2_URL.searchParams],
      headers,
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      payloadHash: EMPTY_HASH,
    });
    expect(canonical).toBe(
      [
        'POST',
        '/',
        V_A2.canonicalQuery,
        'host:cr.cn-hangzhou.aliyuncs.com',
        'x-acs-action:ListRepoTag',
        `x-acs-content-sha256:${EMPTY_HASH}`,
        'x-acs-date:2024-01-02T03:04:05Z',
        `x-acs-signature-nonce:${NONCE}`,
        'x-acs-version:2018-12-01',
        '',
        V_A2.signedHeaders,
        EMPTY_HASH,
      ].join('\n'),
    );
    expect(acs3StringToSign(canonical)).toBe(
      'ACS3-HMAC-SHA256\n7d0e101be9e14692f2d8d1f577beb0b796ccfccdea56adf245b382b44d738a8a',
    );
  });

  it('produces the documented Authorization (accept and user-agent not signed)', () => {
    expect(signVA2().Authorization).toBe(
      `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${V_A2.signedHeaders},Signature=${V_A2.signature}`,
    );
  });

  it('verifies, then refuses a wrong secret, a stale date, a tampered query and a reused nonce', () => {
    const received = asReceived(signVA2());
    const at = new Date('2024-01-02T03:10:00Z');
    const nonces = new NonceWindow();
    expect(verifyAcs3Signature(received, () => 'wrongsecret', at, nonces)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(
      verifyAcs3Signature(received, () => 'testsecret', new Date('2024-01-02T03:20:00Z'), nonces),
    ).toEqual({ ok: false, reason: 'stale_date' });
    expect(
      verifyAcs3Signature(
        { ...received, rawQuery: received.rawQuery.replace('PageSize=30', 'PageSize=100') },
        () => 'testsecret',
        at,
        nonces,
      ),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyAcs3Signature(received, () => undefined, at, nonces)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(verifyAcs3Signature(received, () => 'testsecret', at, nonces)).toEqual({
      ok: true,
      accessKeyId: 'testid',
    });
    expect(verifyAcs3Signature(received, () => 'testsecret', at, nonces)).toEqual({
      ok: false,
      reason: 'nonce_reused',
    });
  });

  it('refuses a body that does not match its signed hash, and malformed headers', () => {
    const received = asReceived(signVA2());
    const nonces = new NonceWindow();
    expect(
      verifyAcs3Signature({ ...received, body: 'a=1' }, () => 'testsecret', SIGNED_AT, nonces),
    ).toEqual({ ok: false, reason: 'bad_signature' });
    const { authorization: _removed, ...withoutAuth } = received.headers;
    expect(
      verifyAcs3Signature(
        { ...received, headers: withoutAuth },
        () => 'testsecret',
        SIGNED_AT,
        nonces,
      ),
    ).toEqual({ ok: false, reason: 'missing' });
    expect(
      verifyAcs3Signature(
        {
          ...received,
          headers: {
            ...received.headers,
            authorization:
              'ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=' + '0'.repeat(64),
          },
        },
        () => 'testsecret',
        SIGNED_AT,
        nonces,
      ),
    ).toEqual({ ok: false, reason: 'malformed' });
  });

  it('forgets nonces after the 15-minute window', () => {
    const nonces = new NonceWindow(1000);
    expect(nonces.firstUse('k', 0)).toBe(true);
    expect(nonces.firstUse('k', 500)).toBe(false);
    expect(nonces.firstUse('k', 1501)).toBe(true);
  });

  it('round-trips a request with a form body and a random nonce', () => {
    const url = new URL('http://127.0.0.1:9090/?InstanceId=cri-abc&RepoId=crr-def&PageNo=2');
    const body = 'X=a%20b';
    const headers = signAcs3Request(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        action: 'ListRepoTag',
        version: '2018-12-01',
      },
      CRED,
    );
    expect(headers.Authorization).toContain('SignedHeaders=content-type;host;');
    const result = verifyAcs3Signature(
      { method: 'POST', path: '/', rawQuery: url.search, headers, body },
      (id) => (id === 'testid' ? 'testsecret' : undefined),
    );
    expect(result).toEqual({ ok: true, accessKeyId: 'testid' });
  });
});

describe('V-A1, classic RPC HMAC-SHA1', () => {
  // The parameters as upstream-apis.md §D.2 states them.
  const params = Object.fromEntries(
    'Timestamp=2016-02-23T12:46:24Z, Format=XML, AccessKeyId=testid, Action=DescribeRegions, SignatureMethod=HMAC-SHA1, SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf, Version=2014-05-26, SignatureVersion=1.0'
      .split(', ')
      .map((pair) => pair.split('=') as [string, string]),
  );

  it('signs GET and POST as documented', () => {
    expect(rpcSignature(params, 'GET', 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(rpcSignature(params, 'POST', 'testsecret')).toBe('MxbnVAM4w6sft9xjVpe/GCKueuk=');
  });

  it('gives the old TimeStamp spelling its own documented signature, and differs with a wrong secret', () => {
    const { Timestamp, ...rest } = params;
    if (Timestamp === undefined) throw new Error('the vector has no Timestamp');
    expect(rpcSignature({ ...rest, TimeStamp: Timestamp }, 'GET', 'testsecret')).toBe(
      'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
    );
    expect(rpcSignature(params, 'GET', 'wrongsecret')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});
