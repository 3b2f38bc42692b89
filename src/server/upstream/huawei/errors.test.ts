import { describe, expect, it } from 'vitest';
import { mapHuaweiError, parseHuaweiErrorBody } from './errors';

function response(status: number, body: string, headers: Record<string, string> = {}) {
  return { status, text: body, headers: new Headers(headers) };
}

describe('parseHuaweiErrorBody', () => {
  it('reads the shapes in the python SDK order, nested ones and SWR arrays', () => {
    const none = new Headers();
    expect(
      parseHuaweiErrorBody('{"error_code":"HSS.0001","error_msg":"bad","request_id":"r1"}', none),
    ).toEqual({
      code: 'HSS.0001',
      message: 'bad',
      requestId: 'r1',
    });
    expect(parseHuaweiErrorBody('{"errorCode":"X.1","errorMsg":"m"}', none)).toMatchObject({
      code: 'X.1',
      message: 'm',
    });
    expect(parseHuaweiErrorBody('{"code":"Y.2","message":"n"}', none)).toMatchObject({
      code: 'Y.2',
      message: 'n',
    });
    expect(parseHuaweiErrorBody('{"error":{"code":"Z.3","message":"nested"}}', none)).toMatchObject(
      {
        code: 'Z.3',
        message: 'nested',
      },
    );
    expect(
      parseHuaweiErrorBody(
        '[{"errorCode":"SVCSTG.SWR.4001048","errorMessage":"old","detail":""}]',
        none,
      ),
    ).toMatchObject({ code: 'SVCSTG.SWR.4001048', message: 'old' });
    // error_code wins over a nested errors array.
    expect(
      parseHuaweiErrorBody(
        '{"errors":[{"errorCode":"A","errorMessage":"a"}],"error_code":"SVCSTG.SWR.4030170","error_msg":"Insufficient permissions"}',
        none,
      ),
    ).toMatchObject({ code: 'SVCSTG.SWR.4030170' });
  });

  it('prefers the X-Request-Id header and survives a non-JSON body', () => {
    expect(
      parseHuaweiErrorBody(
        '{"error_code":"A","error_msg":"b","request_id":"body"}',
        new Headers({ 'X-Request-Id': 'hdr' }),
      ).requestId,
    ).toBe('hdr');
    expect(parseHuaweiErrorBody('<html>502 Bad Gateway</html>', new Headers())).toEqual({
      code: undefined,
      message: undefined,
      requestId: undefined,
    });
  });
});

describe('mapHuaweiError', () => {
  it('maps throttling by status or code, with Retry-After in seconds or as a date', () => {
    const bySeconds = mapHuaweiError(
      response(429, '{"error_code":"APIG.0308","error_msg":"x"}', { 'Retry-After': '5' }),
    );
    expect(bySeconds).toMatchObject({ status: 429, code: 'throttled', retryAfterMs: 5000 });
    const byCode = mapHuaweiError(response(400, '{"error_code":"APIGW.0308","error_msg":"x"}'));
    expect(byCode).toMatchObject({ status: 429, code: 'throttled', retryAfterMs: undefined });
    const date = new Date(Date.now() + 10_000).toUTCString();
    const byDate = mapHuaweiError(response(429, '', { 'Retry-After': date }));
    expect(byDate.retryAfterMs).toBeGreaterThan(8000);
    expect(byDate.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('maps refused credentials to 502 with a clear message', () => {
    for (const [status, code] of [
      [401, 'APIG.0301'],
      [403, 'APIG.0302'],
      [401, 'APIGW.0301'],
    ] as const) {
      const error = mapHuaweiError(
        response(status, JSON.stringify({ error_code: code, error_msg: 'no' })),
      );
      expect(error).toMatchObject({
        status: 502,
        code: 'upstream_error',
        upstream: { status, code },
      });
      expect(error.message).toMatch(/refused the credentials/);
    }
  });

  it('maps not-found forms to 404 and the missing-API form to 502', () => {
    expect(mapHuaweiError(response(400, '{"error_code":"HSS.0011","error_msg":"nf"}')).status).toBe(
      404,
    );
    expect(
      mapHuaweiError(response(404, '{"error_code":"SVCSTG.SWR.4040010","error_msg":"nf"}')).status,
    ).toBe(404);
    expect(mapHuaweiError(response(404, '')).status).toBe(404);
    expect(
      mapHuaweiError(
        response(404, '{"error_code":"APIG.0101","error_msg":"The API does not exist"}'),
      ).status,
    ).toBe(502);
  });

  it('maps other 4xx and 5xx to 502, keeping the upstream code and message', () => {
    expect(
      mapHuaweiError(response(400, '{"error_code":"HSS.0001","error_msg":"invalid parameter"}')),
    ).toMatchObject({
      status: 502,
      code: 'upstream_error',
      upstream: { status: 400, code: 'HSS.0001', message: 'invalid parameter' },
    });
    expect(
      mapHuaweiError(response(500, '{"error_code":"HSS.0041","error_msg":"internal"}')),
    ).toMatchObject({
      status: 502,
      upstream: { status: 500, code: 'HSS.0041' },
    });
  });

  it('redacts signatures, named secrets and overlong text from upstream messages', () => {
    const signature = 'a'.repeat(64);
    const error = mapHuaweiError(
      response(
        401,
        JSON.stringify({
          error_code: 'APIG.0301',
          error_msg: `sig ${signature} sk topsecret ${'x'.repeat(500)}`,
        }),
      ),
      ['topsecret'],
    );
    expect(error.upstream.message).not.toContain(signature);
    expect(error.upstream.message).not.toContain('topsecret');
    expect((error.upstream.message ?? '').length).toBeLessThanOrEqual(301);
  });
});
