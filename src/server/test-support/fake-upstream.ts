// Test helper: a tiny node:http server that records exactly what a client sent and answers with
// canned replies. Not the simulator: the client tests must not depend on it.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A reply, or 'hang' to never answer (for timeouts). */
export type ReplyFor = (request: ReceivedRequest, index: number) => CannedReply | 'hang';

export interface FakeUpstream {
  endpoint: string;
  requests: ReceivedRequest[];
  reply: ReplyFor;
  close(): Promise<void>;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const requests: ReceivedRequest[] = [];
  const fake: FakeUpstream = {
    endpoint: '',
    requests,
    reply: () => ({ status: 500, body: '{}' }),
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawUrl = req.url ?? '/';
      const queryAt = rawUrl.indexOf('?');
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt),
        rawQuery: queryAt === -1 ? '' : rawUrl.slice(queryAt + 1),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(received);
      const reply = fake.reply(received, requests.length - 1);
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.endpoint = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** Answers every request with 200 and `body`, sending `requestId` as X-Request-Id when given. */
export function okReply(body: string, requestId?: string): ReplyFor {
  const headers: Record<string, string> = requestId ? { 'X-Request-Id': requestId } : {};
  return () => ({ status: 200, headers, body });
}

/** The request the client sent last; a test expecting one and finding none fails here. */
export function lastRequest(upstream: FakeUpstream): ReceivedRequest {
  const sent = upstream.requests.at(-1);
  if (!sent) throw new Error('nothing sent');
  return sent;
}

/**
 * Call at a test file's top level: starts a fake upstream before the file's tests (handing it to
 * `started`), forgets its requests after each test and closes it after the last.
 */
export function useFakeUpstream(started: (upstream: FakeUpstream) => void): void {
  let upstream: FakeUpstream | undefined;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    started(upstream);
  });
  afterAll(async () => {
    await upstream?.close();
  });
  afterEach(() => {
    if (upstream) upstream.requests.length = 0;
  });
}

/** The received query as a plain record (the test asserts single values). */
export function queryOf(request: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.rawQuery));
}

/** An endpoint on a port that was just free, so connecting is refused (fetch bars port 1 and other "bad ports"). */
export async function refusedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
