// The Feishu/Lark channel against a receiver that checks what Feishu checks, computed here from
// Feishu's page (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): `timestamp`
// (seconds, within an hour) and `sign` in the body, sign = Base64(HmacSHA256 keyed with
// timestamp + "\n" + secret over an empty message); a body of at most 20 KB; and answers as
// Feishu does (`code` 0 for success, 19021 for a bad signature, 11232 when too frequent).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
} from '../../test-support/notify-receiver';
import { SAMPLE_NOTIFICATION } from '../../test-support/sample-notification';
import { CHANNEL_RATE_LIMITS, sendNotification } from './index';

const SECRET = 'qnZ6kT0vJ2hB3xYc9LmP1w';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const HOOK_PATH = '/open-apis/bot/v2/hook/6f8b1c2e-0d4a-4b7e-9a3c-2e5f7d9b1a0c';

interface FeishuBody {
  timestamp?: string;
  sign?: string;
  msg_type: string;
  content: {
    post: Record<
      string,
      { title: string; content: { tag: string; text: string; href?: string }[][] }
    >;
  };
}

const receiver = receiversClosedAfterEach();

function signatureHolds(body: FeishuBody, secret: string): boolean {
  const timestamp = body.timestamp ?? '';
  if (!/^\d{10}$/.test(timestamp) || Math.abs(NOW / 1000 - Number(timestamp)) > 3600) return false;
  const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return body.sign === expected;
}

async function feishuBot(
  secret: string | undefined,
  limited?: { status: number },
): Promise<NotifyReceiver> {
  const bot = await receiver((request, response) => {
    if (Buffer.byteLength(request.body) > 20 * 1024)
      return answerJson(response, { code: 9499, msg: 'Bad Request', data: {} }, 400);
    const body = JSON.parse(request.body) as FeishuBody;
    if (secret !== undefined && !signatureHolds(body, secret))
      return answerJson(response, {
        code: 19021,
        data: {},
        msg: 'sign match fail or timestamp is not within one hour from current time',
      });
    if (limited)
      return answerJson(
        response,
        { code: 11232, data: {}, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]' },
        limited.status,
      );
    answerJson(response, { code: 0, data: {}, msg: 'success' });
  });
  return bot;
}

const options = { allowPrivate: true, now: () => NOW };

describe('Feishu / Lark custom bot channel', () => {
  it('posts a rich-text post, signed in the body as Feishu documents', async () => {
    const bot = await feishuBot(SECRET);
    const outcome = await sendNotification(
      { type: 'feishu', url: `${bot.origin}${HOOK_PATH}`, secret: SECRET },
      SAMPLE_NOTIFICATION,
      options,
    );
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    const body = JSON.parse(bot.requests[0]!.body) as FeishuBody;
    expect(body.timestamp).toBe(String(NOW / 1000));
    expect(body.msg_type).toBe('post');
    expect(body.content.post.zh_cn).toEqual({
      title: SAMPLE_NOTIFICATION.title,
      content: [
        ...SAMPLE_NOTIFICATION.lines.map((line) => [{ tag: 'text', text: line }]),
        [{ tag: 'a', text: 'Open the changes', href: SAMPLE_NOTIFICATION.link }],
      ],
    });
  });

  it('names the English locale for an English rule, and sends no signature without a secret', async () => {
    const bot = await feishuBot(undefined);
    await sendNotification(
      { type: 'feishu', url: `${bot.origin}${HOOK_PATH}` },
      { ...SAMPLE_NOTIFICATION, language: 'en' },
      options,
    );
    const body = JSON.parse(bot.requests[0]!.body) as FeishuBody;
    expect(Object.keys(body.content.post)).toEqual(['en_us']);
    expect(body).not.toHaveProperty('sign');
    expect(body).not.toHaveProperty('timestamp');
  });

  it('keeps a long message under Feishu’s 20 KB body bound', async () => {
    const bot = await feishuBot(SECRET);
    const lines = Array.from({ length: 300 }, (_, index) => `image-${index}:${'x'.repeat(150)}`);
    const outcome = await sendNotification(
      { type: 'feishu', url: `${bot.origin}${HOOK_PATH}`, secret: SECRET },
      { ...SAMPLE_NOTIFICATION, lines },
      options,
    );
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
  });

  it('maps code 19021 (signature) to a failure not worth retrying', async () => {
    const bot = await feishuBot('another-secret');
    const outcome = await sendNotification(
      { type: 'feishu', url: `${bot.origin}${HOOK_PATH}`, secret: SECRET },
      SAMPLE_NOTIFICATION,
      options,
    );
    expect(outcome).toMatchObject({ ok: false, httpStatus: 200, retryable: false });
    expect(outcome.ok || outcome.reason).toMatch(/code 19021: sign match fail/);
    expect(JSON.stringify(outcome)).not.toMatch(/6f8b1c2e|qnZ6kT0v/);
  });

  it.each([200, 400])(
    'maps code 11232 (frequency limited) in an HTTP %i to a retry after a minute',
    async (status) => {
      const bot = await feishuBot(SECRET, { status });
      const outcome = await sendNotification(
        { type: 'feishu', url: `${bot.origin}${HOOK_PATH}`, secret: SECRET },
        SAMPLE_NOTIFICATION,
        options,
      );
      expect(outcome).toMatchObject({
        ok: false,
        httpStatus: status,
        retryable: true,
        retryAfterMs: 60_000,
      });
    },
  );

  it('publishes Feishu’s limits: 100 a minute and 5 a second', () => {
    expect(CHANNEL_RATE_LIMITS.feishu).toEqual([
      { messages: 100, perMs: 60_000 },
      { messages: 5, perMs: 1_000 },
    ]);
  });
});
