// WeCom (企业微信) group robot, as WeCom documents it
// (https://developer.work.weixin.qq.com/document/path/91770):
// - message: `msgtype: markdown`, `markdown.content` up to 4096 bytes of UTF-8; no signing (the
//   `key` in the URL is the credential);
// - limit: 20 messages a minute per robot;
// - errors come as HTTP 200 with `errcode` != 0 (global codes,
//   https://developer.work.weixin.qq.com/document/path/90313): 45009 API frequency over the
//   limit, -1 system busy (both worth a retry), 93000 invalid webhook URL.
import {
  envelopeReader,
  JSON_HEADERS,
  markdownText,
  withinBytes,
  type ChannelDescription,
  type VendorRefusal,
} from './channel';

const MAX_CONTENT_BYTES = 4_096;

function refusalOf(code: number, detail: string): VendorRefusal {
  if (code === 45009)
    return {
      retryable: true,
      // The limit is per minute: a minute's wait clears it.
      retryAfterMs: 60_000,
      reason: `WeCom is rate-limiting this robot (${detail})`,
    };
  return {
    retryable: code === -1,
    reason: `WeCom refused the message (${detail})`,
  };
}

export const wecomChannel: ChannelDescription = {
  rateLimits: [{ messages: 20, perMs: 60_000 }],
  request(target, message) {
    const content = withinBytes(
      `### ${markdownText(message.title)}`,
      message.lines.map((line) => `> ${markdownText(line)}`),
      `[${message.linkText}](${message.link})`,
      MAX_CONTENT_BYTES,
    );
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { content } });
    return { url: target.url, body, headers: { ...JSON_HEADERS } };
  },
  readVendorAnswer: envelopeReader(['errcode'], 'errmsg', refusalOf),
};
