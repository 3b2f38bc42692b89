// DingTalk custom robot (自定义机器人), as DingTalk documents it:
// - message: `msgtype: markdown` with `markdown.title` (the notification preview) and
//   `markdown.text` (https://open.dingtalk.com/document/orgapp/custom-bot-send-message-type);
// - signing ("加签", https://open.dingtalk.com/document/orgapp/customize-robot-security-settings):
//   timestamp in milliseconds, string to sign `timestamp + "\n" + secret`, HmacSHA256 keyed with
//   the secret, Base64, URL-encoded, sent as `&timestamp=…&sign=…` on the webhook URL (accepted
//   within an hour of DingTalk's clock);
// - limit: 20 messages a minute per robot, beyond which it is throttled for 10 minutes
//   (https://open.dingtalk.com/document/orgapp/custom-robot-access);
// - errors come as HTTP 200 with `errcode` != 0: 130101 "send too fast", 310000 the security
//   settings refused it (signature, timestamp, keyword or IP allow-list).
import { createHmac } from 'node:crypto';
import type { SendOutcome } from '../channel-types';
import {
  JSON_HEADERS,
  markdownText,
  parseChannelUrl,
  unreadableAnswer,
  vendorEnvelope,
  vendorMessage,
  withinBytes,
  type ChannelDescription,
} from './channel';

const THROTTLED_FOR_MS = 10 * 60_000;
/** Our own bound: a chat message should stay short (the engine caps the lines too). */
const MAX_TEXT_BYTES = 4_000;

export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

function outcomeOfErrcode(code: number, message: unknown, httpStatus: number): SendOutcome {
  if (code === 0) return { ok: true, httpStatus };
  const said = vendorMessage(message);
  if (code === 130101)
    return {
      ok: false,
      httpStatus,
      retryable: true,
      retryAfterMs: THROTTLED_FOR_MS,
      reason: `DingTalk is throttling this robot (errcode 130101${said ? `: ${said}` : ''})`,
    };
  if (code === 310000)
    return {
      ok: false,
      httpStatus,
      retryable: false,
      reason: `DingTalk's security settings refused the message (errcode 310000${said ? `: ${said}` : ''}); check the secret, keywords or IP allow-list`,
    };
  // -1: "system busy, try again later" in DingTalk's global error codes.
  return {
    ok: false,
    httpStatus,
    retryable: code === -1,
    reason: `DingTalk refused the message (errcode ${code}${said ? `: ${said}` : ''})`,
  };
}

export const dingtalkChannel: ChannelDescription = {
  rateLimits: [{ messages: 20, perMs: 60_000 }],
  request(target, message, nowMs) {
    const url = parseChannelUrl(target.url);
    if (target.secret) {
      const timestamp = String(nowMs);
      url.searchParams.set('timestamp', timestamp);
      // URLSearchParams encodes "+", "/" and "=" as DingTalk's urlEncode does.
      url.searchParams.set('sign', dingtalkSign(timestamp, target.secret));
    }
    const text = withinBytes(
      `#### ${markdownText(message.title)}`,
      message.lines.map((line) => `- ${markdownText(line)}`),
      `\n[${message.linkText}](${message.link})`,
      MAX_TEXT_BYTES,
    );
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: { title: message.title, text },
    });
    return { url: url.toString(), body, headers: { ...JSON_HEADERS } };
  },
  readVendorAnswer(answer) {
    const envelope = vendorEnvelope(answer, 'errcode');
    if (!envelope) return unreadableAnswer(answer);
    return outcomeOfErrcode(envelope.code, envelope.body.errmsg, answer.status);
  },
};
