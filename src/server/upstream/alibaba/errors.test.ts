import { describe, expect, it } from 'vitest';
import { isAlibabaFailureBody, mapAlibabaError } from './errors';

function response(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    headers: new Headers(headers),
  };
}

describe('mapAlibabaError', () => {
  it('maps Throttling.* to 429 whatever the HTTP status', () => {
    for (const status of [400, 429, 503]) {
      const error = mapAlibabaError(
        response(status, { Code: 'Throttling.User', Message: 'flow control', RequestId: 'r' }),
      );
      expect(error).toMatchObject({
        status: 429,
        code: 'throttled',
        upstream: { status, code: 'Throttling.User', request_id: 'r' },
      });
    }
    expect(mapAlibabaError(response(503, { Code: 'Throttling.Api', Message: 'x' }), []).code).toBe(
      'throttled',
    );
  });

  it('maps credential refusals to 502 with a credentials message', () => {
    for (const code of [
      'SignatureDoesNotMatch',
      'InvalidAccessKeyId.NotFound',
      'InvalidAccessKeyId.Inactive',
      'Forbidden.RAM',
      'NoPrivilege',
    ]) {
      const error = mapAlibabaError(response(403, { Code: code, Message: 'no' }));
      expect(error).toMatchObject({ status: 502, code: 'upstream_error', upstream: { code } });
      expect(error.message).toMatch(/refused the credentials/);
    }
  });

  it('maps not-found codes to 404 but a missing API to 502', () => {
    expect(mapAlibabaError(response(404, { Code: 'REPO_NOT_EXIST', Message: 'x' })).status).toBe(
      404,
    );
    expect(mapAlibabaError(response(404, { Code: 'Instance.NotFound', Message: 'x' })).status).toBe(
      404,
    );
    expect(
      mapAlibabaError(response(404, { Code: 'InvalidApi.NotFound', Message: 'x' })).status,
    ).toBe(502);
  });

  it('keeps Code, Message and RequestId (also from the XML-style Error element or the header)', () => {
    expect(
      mapAlibabaError(response(500, { Code: 'SystemError', Message: 'boom', RequestId: 'rid' })),
    ).toMatchObject({
      status: 502,
      upstream: { status: 500, code: 'SystemError', message: 'boom', request_id: 'rid' },
    });
    expect(
      mapAlibabaError(
        response(400, { Error: { Code: 'MissingInstanceId', Message: 'm', RequestId: 'x1' } }),
      ).upstream,
    ).toMatchObject({
      code: 'MissingInstanceId',
      request_id: 'x1',
    });
    expect(
      mapAlibabaError(response(502, 'gateway', { 'x-acs-request-id': 'h1' })).upstream,
    ).toEqual({
      status: 502,
      request_id: 'h1',
    });
  });

  it('recognises IsSuccess:false bodies', () => {
    expect(isAlibabaFailureBody({ IsSuccess: false, Code: 'X' })).toBe(true);
    expect(isAlibabaFailureBody({ IsSuccess: 'false' })).toBe(true);
    expect(isAlibabaFailureBody({ IsSuccess: true, Code: 'success' })).toBe(false);
    expect(isAlibabaFailureBody({ TotalCount: '1' })).toBe(false);
  });
});
