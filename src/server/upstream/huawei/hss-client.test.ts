import { describe, expect, it } from 'vitest';
import {
  ListCicdImagesQuerySchema,
  ListRegistryImagesQuerySchema,
} from '../../../shared/contracts';
import { BudgetRegistry } from '../budget';
import {
  okReply,
  type CannedReply,
  queryOf,
  refusedEndpoint,
  useFakeUpstream,
  type FakeUpstream,
  type ReceivedRequest,
} from '../../test-support/fake-upstream';
import { UpstreamError, type HuaweiCredentials } from '../types';
import { expectSignedHuaweiRequest } from '../../test-support/huawei-signed';
import { createHssClient, type HssClient } from './hss-client';

const CREDENTIALS: HuaweiCredentials = {
  ak: 'HPUAEXAMPLEAK0000001',
  sk: 'Sk3cr3tV4lu3ThatMustNeverLeakAnywhere00',
  projectId: '0123456789abcdef0123456789abcdef',
  region: 'cn-north-4',
};

const EXAMPLE_003_BODY = `{
  "total_num" : 1,
  "data_list" : {
    "image_digest" : "sha256:cebcdacde18091448a5040dc55bb1a9f6540b093db8XXXXXX",
    "image_id" : "cebcdacde18091448a5040dc55bb1a9f6540b093db8XXXXXX",
    "image_name" : "centos7",
    "image_size" : "1,000 (bytes)",
    "image_type" : "cicd",
    "image_version" : "common",
    "latest_scan_time" : 1691748641788,
    "latest_update_time" : 1687664346000,
    "latest_version" : false,
    "malicious_file_num" : 0,
    "namespace" : "aaa",
    "scan_status" : "success",
    "unsafe_setting_num" : 1,
    "vul_num" : 111
  }
}`;

let upstream: FakeUpstream;
useFakeUpstream((started) => (upstream = started));

function makeClient(overrides: { timeoutMs?: number; maxRetries?: number } = {}) {
  const budgets = new BudgetRegistry({ defaultRate: { limit: 100, windowMs: 1000 } });
  const warnings: object[] = [];
  const client = createHssClient({
    budgets,
    credentialId: 'huawei-test',
    credentials: CREDENTIALS,
    endpoint: upstream.endpoint,
    logger: { warn: (obj) => warnings.push(obj) },
    ...overrides,
  });
  return { client, budgets, warnings };
}

