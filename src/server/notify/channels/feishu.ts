// Feishu / Lark custom bot (自定义机器人), as Feishu documents it
// (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, Lark:
// https://open.larksuite.com/document/client-docs/bot-v3/add-custom-bot):
// - message: `msg_type: post`, rich text under a locale (`zh_cn`, `en_us`): a title and
//   paragraphs of `text` and `a` (link) elements; the request body is bounded to 20 KB;
// - signing ("签名校验"): `timestamp` in seconds and `sign` in the body, where sign =
//   Base64(HmacSHA256 keyed with `timestamp + "\n" + secret` over an EMPTY message), accepted
//   within an hour;
// - limit: 100 messages a minute and 5 a second per bot;
// - errors come as `code` != 0 (HTTP 200 or 400): 19021 signature or timestamp, 19022 IP,
//   19024 keyword, 9499 bad request, 11232 sending too frequently.
import { createHmac } from 'node:crypto';
import {
  envelopeReader,
  JSON_HEADERS,
  type ChannelDescription,
  type VendorRefusal,
} from './channel';

const FREQUENCY_LIMITED = 11232;
const MAX_LINES_BYTES = 12_000;

export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function paragraphs(lines: readonly string[]): { tag: 'text'; text: string }[][] {
  const kept: { tag: 'text'; text: string }[][] = [];
  let bytes = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(line, 'utf8');
    if (bytes > MAX_LINES_BYTES) {
      kept.push([{ tag: 'text', text: '…' }]);
      break;
    }
    kept.push([{ tag: 'text', text: line }]);
  }
  return kept;
}

function refusalOf(code: number, detail: string): VendorRefusal {
  if (code === FREQUENCY_LIMITED)
    return {
      retryable: true,
      // Feishu names no wait; the per-minute window is the longest its limits need.
      retryAfterMs: 60_000,
      reason: `Feishu is limiting this bot's frequency (${detail})`,
    };
  if (code === 19021 || code === 19022 || code === 19024)
    return {
      retryable: false,
      reason: `Feishu's security settings refused the message (${detail}); check the secret, keywords or IP allow-list`,
    };
  return {
    retryable: false,
    reason: `Feishu refused the message (${detail})`,
  };
}

export const feishuChannel: ChannelDescription = {
  rateLimits: [
    { messages: 100, perMs: 60_000 },
    { messages: 5, perMs: 1_000 },
  ],
  request(target, message, nowMs) {
    const locale = message.language === 'en' ? 'en_us' : 'zh_cn';
    const content = {
      post: {
        [locale]: {
          title: message.title,
          content: [
            ...paragraphs(message.lines),
            [{ tag: 'a', text: message.linkText, href: message.link }],
          ],
        },
      },
    };
    const signature = target.secret
      ? (() => {
          const timestamp = String(Math.floor(nowMs / 1000));
          return { timestamp, sign: feishuSign(timestamp, target.secret) };
        })()
      : {};
    const body = JSON.stringify({ ...signature, msg_type: 'post', content });
    return { url: target.url, body, headers: { ...JSON_HEADERS } };
  },
  // Older answers carry only `StatusCode` (Feishu keeps it "for compatibility").
  readVendorAnswer: envelopeReader(['code', 'StatusCode'], 'msg', refusalOf),
};
