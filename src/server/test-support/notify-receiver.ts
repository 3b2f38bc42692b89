// Test support (not imported by the app): a real HTTP receiver on loopback standing in for a chat
// vendor's webhook endpoint. It records every request as received and answers through `respond`,
// which each test writes from the vendor's documentation.
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface NotifyReceiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  close: () => Promise<void>;
}

export type Respond = (request: ReceivedRequest, response: ServerResponse) => void;

/** Answers JSON with `status` (200 unless given). */
export function answerJson(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export async function startNotifyReceiver(respond: Respond): Promise<NotifyReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      respond(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Call at a test file's top level: starts receivers (as startNotifyReceiver) that are closed after
 * each test.
 */
export function receiversClosedAfterEach(): (respond: Respond) => Promise<NotifyReceiver> {
  const started: NotifyReceiver[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((receiver) => receiver.close()));
  });
  return async (respond) => {
    const receiver = await startNotifyReceiver(respond);
    started.push(receiver);
    return receiver;
  };
}
