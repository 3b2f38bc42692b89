import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RegistryImagesPageSchema } from '../shared/contracts';
import { ApiError, apiGet, apiGetAll, apiSend, buildUrl } from './api-client';
import { lazySchema } from './lazy-schema';

function stubFetch(response: Response) {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('buildUrl', () => {
  it('drops absent values', () => {
    expect(buildUrl('/api/x', { a: 1, b: undefined, c: null, d: 'x y' })).toBe('/api/x?a=1&d=x+y');
    expect(buildUrl('/api/x')).toBe('/api/x');
  });
});

describe('apiGet', () => {
  it('sends a same-origin GET with the parameters and parses the body with the schema', async () => {
    const fetchMock = stubFetch(
      jsonResponse(200, {
        total_num: 1,
        synced_at: null,
        data_list: [{ id: '9223372036854775807', image_name: 'nginx', image_size: 1000 }],
      }),
    );
    const page = await apiGet('/api/hss/registry-images', { limit: 20 }, RegistryImagesPageSchema);
    expect(page.data_list[0]?.id).toBe('9223372036854775807');
    expect(page.data_list[0]?.namespace).toBe('');
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/hss/registry-images?limit=20');
    expect(init?.credentials).toBe('same-origin');
  });

  it('turns the contract error body into an ApiError', async () => {
    stubFetch(
      jsonResponse(400, {
        error: {
          code: 'invalid_parameter',
          message: 'limit must be an integer from 1 to 200',
          field: 'limit',
          request_id: 'req-1',
        },
      }),
    );
    const error = await apiGet('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_parameter',
      field: 'limit',
      requestId: 'req-1',
      message: 'limit must be an integer from 1 to 200',
    });
  });

  it('keeps the upstream detail and flags 401 as unauthorized', async () => {
    stubFetch(
      jsonResponse(401, {
        error: {
          code: 'unauthorized',
          message: 'Sign in with the link printed by the server',
          upstream: { status: 401, code: 'APIGW.0301' },
        },
      }),
    );
    const error = (await apiGet('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.isUnauthorized).toBe(true);
    expect(error.upstream?.code).toBe('APIGW.0301');
  });

  it('falls back to the status and X-Request-Id for a body that is not the contract', async () => {
    stubFetch(
      new Response('<html>bad gateway</html>', { status: 502, headers: { 'x-request-id': 'r9' } }),
    );
    const error = (await apiGet('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'http_502', requestId: 'r9' });
  });

  it('refuses a success body of the wrong shape', async () => {
    stubFetch(jsonResponse(200, { total_num: 'many' }));
    const error = (await apiGet('/api/x', {}, z.object({ total_num: z.number() })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('total_num');
  });

  it('checks an answer with a lazily loaded schema, loaded when the answer arrives', async () => {
    const load = vi.fn(async () => z.object({ total_num: z.number() }));
    const schema = lazySchema(load);
    stubFetch(jsonResponse(200, { total_num: 3 }));
    expect(load).not.toHaveBeenCalled();
    await expect(apiGet('/api/x', {}, schema)).resolves.toEqual({ total_num: 3 });

    stubFetch(jsonResponse(200, { total_num: 'many' }));
    const error = (await apiGet('/api/x', {}, schema).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe(
      "The server's answer has an unexpected shape at total_num: Invalid input: expected number, received string",
    );
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server in words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    const error = (await apiGet('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('apiSend', () => {
  it('sends a same-origin JSON body and answers the JSON answer', async () => {
    const fetchMock = stubFetch(jsonResponse(201, { id: '7', name: 'High' }));
    const answer = await apiSend<{ id: string }>('POST', '/api/views', { name: 'High' });
    expect(answer.id).toBe('7');
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/views');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"name":"High"}');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(init?.credentials).toBe('same-origin');
  });

  it('answers undefined for 204 and an ApiError naming the field for a 400', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(apiSend('DELETE', '/api/views/7')).resolves.toBeUndefined();
    stubFetch(
      jsonResponse(400, {
        error: { code: 'invalid_parameter', message: 'name is taken', field: 'name' },
      }),
    );
    const error = await apiSend('PUT', '/api/views/7', { name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).field).toBe('name');
  });
});

describe('apiGetAll', () => {
  it("answers a collection route's items, passing the abort signal on", async () => {
    const fetchMock = stubFetch(jsonResponse(200, { data_list: [{ id: '1' }, { id: '2' }] }));
    const signal = new AbortController().signal;
    await expect(apiGetAll<{ id: string }>('/api/views', signal)).resolves.toEqual([
      { id: '1' },
      { id: '2' },
    ]);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/views');
    expect(init?.signal).toBe(signal);
  });
});
