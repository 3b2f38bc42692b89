import { describe, expect, it } from 'vitest';
import { BudgetRegistry } from '../budget';
import {
  lastRequest,
  okReply,
  useFakeUpstream,
  type FakeUpstream,
} from '../../test-support/fake-upstream';
import { expectSignedHuaweiRequest } from '../../test-support/huawei-signed';
import type { HuaweiCredentials } from '../types';
import { createSwrClient } from './swr-client';

const CREDENTIALS: HuaweiCredentials = {
  ak: 'SWRAK',
  sk: 'swr-secret-key-value',
  projectId: 'p123',
  region: 'cn-north-4',
};

let upstream: FakeUpstream;
useFakeUpstream((started) => (upstream = started));

function makeClient() {
  return createSwrClient({
    budgets: new BudgetRegistry({ defaultRate: { limit: 100, windowMs: 1000 } }),
    credentialId: 'swr-test',
    credentials: CREDENTIALS,
    endpoint: upstream.endpoint,
  });
}

const REPOSITORY_BODY =
  '{"id": 9223372036854775807, "ns_id": 12, "name": "library/nginx", "size": "2048", "is_public": "true", "num_images": 3, "num_download": 10, "created": "2024-01-01T00:00:00Z"}';

describe('SWR client', () => {
  it('sends ShowRepository signed, with "/" in the repository as %2F, and normalises the body', async () => {
    upstream.reply = okReply(REPOSITORY_BODY, 'swr-req');
    const result = await makeClient().showRepository('team-a', 'library/nginx');
    const sent = lastRequest(upstream);
    expect(sent.method).toBe('GET');
    expect(sent.path).toBe('/v2/manage/namespaces/team-a/repos/library%2Fnginx');
    expect(sent.rawQuery).toBe('');
    expectSignedHuaweiRequest(sent, CREDENTIALS);
    expect(result.requestId).toBe('swr-req');
    expect(result.data).toMatchObject({
      id: '9223372036854775807',
      ns_id: '12',
      name: 'library/nginx',
      size: 2048,
      is_public: true,
      num_images: 3,
    });
  });

  it.each([
    {
      answer: 'the bare-array SVCSTG.SWR.404 body',
      reply: {
        status: 404,
        body: '[{"errorCode":"SVCSTG.SWR.4040010","errorMessage":"Repository not found","detail":""}]',
      },
      repository: 'missing',
      error: {
        status: 404,
        code: 'not_found',
        upstream: { status: 404, code: 'SVCSTG.SWR.4040010', message: 'Repository not found' },
      },
    },
    {
      answer: 'the current SWR 403 body',
      reply: {
        status: 403,
        body: '{"errors":[{"errorCode":"SVCSTG.SWR.4030170","errorMessage":"Insufficient permissions","detail":""}],"error_code":"SVCSTG.SWR.4030170","error_msg":"Insufficient permissions"}',
      },
      repository: 'nginx',
      error: {
        status: 502,
        code: 'upstream_error',
        upstream: { status: 403, code: 'SVCSTG.SWR.4030170' },
      },
    },
  ])('maps $answer to $error.status $error.code', async ({ reply, repository, error }) => {
    upstream.reply = () => reply;
    await expect(makeClient().showRepository('team-a', repository)).rejects.toMatchObject(error);
  });
});
