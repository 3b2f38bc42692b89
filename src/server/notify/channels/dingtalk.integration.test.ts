// The DingTalk channel against a receiver that checks what DingTalk checks, computed here from
// DingTalk's page (https://open.dingtalk.com/document/orgapp/customize-robot-security-settings):
// sign = urlEncode(Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))), the
// millisecond timestamp within an hour; and answers as DingTalk does (HTTP 200, `errcode`).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
  type ReceivedRequest,
} from '../../test-support/notify-receiver';
import { SAMPLE_NOTIFICATION } from '../../test-support/sample-notification';
import { CHANNEL_RATE_LIMITS, sendNotification } from './index';

const SECRET = 'SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc';
const TOKEN = '50cb6e954c89afa14fb97754eafd886d658fcda27d05015a26b474e7bd2f0a59';
const NOW = Date.parse('2026-03-01T10:00:00Z');

const receiver = receiversClosedAfterEach();

/** DingTalk's check of a signed request; the reason DingTalk would give, or undefined when it holds. */
function signatureProblem(request: ReceivedRequest, secret: string): string | undefined {
  const query = new URL(request.url, 'http://robot').searchParams;
  const timestamp = query.get('timestamp') ?? '';
  const sign = query.get('sign') ?? '';
  if (!/^\d{13}$/.test(timestamp) || Math.abs(NOW - Number(timestamp)) > 3_600_000)
    return 'invalid timestamp';
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
  const given = Buffer.from(sign, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? undefined
    : 'sign not match';
}

async function dingtalkRobot(secret: string, busy = false): Promise<NotifyReceiver> {
  const robot = await receiver((request, response) => {
    const query = new URL(request.url, 'http://robot').searchParams;
    if (query.get('access_token') !== TOKEN)
      return answerJson(response, { errcode: 300001, errmsg: 'token is not exist' });
    const problem = signatureProblem(request, secret);
    if (problem)
      return answerJson(response, {
        errcode: 310000,
        errmsg: `${problem}, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]`,
      });
    if (busy)
      return answerJson(response, {
        errcode: 130101,
        errmsg: 'send too fast, exceed 20 times per minute',
      });
    answerJson(response, { errcode: 0, errmsg: 'ok' });
  });
  return robot;
}

const options = { allowPrivate: true, now: () => NOW };
const robotUrl = (robot: NotifyReceiver): string =>
  `${robot.origin}/robot/send?access_token=${TOKEN}`;
const sendTo = (robot: NotifyReceiver, secret?: string) =>
  sendNotification(
    { type: 'dingtalk', url: robotUrl(robot), ...(secret === undefined ? {} : { secret }) },
    SAMPLE_NOTIFICATION,
    options,
  );

describe('DingTalk custom robot channel', () => {
  it('posts a markdown message, signed on the URL as DingTalk documents', async () => {
    const robot = await dingtalkRobot(SECRET);
    const outcome = await sendTo(robot, SECRET);
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    const [request] = robot.requests;
    expect(request?.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
    const query = new URL(request!.url, 'http://robot').searchParams;
    expect(query.get('timestamp')).toBe(String(NOW));
    const body = JSON.parse(request!.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(SAMPLE_NOTIFICATION.title);
    expect(body.markdown.text).toContain(`#### ${SAMPLE_NOTIFICATION.title}`);
    expect(body.markdown.text).toContain('- redis:7 appeared');
    expect(body.markdown.text).toContain(`[Open the changes](${SAMPLE_NOTIFICATION.link})`);
  });

  it('URL-encodes the Base64 sign (the published vector: timestamp 1700000000000, secret "secret")', async () => {
    const robot = await dingtalkRobot('secret');
    const outcome = await sendNotification(
      { type: 'dingtalk', url: robotUrl(robot), secret: 'secret' },
      SAMPLE_NOTIFICATION,
      { allowPrivate: true, now: () => 1_700_000_000_000 },
    );
    // The receiver refuses it as too old; what matters here is the sign on the wire.
    expect(outcome.ok).toBe(false);
    expect(robot.requests[0]?.url).toContain(
      '&timestamp=1700000000000&sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D',
    );
  });

  it('maps errcode 310000 (signature) to a failure not worth retrying', async () => {
    const robot = await dingtalkRobot('SECanother');
    const outcome = await sendTo(robot, SECRET);
    expect(outcome).toMatchObject({ ok: false, httpStatus: 200, retryable: false });
    expect(outcome.ok || outcome.reason).toMatch(/errcode 310000: sign not match/);
    expect(JSON.stringify(outcome)).not.toMatch(new RegExp(`${TOKEN}|${SECRET}|ding-doc`));
  });

  it('maps errcode 130101 (send too fast) to a retry after DingTalk’s 10-minute throttle', async () => {
    const robot = await dingtalkRobot(SECRET, true);
    const outcome = await sendTo(robot, SECRET);
    expect(outcome).toMatchObject({
      ok: false,
      httpStatus: 200,
      retryable: true,
      retryAfterMs: 600_000,
    });
  });

  it('sends no timestamp or sign without a secret', async () => {
    const robot = await receiver((_request, response) =>
      answerJson(response, { errcode: 0, errmsg: 'ok' }),
    );
    await sendTo(robot);
    expect(robot.requests[0]?.url).toBe(`/robot/send?access_token=${TOKEN}`);
  });

  it('publishes DingTalk’s limit of 20 messages a minute', () => {
    expect(CHANNEL_RATE_LIMITS.dingtalk).toEqual([{ messages: 20, perMs: 60_000 }]);
  });
});
