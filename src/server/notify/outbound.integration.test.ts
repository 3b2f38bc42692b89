// The outbound guard against real loopback receivers: what is refused before any connection, and
// how redirects, oversize or slow answers and Retry-After are handled.
import type { LookupAddress } from 'node:dns';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
} from '../test-support/notify-receiver';
import { selfSignedCertificate, type TestCertificate } from '../test-support/test-certificate';
import {
  OUTBOUND_MAX_ANSWER_BYTES,
  OUTBOUND_MAX_REQUEST_BYTES,
  OutboundError,
  parseRetryAfter,
  postOutbound,
  type OutboundPost,
} from './outbound';

const receiver = receiversClosedAfterEach();

const okReceiver = (): Promise<NotifyReceiver> =>
  receiver((_request, response) => answerJson(response, { ok: true }));

function post(url: string, extra: Partial<OutboundPost> = {}): ReturnType<typeof postOutbound> {
  return postOutbound({ url, body: '{}', headers: {}, allowPrivate: false, ...extra });
}

/** A post to a test receiver on loopback (NOTIFY_ALLOW_PRIVATE, as the tests run). */
const postTo = (listening: NotifyReceiver, extra: Partial<OutboundPost> = {}) =>
  post(`${listening.origin}/hook`, { allowPrivate: true, ...extra });

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('the outbound guard refuses before connecting', () => {
  it('http: without NOTIFY_ALLOW_PRIVATE', async () => {
    const error = await refusal(post('http://example.com/hook'));
    expect(error.reason).toBe('only https channel URLs are allowed');
    expect(error.retryable).toBe(false);
  });

  it.each(['ftp://example.com/hook', 'file:///etc/passwd', 'not a url'])('%s', async (url) => {
    const error = await refusal(post(url, { allowPrivate: true }));
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://10.20.30.40/hook', 'private'],
    ['https://172.16.5.4/hook', 'private'],
    ['https://192.168.1.10/hook', 'private'],
    ['https://100.64.1.1/hook', 'private'],
    ['https://[fd12::1]/hook', 'private'],
    ['https://169.254.10.10/hook', 'link-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://224.0.0.251/hook', 'multicast'],
    ['https://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['https://100.100.100.200/latest/meta-data/', 'cloud metadata'],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'cloud metadata'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
  ])('%s (%s)', async (url, kind) => {
    const error = await refusal(post(url));
    expect(error.reason).toBe(
      `the channel host resolves to a ${kind} address, which notifications may not reach`,
    );
    expect(error.retryable).toBe(false);
  });

  it('a host name that resolves to 127.0.0.1, even with a receiver listening there', async () => {
    const listening = await okReceiver();
    const resolveHost = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];
    const error = await refusal(
      post(`https://hooks.example.com:${listening.port}/hook`, { resolveHost }),
    );
    expect(error.reason).toContain('loopback');
    const systemResolved = await refusal(post(`https://localhost:${listening.port}/hook`));
    expect(systemResolved.reason).toContain('loopback');
    expect(listening.requests).toHaveLength(0);
  });

  it('a host name with one public and one private address', async () => {
    const resolveHost = async (): Promise<LookupAddress[]> => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const error = await refusal(post('https://hooks.example.com/hook', { resolveHost }));
    expect(error.reason).toContain('private');
  });

  it('a host name whose resolution does not come within the time bound', async () => {
    const neverResolves = (): Promise<LookupAddress[]> => new Promise(() => undefined);
    const error = await refusal(
      post('https://hooks.example.com/hook', { resolveHost: neverResolves, timeoutMs: 100 }),
    );
    expect(error.reason).toBe('no complete answer within 100 ms');
    expect(error.retryable).toBe(true);
  });

  it('a body larger than the bound', async () => {
    const listening = await okReceiver();
    const error = await refusal(
      post(`${listening.origin}/hook`, {
        allowPrivate: true,
        body: 'x'.repeat(OUTBOUND_MAX_REQUEST_BYTES + 1),
      }),
    );
    expect(error.retryable).toBe(false);
    expect(listening.requests).toHaveLength(0);
  });
});