function expectValidSignature(request: ReceivedRequest): void {
  expectSignedHuaweiRequest(request, CREDENTIALS);
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('HSS client: what it sends', () => {
  it('sends ListRegistryImages signed, with the parsed query and the project header', async () => {
    upstream.reply = okReply(
      '{"total_num": 1, "data_list": [{"id": 9223372036854775807, "image_name": "nginx", "image_size": 1024}]}',
      'req-registry-1',
    );
    const { client, budgets } = makeClient();
    // Sent as given: the query string the upstream receives holds these exactly.
    const params = {
      limit: '10',
      offset: '0',
      enterprise_project_id: 'all_granted_eps',
      image_type: 'private_image',
      has_vul: 'true',
      image_name: 'my image*',
      end_latest_scan_time: '9223372036854775807',
    };
    const query = ListRegistryImagesQuerySchema.parse(params);
    const result = await client.listRegistryImages(query);

    expect(upstream.requests).toHaveLength(1);
    const [sent] = upstream.requests;
    if (!sent) throw new Error('nothing sent');
    expect(sent.method).toBe('GET');
    expect(sent.path).toBe(`/v5/${CREDENTIALS.projectId}/image/registries/images`);
    expect(queryOf(sent)).toEqual(params);
    expect(sent.rawQuery).toContain('image_name=my%20image%2A');
    expect(sent.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent.headers.region).toBeUndefined();
    expect(sent.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expectValidSignature(sent);

    expect(result.status).toBe(200);
    expect(result.requestId).toBe('req-registry-1');
    expect(result.data.total_num).toBe(1);
    expect(result.data.data_list[0]?.id).toBe('9223372036854775807');
    expect(result.data.data_list[0]?.image_size).toBe(1024);
    expect(budgets.snapshot('huawei-test')['hss.ListRegistryImages']?.used).toBe(1);
  });

  it('normalises the 003 example body (data_list object, "1,000 (bytes)")', async () => {
    upstream.reply = okReply(EXAMPLE_003_BODY);
    const { client } = makeClient();
    const result = await client.listCicdImages(ListCicdImagesQuerySchema.parse({ limit: '10' }));
    const [sent] = upstream.requests;
    expect(sent?.path).toBe(`/v5/${CREDENTIALS.projectId}/image/cicd/images`);
    if (sent) expectValidSignature(sent);
    expect(result.data.total_num).toBe(1);
    expect(result.data.data_list).toHaveLength(1);
    expect(result.data.data_list[0]).toMatchObject({
      image_name: 'centos7',
      image_size: 1000,
      latest_scan_time: '1691748641788',
      vul_num: 111,
    });
  });

  it('sends ListImageBasicImage with the region header signed and the id in the path', async () => {
    upstream.reply = okReply(
      '{"total_num":1,"data_list":[{"os_name":"Debian","os_version":"12","layer_digest":"sha256:ab"}]}',
    );
    const { client } = makeClient();
    const result = await client.listImageBasicImage('sha256:abc-1', {
      image_type: 'cicd',
    });
    const [sent] = upstream.requests;
    if (!sent) throw new Error('nothing sent');
    expect(sent.path).toBe(`/v5/${CREDENTIALS.projectId}/image/sha256%3Aabc-1/basic-image`);
    expect(queryOf(sent)).toEqual({ image_type: 'cicd' });
    expect(sent.headers.region).toBe('cn-north-4');
    expect(sent.headers.authorization).toContain(
      'SignedHeaders=content-type;host;region;x-project-id;x-sdk-date',
    );
    expectValidSignature(sent);
    expect(result.data.data_list[0]?.os_name).toBe('Debian');
  });
});

/** A failure the client maps: the upstream's answer, the call, the error and the attempts made. */
interface FailureCase {
  name: string;
  reply: CannedReply;
  maxRetries?: number;
  call: (client: HssClient) => Promise<unknown>;
  error: object;
  /** The error's upstream part, exactly. */
  upstream?: object;
  attempts: number;
}

describe('HSS client: failures', () => {
  it('retries after a 429 with Retry-After, penalising the budget', async () => {
    upstream.reply = (_request, index) =>
      index === 0
        ? {
            status: 429,
            headers: { 'Retry-After': '1' },
            body: '{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute","request_id":"r429"}',
          }
        : { status: 200, body: '{"total_num":0,"data_list":[]}' };
    const { client, budgets, warnings } = makeClient();
    const result = await client.listRegistryImages({});
    expect(result.data.total_num).toBe(0);
    expect(upstream.requests).toHaveLength(2);
    const [first, second] = upstream.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    // Each attempt was signed afresh and drew its own token.
    if (second) expectValidSignature(second);
    const budget = budgets.get('huawei-test', 'hss.ListRegistryImages');
    expect(budget.throttled).toBe(1);
    expect(budget.status().used).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ status: 429, code: 'APIG.0308', request_id: 'r429' });
  });

  it.each<FailureCase>([
    {
      name: 'returns 429 throttled with retryAfterMs when retries are off',
      reply: {
        status: 429,
        headers: { 'Retry-After': '3' },
        body: '{"error_code":"APIG.0308","error_msg":"over ratelimit"}',
      },
      call: (client) => client.listRegistryImages({}, { noRetry: true }),
      error: { status: 429, code: 'throttled', retryAfterMs: 3000 },
      attempts: 1,
    },
    {
      name: 'maps HSS 400 HSS.0011 to 404 not_found, without retrying',
      reply: {
        status: 400,
        headers: { 'X-Request-Id': 'req-404' },
        body: '{"error_code":"HSS.0011","error_msg":"The resource does not exist."}',
      },
      call: (client) => client.listImageBasicImage('img-1', { image_type: 'cicd' }),
      error: { status: 404, code: 'not_found' },
      upstream: {
        status: 400,
        code: 'HSS.0011',
        message: 'The resource does not exist.',
        request_id: 'req-404',
      },
      attempts: 1,
    },
    {
      name: 'retries a 5xx and gives up with 502 after maxRetries',
      reply: { status: 503, body: '{"error_code":"APIG.0203","error_msg":"Backend timeout."}' },
      maxRetries: 1,
      call: (client) => client.listRegistryImages({}),
      error: { status: 502, code: 'upstream_error', upstream: { status: 503, code: 'APIG.0203' } },
      attempts: 2,
    },
  ])('$name', async ({ reply, maxRetries, call, error, upstream: exactUpstream, attempts }) => {
    upstream.reply = () => reply;
    const { client } = makeClient(maxRetries === undefined ? {} : { maxRetries });
    const failure = await rejection(call(client));
    expect(failure).toMatchObject(error);
    if (exactUpstream) expect(failure.upstream).toEqual(exactUpstream);
    expect(upstream.requests).toHaveLength(attempts);
  });

  it('maps APIG.0301 401 to 502 saying the credentials were refused, with no secret anywhere', async () => {
    // A hostile or chatty gateway echoing the signature and the secret must not leak them.
    upstream.reply = (request) => ({
      status: 401,
      body: JSON.stringify({
        error_code: 'APIG.0301',
        error_msg: `Incorrect IAM authentication information: verify aksk signature fail, ${String(request.headers.authorization)} sk=${CREDENTIALS.sk}`,
        request_id: 'req-401',
      }),
    });
    const { client } = makeClient();
    const error = await rejection(client.listRegistryImages({}));
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/refused the credentials/);
    expect(error.upstream.code).toBe('APIG.0301');
    expect(error.upstream.request_id).toBe('req-401');
    const signature = /Signature=([0-9a-f]{64})/.exec(
      String(upstream.requests[0]?.headers.authorization),
    )?.[1];
    expect(signature).toBeDefined();
    const everything = JSON.stringify({
      message: error.message,
      upstream: error.upstream,
      stack: error.stack,
    });
    expect(everything).not.toContain(CREDENTIALS.sk);
    expect(everything).not.toContain(signature ?? 'unreachable');
    expect(upstream.requests).toHaveLength(1);
  });

  it('times out with 504 upstream_timeout', async () => {
    upstream.reply = () => 'hang';
    const { client } = makeClient({ timeoutMs: 200 });
    // The upstream never answers: any answer at all is the client giving up on its own.
    const error = await rejection(client.listRegistryImages({}));
    expect(error).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });

  it('refuses malformed JSON and a body that is not an object as unreadable', async () => {
    const { client } = makeClient();
    upstream.reply = okReply('{"total_num": 1, "data_list": [');
    await expect(client.listRegistryImages({})).rejects.toMatchObject({
      status: 502,
      message: 'upstream sent an unreadable response',
    });
    upstream.reply = okReply('[1, 2]');
    await expect(client.listRegistryImages({})).rejects.toMatchObject({
      status: 502,
      message: 'upstream sent an unreadable response',
    });
  });

  it('skips a record without an id, and a bad association member, on their own, counted', async () => {
    const { client } = makeClient();
    upstream.reply = okReply(
      JSON.stringify({
        total_num: 3,
        data_list: [
          { image_name: 'no id' },
          { id: 2, image_name: 'multi', association_images: [{ id: 7 }, { image_name: 'x' }] },
          { id: 3, image_name: 'plain' },
        ],
      }),
    );
    const { data } = await client.listRegistryImages({});
    expect(data.data_list.map((image) => image.id)).toEqual(['2', '3']);
    expect(data.data_list[0]?.association_images.map((member) => member.id)).toEqual(['7']);
    expect(data).toMatchObject({ total_num: 3, skipped_records: 1, skipped_members: 1 });
  });

  it('reads a missing or unreadable total_num as null, never as 0', async () => {
    const { client } = makeClient();
    for (const body of ['{}', '{"total_num": "n/a", "data_list": []}', '{"data_list": []}']) {
      upstream.reply = okReply(body);
      expect((await client.listCicdImages({})).data.total_num).toBeNull();
    }
    upstream.reply = okReply('{"total_num": "1,000", "data_list": []}');
    expect((await client.listCicdImages({})).data.total_num).toBe(1000);
  });

  it('reports an unreachable endpoint as 502 after retrying', async () => {
    const budgets = new BudgetRegistry({ defaultRate: { limit: 100, windowMs: 1000 } });
    const client = createHssClient({
      budgets,
      credentialId: 'nowhere',
      credentials: CREDENTIALS,
      endpoint: await refusedEndpoint(),
      maxRetries: 1,
    });
    const error = await rejection(client.listCicdImages({}));
    expect(error).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(error.message).toMatch(/could not reach .*ECONNREFUSED/);
    expect(budgets.get('nowhere', 'hss.ListCicdImages').status().used).toBe(2);
  });

  it('stops waiting when the caller aborts', async () => {
    upstream.reply = () => 'hang';
    const { client } = makeClient();
    const controller = new AbortController();
    const pending = client.listRegistryImages({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
