// The generic webhook against a real receiver that checks the signature as docs/architecture.md
// states it: `X-Imagewatch-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with
// the rule's secret, `X-Imagewatch-Timestamp` in unix seconds (computed here with node:crypto,
// not with the channel's code).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../channel-types';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
  type ReceivedRequest,
} from '../../test-support/notify-receiver';
import { CHANNEL_RATE_LIMITS, sendNotification } from './index';

const SECRET = 'whsec-3b1f0e2d9c8a7b6f';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const MESSAGE: Notification = {
  title: '3 new high-severity changes in repository images',
  lines: ['nginx:1.25 severity high → critical', 'redis:7 appeared'],
  link: 'https://imagewatch.example.com/changes?list=registry&since=2026-03-01T09%3A00%3A00Z',
  linkText: 'Open the changes',
  idempotencyKey: 'rule-7:batch-42',
  eventCount: 2,
};

const receiver = receiversClosedAfterEach();

function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The receiver's side of the contract: true when the signature matches and is fresh. */
function signatureHolds(request: ReceivedRequest, secret: string, nowMs: number): boolean {
  const timestamp = header(request, 'x-imagewatch-timestamp') ?? '';
  const signature = header(request, 'x-imagewatch-signature') ?? '';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function verifyingReceiver(secret: string): Promise<NotifyReceiver> {
  return receiver((request, response) => {
    if (!signatureHolds(request, secret, NOW))
      answerJson(response, { error: 'bad signature' }, 401);
    else {
      response.writeHead(204);
      response.end();
    }
  });
}

const options = { allowPrivate: true, now: () => NOW };

describe('generic webhook channel', () => {
  it('posts the documented JSON body, signed over "<timestamp>.<body>"', async () => {
    const listening = await verifyingReceiver(SECRET);
    const outcome = await sendNotification(
      { type: 'webhook', url: `${listening.origin}/hooks/imagewatch`, secret: SECRET },
      MESSAGE,
      options,
    );
    expect(outcome).toEqual({ ok: true, httpStatus: 204 });
    const [request] = listening.requests;
    expect(request?.method).toBe('POST');
    expect(header(request!, 'content-type')).toMatch(/^application\/json/);
    expect(header(request!, 'x-imagewatch-timestamp')).toBe(String(NOW / 1000));
    expect(header(request!, 'idempotency-key')).toBe('rule-7:batch-42');
    expect(JSON.parse(request!.body)).toEqual({
      idempotency_key: 'rule-7:batch-42',
      title: MESSAGE.title,
      lines: MESSAGE.lines,
      link: MESSAGE.link,
      event_count: 2,
      test: false,
    });
  });

  it('is refused by a receiver holding another secret', async () => {
    const listening = await verifyingReceiver('another-secret');
    const outcome = await sendNotification(
      { type: 'webhook', url: `${listening.origin}/hooks/imagewatch`, secret: SECRET },
      { ...MESSAGE, test: true },
      options,
    );
    expect(outcome).toEqual({
      ok: false,
      httpStatus: 401,
      retryable: false,
      reason: 'the channel answered HTTP 401',
    });
  });

  it('sends no signature without a secret', async () => {
    const listening = await receiver((_request, response) => answerJson(response, {}));
    const outcome = await sendNotification(
      { type: 'webhook', url: `${listening.origin}/hook` },
      { ...MESSAGE, test: true },
      options,
    );
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    expect(listening.requests[0]?.headers['x-imagewatch-signature']).toBeUndefined();
    expect(JSON.parse(listening.requests[0]!.body)).toMatchObject({ test: true });
  });

  it.each([
    [429, { 'Retry-After': '30' }, { retryable: true, retryAfterMs: 30_000 }],
    [503, {}, { retryable: true }],
    [500, { 'Retry-After': '5' }, { retryable: true, retryAfterMs: 5_000 }],
    [404, {}, { retryable: false }],
    [302, { Location: 'https://elsewhere.example.com/' }, { retryable: false }],
  ] as const)('answers HTTP %i → %o', async (status, headers, expected) => {
    const listening = await receiver((_request, response) => {
      response.writeHead(status, headers);
      response.end();
    });
    const outcome = await sendNotification(
      { type: 'webhook', url: `${listening.origin}/hook`, secret: SECRET },
      MESSAGE,
      options,
    );
    expect(outcome).toMatchObject({ ok: false, httpStatus: status, ...expected });
    expect(listening.requests).toHaveLength(1);
  });

  it('refuses a loopback receiver without NOTIFY_ALLOW_PRIVATE, naming neither URL nor secret', async () => {
    const listening = await verifyingReceiver(SECRET);
    const url = `${listening.origin}/hooks/token-abcdef987654`;
    const outcome = await sendNotification(
      { type: 'webhook', url: url.replace('http:', 'https:'), secret: SECRET },
      MESSAGE,
      { allowPrivate: false, now: () => NOW },
    );
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(outcome)).not.toMatch(/token-abcdef987654|whsec|127\.0\.0\.1/);
    expect(listening.requests).toHaveLength(0);
  });

  it('publishes its rate limit for the delivery engine', () => {
    expect(CHANNEL_RATE_LIMITS.webhook).toEqual([{ messages: 60, perMs: 60_000 }]);
  });
});
