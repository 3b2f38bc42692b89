import { describe, expect, it } from 'vitest';
import { parseRetryAfter, sendUpstream } from './http';
import { refusedEndpoint, useFakeUpstream, type FakeUpstream } from '../test-support/fake-upstream';

let upstream: FakeUpstream;
useFakeUpstream((started) => (upstream = started));

const base = { method: 'GET' as const, headers: {}, timeoutMs: 2000, maxBodyBytes: 1024 };

describe('sendUpstream', () => {
  it('returns status, headers and text, and sends the headers given (host from the URL)', async () => {
    upstream.reply = () => ({ status: 418, headers: { 'X-Request-Id': 'abc' }, body: '{"ok":1}' });
    const result = await sendUpstream({
      ...base,
      url: new URL(`${upstream.endpoint}/a%2Fb?x=1`),
      headers: { host: 'ignored.example', 'X-Custom': 'v' },
    });
    expect(result.status).toBe(418);
    expect(result.headers.get('x-request-id')).toBe('abc');
    expect(result.text).toBe('{"ok":1}');
    const sent = upstream.requests.at(-1);
    expect(sent?.path).toBe('/a%2Fb');
    expect(sent?.headers.host).toBe(new URL(upstream.endpoint).host);
    expect(sent?.headers['x-custom']).toBe('v');
  });

  it('sends a POST body', async () => {
    upstream.reply = () => ({ status: 200, body: '' });
    await sendUpstream({ ...base, method: 'POST', url: new URL(upstream.endpoint), body: 'a=1' });
    expect(upstream.requests.at(-1)).toMatchObject({ method: 'POST', body: 'a=1' });
  });

  it('refuses a body past the size cap, declared or streamed', async () => {
    upstream.reply = () => ({ status: 200, body: 'x'.repeat(2048) });
    await expect(sendUpstream({ ...base, url: new URL(upstream.endpoint) })).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: 'upstream response is larger than 1024 bytes',
    });
    upstream.reply = () => ({
      status: 200,
      headers: { 'Transfer-Encoding': 'chunked' },
      body: 'y'.repeat(5000),
    });
    await expect(sendUpstream({ ...base, url: new URL(upstream.endpoint) })).rejects.toMatchObject({
      status: 502,
    });
  });

  it('times out with 504 and reports a refused connection as 502', async () => {
    const refused = await refusedEndpoint();
    upstream.reply = () => 'hang';
    await expect(
      sendUpstream({ ...base, timeoutMs: 100, url: new URL(upstream.endpoint) }),
    ).rejects.toMatchObject({
      status: 504,
      code: 'upstream_timeout',
    });
    await expect(sendUpstream({ ...base, url: new URL(refused) })).rejects.toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: expect.stringMatching(
        /could not reach the upstream at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      ),
    });
  });

  it("rethrows the caller's abort reason", async () => {
    upstream.reply = () => 'hang';
    const controller = new AbortController();
    const pending = sendUpstream({
      ...base,
      url: new URL(upstream.endpoint),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-02T03:04:05Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Tue, 02 Jan 2024 03:04:15 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 02 Jan 2024 03:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
