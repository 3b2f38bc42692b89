import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetRegistry } from '../budget';
import { startFakeUpstream, type FakeUpstream } from '../../test-support/fake-upstream';
import type { HuaweiCredentials } from '../types';
import { verifyHuaweiSignature } from '../../test-support/verify-signatures';
import { createSwrClient } from './swr-client';

const CREDENTIALS: HuaweiCredentials = {
  ak: 'SWRAK',
  sk: 'swr-secret-key-value',
  projectId: 'p123',
  region: 'cn-north-4',
};

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});

function makeClient() {
  return createSwrClient({
    budgets: new BudgetRegistry({ defaultRate: { limit: 100, windowMs: 1000 } }),
    credentialId: 'swr-test',
    credentials: CREDENTIALS,
    endpoint: upstream.endpoint,
  });
}

describe('SWR client', () => {
  it('sends ShowRepository signed, with "/" in the repository as %2F, and normalises the body', async () => {
    upstream.reply = () => ({
      status: 200,
      headers: { 'X-Request-Id': 'swr-req' },
      body: '{"id": 9223372036854775807, "ns_id": 12, "name": "library/nginx", "size": "2048", "is_public": "true", "num_images": 3, "num_download": 10, "created": "2024-01-01T00:00:00Z"}',
    });
    const result = await makeClient().showRepository('team-a', 'library/nginx');
    const sent = upstream.requests.at(-1);
    if (!sent) throw new Error('nothing sent');
    expect(sent.method).toBe('GET');
    expect(sent.path).toBe('/v2/manage/namespaces/team-a/repos/library%2Fnginx');
    expect(sent.rawQuery).toBe('');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['x-project-id']).toBe('p123');
    expect(
      verifyHuaweiSignature(sent, (ak) => (ak === 'SWRAK' ? CREDENTIALS.sk : undefined)),
    ).toEqual({ ok: true, ak: 'SWRAK' });
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

  it('maps the bare-array SVCSTG.SWR.404 body to 404', async () => {
    upstream.reply = () => ({
      status: 404,
      body: '[{"errorCode":"SVCSTG.SWR.4040010","errorMessage":"Repository not found","detail":""}]',
    });
    await expect(makeClient().showRepository('team-a', 'missing')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      upstream: { status: 404, code: 'SVCSTG.SWR.4040010', message: 'Repository not found' },
    });
  });

  it('maps the current SWR 403 body to 502 with the upstream code', async () => {
    upstream.reply = () => ({
      status: 403,
      body: '{"errors":[{"errorCode":"SVCSTG.SWR.4030170","errorMessage":"Insufficient permissions","detail":""}],"error_code":"SVCSTG.SWR.4030170","error_msg":"Insufficient permissions"}',
    });
    await expect(makeClient().showRepository('team-a', 'nginx')).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
      upstream: { status: 403, code: 'SVCSTG.SWR.4030170' },
    });
  });
});