describe('the outbound client under NOTIFY_ALLOW_PRIVATE', () => {
  it('connects to the address it checked, without a second DNS query', async () => {
    const listening = await okReceiver();
    const lookups: string[] = [];
    // `.invalid` never resolves (RFC 2606): only the injected answer can lead to the receiver.
    const resolveHost = async (hostname: string): Promise<LookupAddress[]> => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const answer = await postOutbound({
      url: `http://receiver.invalid:${listening.port}/hook?token=abc`,
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json' },
      allowPrivate: true,
      resolveHost,
    });
    expect(answer.status).toBe(200);
    expect(lookups).toEqual(['receiver.invalid']);
    expect(listening.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/hook?token=abc',
        body: '{"a":1}',
        headers: expect.objectContaining({ host: `receiver.invalid:${listening.port}` }),
      }),
    ]);
  });

  it('does not follow a redirect: the 302 is the answer', async () => {
    const listening = await receiver((_request, response) => {
      response.writeHead(302, { Location: '/elsewhere' });
      response.end();
    });
    const answer = await postTo(listening);
    expect(answer.status).toBe(302);
    expect(listening.requests.map((request) => request.url)).toEqual(['/hook']);
  });

  it('reads at most the answer bound of an oversize answer', async () => {
    const listening = await receiver((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('y'.repeat(OUTBOUND_MAX_ANSWER_BYTES * 16));
    });
    const answer = await postTo(listening);
    expect(answer.truncated).toBe(true);
    expect(answer.body.length).toBe(OUTBOUND_MAX_ANSWER_BYTES);
  });

  it('gives up on an answer that never ends, as a retryable failure', async () => {
    const listening = await receiver((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"ok":');
    });
    const error = await refusal(postTo(listening, { timeoutMs: 200 }));
    expect(error.reason).toBe('no complete answer within 200 ms');
    expect(error.retryable).toBe(true);
  });

  const now = Date.parse('2026-03-01T10:00:00Z');
  it.each([
    ['in seconds', 429, '7', 7_000],
    ['as an HTTP date', 503, 'Sun, 01 Mar 2026 10:02:00 GMT', 120_000],
  ])('reads Retry-After given %s', async (_form, status, retryAfter, retryAfterMs) => {
    const listening = await receiver((_request, response) => {
      response.writeHead(status, { 'Retry-After': retryAfter });
      response.end();
    });
    const answer = await postTo(listening, { now: () => now });
    expect(answer).toMatchObject({ status, retryAfterMs });
  });

  it('reads no Retry-After from words', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('names a failed connection without the URL, its query or path', async () => {
    const listening = await okReceiver();
    const { port } = listening;
    await listening.close();
    const error = await refusal(
      post(`http://127.0.0.1:${port}/robot/send?access_token=SECRET-TOKEN-1234`, {
        allowPrivate: true,
      }),
    );
    expect(error.reason).toBe('the request failed (ECONNREFUSED)');
    expect(error.retryable).toBe(true);
    expect(`${error.message} ${String(error.stack)}`).not.toMatch(/SECRET|robot|127\.0\.0\.1/);
  });
});

describe('the outbound client over https', () => {
  let certificate: TestCertificate;
  let server: https.Server;
  let port: number;
  const servernames: (string | false | null)[] = [];

  beforeAll(async () => {
    certificate = selfSignedCertificate('receiver.test');
    server = https.createServer(certificate, (request, response) => {
      servernames.push((request.socket as TLSSocket).servername);
      request.resume();
      request.on('end', () => answerJson(response, { ok: true }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const toLoopback = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];

  it('connects to the checked address and still verifies the certificate for the host name', async () => {
    const answer = await postOutbound({
      url: `https://receiver.test:${port}/hook`,
      body: '{}',
      headers: {},
      allowPrivate: true,
      resolveHost: toLoopback,
      trustedCa: certificate.cert,
    });
    expect(answer.status).toBe(200);
    expect(servernames).toEqual(['receiver.test']);
  });

  it('refuses a certificate that is not for the host name', async () => {
    const error = await refusal(
      postOutbound({
        url: `https://other.test:${port}/hook`,
        body: '{}',
        headers: {},
        allowPrivate: true,
        resolveHost: toLoopback,
        trustedCa: certificate.cert,
      }),
    );
    expect(error.reason).toBe('the request failed (ERR_TLS_CERT_ALTNAME_INVALID)');
  });
});
