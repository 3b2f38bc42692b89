import { describe, expect, it } from 'vitest';
import { BudgetRegistry } from '../budget';
import {
  queryOf,
  useFakeUpstream,
  type FakeUpstream,
  type ReceivedRequest,
} from '../../test-support/fake-upstream';
import type { AlibabaCredentials } from '../types';
import { createAcrClient } from './acr-client';
import { NonceWindow, verifyAcs3Signature } from '../../test-support/verify-signatures';

const CREDENTIALS: AlibabaCredentials = {
  accessKeyId: 'LTAIexampleKeyId',
  accessKeySecret: 'AcrS3cretThatMustNeverLeak',
  regionId: 'cn-hangzhou',
};

const TAGS_BODY = `{"Code":"success","IsSuccess":true,"RequestId":"ali-req-1","PageNo":1,"PageSize":30,"TotalCount":"2",
 "Images":[{"Tag":"1.25","Digest":"sha256:aa","ImageId":"img1","ImageSize":1024,"ImageCreate":"1700000000000","ImageUpdate":1700000001000,"Status":"NORMAL"},
           {"Tag":"latest","Digest":"sha256:bb","ImageId":"img2","ImageSize":2048,"ImageCreate":"1700000002000","ImageUpdate":"1700000003000","Status":"NORMAL"}]}`;

let upstream: FakeUpstream;
useFakeUpstream((started) => (upstream = started));

function makeClient() {
  const budgets = new BudgetRegistry({ defaultRate: { limit: 100, windowMs: 1000 } });
  const client = createAcrClient({
    budgets,
    credentialId: 'ali-test',
    credentials: CREDENTIALS,
    endpoint: upstream.endpoint,
  });
  return { client, budgets };
}

function verify(request: ReceivedRequest) {
  return verifyAcs3Signature(
    request,
    (id) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS.accessKeySecret : undefined),
    new Date(),
    new NonceWindow(),
  );
}

const QUERY = {
  InstanceId: 'cri-abc123',
  RepoId: 'crr-def456',
  PageNo: 1,
  PageSize: 30,
  RegionId: 'cn-hangzhou',
};

describe('ACR client', () => {
  it('sends ListRepoTag as POST / with the query, x-acs headers and a valid ACS3 signature', async () => {
    upstream.reply = () => ({ status: 200, body: TAGS_BODY });
    const { client, budgets } = makeClient();
    const result = await client.listRepoTag(QUERY);
    const [sent] = upstream.requests;
    if (!sent) throw new Error('nothing sent');
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/');
    expect(sent.body).toBe('');
    // RegionId is sent: seed 004 marks it required.
    expect(queryOf(sent)).toEqual({
      InstanceId: 'cri-abc123',
      RepoId: 'crr-def456',
      PageNo: '1',
      PageSize: '30',
      RegionId: 'cn-hangzhou',
    });
    expect(sent.headers['x-acs-action']).toBe('ListRepoTag');
    expect(sent.headers['x-acs-version']).toBe('2018-12-01');
    expect(sent.headers['x-acs-date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(sent.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAIexampleKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );
    expect(verify(sent)).toEqual({ ok: true, accessKeyId: CREDENTIALS.accessKeyId });
    expect(result.requestId).toBe('ali-req-1');
    expect(result.data.TotalCount).toBe(2);
    expect(result.data.Images.map((image) => image.Tag)).toEqual(['1.25', 'latest']);
    expect(result.data.Images[0]?.ImageCreate).toBe(1700000000000);
    expect(budgets.snapshot('ali-test')['acr.ListRepoTag']?.used).toBe(1);
  });

  it('sends ListRepository with its own action', async () => {
    upstream.reply = () => ({
      status: 200,
      body: '{"Code":"success","IsSuccess":true,"RequestId":"r2","TotalCount":"1","Repositories":[{"RepoId":"crr-1","RepoName":"web","RepoNamespaceName":"team"}]}',
    });
    const { client } = makeClient();
    const result = await client.listRepository({
      InstanceId: 'cri-abc123',
      RepoStatus: 'ALL',
      RegionId: 'cn-hangzhou',
    });
    const [sent] = upstream.requests;
    expect(sent?.headers['x-acs-action']).toBe('ListRepository');
    if (sent) {
      expect(queryOf(sent)).toEqual({
        InstanceId: 'cri-abc123',
        RepoStatus: 'ALL',
        RegionId: 'cn-hangzhou',
      });
      expect(verify(sent).ok).toBe(true);
    }
    expect(result.data.Repositories[0]?.RepoName).toBe('web');
  });

  it('treats IsSuccess:false with HTTP 200 as an error', async () => {
    upstream.reply = () => ({
      status: 200,
      body: '{"Code":"REPO_NOT_EXIST","IsSuccess":false,"RequestId":"r-missing","Message":"repo not exist"}',
    });
    const { client } = makeClient();
    await expect(client.listRepoTag(QUERY)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      upstream: { status: 200, code: 'REPO_NOT_EXIST', request_id: 'r-missing' },
    });
    upstream.reply = () => ({
      status: 200,
      body: '{"Code":"INSTANCE_STATUS_ERROR","IsSuccess":false,"RequestId":"r-bad"}',
    });
    await expect(client.listRepoTag(QUERY)).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
    });
  });

  it('retries Throttling.User (HTTP 400) and succeeds', async () => {
    upstream.reply = (_request, index) =>
      index === 0
        ? {
            status: 400,
            body: '{"RequestId":"t1","HostId":"cr.cn-hangzhou.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control."}',
          }
        : { status: 200, body: TAGS_BODY };
    const { client, budgets } = makeClient();
    const result = await client.listRepoTag(QUERY);
    expect(result.data.Images).toHaveLength(2);
    expect(upstream.requests).toHaveLength(2);
    expect(budgets.get('ali-test', 'acr.ListRepoTag').throttled).toBe(1);
    // A retry is a new request with its own nonce.
    expect(upstream.requests[0]?.headers['x-acs-signature-nonce']).not.toBe(
      upstream.requests[1]?.headers['x-acs-signature-nonce'],
    );
  });

  it('maps SignatureDoesNotMatch to 502 about credentials, leaking nothing', async () => {
    upstream.reply = (request) => ({
      status: 400,
      body: JSON.stringify({
        RequestId: 'sig',
        Code: 'SignatureDoesNotMatch',
        Message: `Specified signature is not matched with our calculation. server string to sign is:${String(request.headers.authorization)}`,
        Recommend: 'https://next.api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch',
      }),
    });
    const { client } = makeClient();
    const error: unknown = await client.listRepoTag(QUERY).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 502,
      code: 'upstream_error',
      upstream: { code: 'SignatureDoesNotMatch' },
    });
    expect(String((error as Error).message)).toMatch(/refused the credentials/);
    const signature = /Signature=([0-9a-f]{64})/.exec(
      String(upstream.requests[0]?.headers.authorization),
    )?.[1];
    const text = JSON.stringify(error) + String((error as Error).message);
    expect(text).not.toContain(signature ?? 'unreachable');
    expect(text).not.toContain(CREDENTIALS.accessKeySecret);
    expect(upstream.requests).toHaveLength(1);
  });
});
