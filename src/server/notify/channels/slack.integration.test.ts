// The Slack channel against a receiver that answers as Slack's incoming webhooks do
// (https://api.slack.com/messaging/webhooks): HTTP 200 `ok`; 4xx with a short error code;
// 429 with Retry-After past about one message a second. No signing: the URL is the secret.
import { describe, expect, it } from 'vitest';
import { receiversClosedAfterEach, type NotifyReceiver } from '../../test-support/notify-receiver';
import { SAMPLE_NOTIFICATION } from '../../test-support/sample-notification';
import { CHANNEL_RATE_LIMITS, sendNotification } from './index';

const HOOK_PATH = '/services/T0A1B2C3D/B0E4F5G6H/Zq8v7X6w5Y4u3T2s1R0pabcd';

const receiver = receiversClosedAfterEach();

async function slackHook(
  answer: (body: unknown) => { status: number; text: string; headers?: Record<string, string> },
): Promise<NotifyReceiver> {
  const hook = await receiver((request, response) => {
    const reply =
      request.url === HOOK_PATH
        ? answer(JSON.parse(request.body))
        : { status: 404, text: 'no_service' };
    response.writeHead(reply.status, { 'Content-Type': 'text/html', ...reply.headers });
    response.end(reply.text);
  });
  return hook;
}

const options = { allowPrivate: true };
const sendTo = (hook: NotifyReceiver, message = SAMPLE_NOTIFICATION) =>
  sendNotification({ type: 'slack', url: `${hook.origin}${HOOK_PATH}` }, message, options);
const slackAccepts = (body: unknown) => {
  const payload = body as { text?: unknown; blocks?: unknown };
  return typeof payload.text === 'string' && Array.isArray(payload.blocks)
    ? { status: 200, text: 'ok' }
    : { status: 400, text: 'invalid_payload' };
};

describe('Slack incoming webhook channel', () => {
  it('posts text and a mrkdwn section with the link, escaping &, < and >', async () => {
    const hook = await slackHook(slackAccepts);
    const outcome = await sendTo(hook);
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    const link =
      '<https://imagewatch.example.com/changes?list=registry&amp;event_type=severity_changed|Open the changes>';
    expect(JSON.parse(hook.requests[0]!.body)).toEqual({
      text: `${SAMPLE_NOTIFICATION.title} ${link}`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              `*${SAMPLE_NOTIFICATION.title}*`,
              '• nginx:1.25 severity high → critical',
              '• redis:7 appeared',
              '• app&lt;&amp;&gt;:2 removed',
              link,
            ].join('\n'),
          },
        },
      ],
    });
  });

  it('keeps the section within Slack’s 3,000 characters', async () => {
    const hook = await slackHook((body) => {
      const section = (body as { blocks: { text: { text: string } }[] }).blocks[0]!.text.text;
      return section.length <= 3000
        ? { status: 200, text: 'ok' }
        : { status: 400, text: 'invalid_blocks' };
    });
    const lines = Array.from({ length: 200 }, (_, index) => `image-${index} ${'y'.repeat(40)}`);
    const outcome = await sendTo(hook, { ...SAMPLE_NOTIFICATION, lines });
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
  });

  it('maps HTTP 429 with Retry-After to a retry after that wait', async () => {
    const hook = await slackHook(() => ({
      status: 429,
      text: 'rate_limited',
      headers: { 'Retry-After': '3' },
    }));
    const outcome = await sendTo(hook);
    expect(outcome).toMatchObject({
      ok: false,
      httpStatus: 429,
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  it.each([
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('maps HTTP %i %s to a failure not worth retrying, without the URL', async (status, code) => {
    const hook = await slackHook(() => ({ status, text: code }));
    const outcome = await sendTo(hook);
    expect(outcome).toEqual({
      ok: false,
      httpStatus: status,
      retryable: false,
      reason: `Slack refused the message (HTTP ${status} ${code})`,
    });
  });

  it('publishes Slack’s limit of about one message a second', () => {
    expect(CHANNEL_RATE_LIMITS.slack).toEqual([{ messages: 1, perMs: 1_000 }]);
  });
});
