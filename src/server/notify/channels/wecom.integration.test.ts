// The WeCom channel against a receiver that checks what WeCom documents
// (https://developer.work.weixin.qq.com/document/path/91770): the `key` in the URL, `msgtype:
// markdown` with `markdown.content` of at most 4096 bytes; and answers as WeCom does (HTTP 200,
// `errcode` 0, or 45009 when the robot's 20 messages a minute are used up).
import { describe, expect, it } from 'vitest';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
} from '../../test-support/notify-receiver';
import { SAMPLE_NOTIFICATION } from '../../test-support/sample-notification';
import { CHANNEL_RATE_LIMITS, sendNotification } from './index';
import { markdownText } from './channel';

const KEY = '693a91f6-7c2e-4bc4-97a0-0ec2e1fa5aaa';

const receiver = receiversClosedAfterEach();

async function wecomRobot(rateLimited = false): Promise<NotifyReceiver> {
  const robot = await receiver((request, response) => {
    const query = new URL(request.url, 'http://robot').searchParams;
    if (query.get('key') !== KEY)
      return answerJson(response, { errcode: 93000, errmsg: 'invalid webhook url' });
    const body = JSON.parse(request.body) as { msgtype?: string; markdown?: { content?: string } };
    const content = body.markdown?.content ?? '';
    if (body.msgtype !== 'markdown' || Buffer.byteLength(content) > 4096)
      return answerJson(response, { errcode: 40058, errmsg: 'markdown.content exceed max length' });
    if (rateLimited)
      return answerJson(response, { errcode: 45009, errmsg: 'api freq out of limit' });
    answerJson(response, { errcode: 0, errmsg: 'ok' });
  });
  return robot;
}

const robotUrl = (robot: NotifyReceiver): string =>
  `${robot.origin}/cgi-bin/webhook/send?key=${KEY}`;
const options = { allowPrivate: true };
const sendTo = (url: string, message = SAMPLE_NOTIFICATION) =>
  sendNotification({ type: 'wecom', url }, message, options);

describe('WeCom group robot channel', () => {
  it('posts a markdown message with the link', async () => {
    const robot = await wecomRobot();
    const outcome = await sendTo(robotUrl(robot));
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    const body = JSON.parse(robot.requests[0]!.body) as { markdown: { content: string } };
    expect(body.markdown.content).toBe(
      [
        `### ${SAMPLE_NOTIFICATION.title}`,
        // A name's markup characters are shown as their fullwidth forms (channel.ts).
        ...SAMPLE_NOTIFICATION.lines.map((line) => `> ${markdownText(line)}`),
        `[Open the changes](${SAMPLE_NOTIFICATION.link})`,
      ].join('\n'),
    );
  });

  it('keeps a long message within WeCom’s 4096 bytes, link included', async () => {
    const robot = await wecomRobot();
    const lines = Array.from({ length: 300 }, (_, index) => `镜像 image-${index} 出现高危漏洞`);
    const outcome = await sendTo(robotUrl(robot), { ...SAMPLE_NOTIFICATION, lines });
    expect(outcome).toEqual({ ok: true, httpStatus: 200 });
    const body = JSON.parse(robot.requests[0]!.body) as { markdown: { content: string } };
    expect(body.markdown.content).toMatch(/\n…\n\[Open the changes\]\(https:/);
  });

  it('maps errcode 45009 (rate limit) to a retry after a minute', async () => {
    const robot = await wecomRobot(true);
    const outcome = await sendTo(robotUrl(robot));
    expect(outcome).toMatchObject({
      ok: false,
      httpStatus: 200,
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it('maps errcode 93000 (invalid URL) to a failure not worth retrying, without the key', async () => {
    const robot = await wecomRobot();
    const outcome = await sendTo(`${robot.origin}/cgi-bin/webhook/send?key=0000-stale-key-1234`);
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok || outcome.reason).toContain('errcode 93000');
    expect(JSON.stringify(outcome)).not.toContain('stale-key');
  });

  it('publishes WeCom’s limit of 20 messages a minute', () => {
    expect(CHANNEL_RATE_LIMITS.wecom).toEqual([{ messages: 20, perMs: 60_000 }]);
  });
});
