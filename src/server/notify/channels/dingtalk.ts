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
import {
  envelopeReader,
  JSON_HEADERS,
  markdownText,
  parseChannelUrl,
  withinBytes,
  type ChannelDescription,
  type VendorRefusal,
} from './channel';

const THROTTLED_FOR_MS = 10 * 60_000;
/** Our own bound: a chat message should stay short (the engine caps the lines too). */
const MAX_TEXT_BYTES = 4_000;

export function dingtalkSign(timestampMs: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

function refusalOf(code: number, detail: string): VendorRefusal {
  if (code === 130101)
    return {
      retryable: true,
      retryAfterMs: THROTTLED_FOR_MS,
      reason: `DingTalk is throttling this robot (${detail})`,
    };
  if (code === 310000)
    return {
      retryable: false,
      reason: `DingTalk's security settings refused the message (${detail}); check the secret, keywords or IP allow-list`,
    };
  // -1: "system busy, try again later" in DingTalk's global error codes.
  return {
    retryable: code === -1,
    reason: `DingTalk refused the message (${detail})`,
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
  readVendorAnswer: envelopeReader(['errcode'], 'errmsg', refusalOf),
};
