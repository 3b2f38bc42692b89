// Slack incoming webhook, as Slack documents it (https://api.slack.com/messaging/webhooks):
// - message: `text` (the notification's fallback) and `blocks` (a section of `mrkdwn`, links as
//   `<url|text>`), with &, < and > escaped
//   (https://api.slack.com/reference/surfaces/formatting#escaping); a section's text holds at
//   most 3,000 characters;
// - no signing: the URL is the secret;
// - limit: about one message a second (https://api.slack.com/docs/rate-limits, "Incoming
//   webhooks"); over it, HTTP 429 with Retry-After;
// - errors: HTTP 4xx with a short code as the body (`invalid_payload`, `no_service`,
//   `channel_is_archived`, `action_prohibited` ...); success is HTTP 200 `ok`.
import type { ChannelDescription } from './channel';
import { JSON_HEADERS } from './channel';

const MAX_SECTION_CHARACTERS = 3_000;

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function linkMrkdwn(url: string, text: string): string {
  // `|` would end the URL part of `<url|text>`.
  return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(text)}>`;
}

function sectionText(title: string, lines: readonly string[], link: string): string {
  const head = `*${escapeMrkdwn(title)}*`;
  const kept: string[] = [];
  let length = head.length + link.length + 8;
  for (const line of lines) {
    const shown = `• ${escapeMrkdwn(line)}`;
    length += shown.length + 1;
    if (length > MAX_SECTION_CHARACTERS) {
      kept.push('…');
      break;
    }
    kept.push(shown);
  }
  return [head, ...kept, link].join('\n');
}

export const slackChannel: ChannelDescription = {
  rateLimits: [{ messages: 1, perMs: 1_000 }],
  request(target, message) {
    const link = linkMrkdwn(message.link, message.linkText);
    const body = JSON.stringify({
      text: `${escapeMrkdwn(message.title)} ${link}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: sectionText(message.title, message.lines, link) },
        },
      ],
    });
    return { url: target.url, body, headers: { ...JSON_HEADERS } };
  },
  readVendorAnswer(answer) {
    const { status } = answer;
    const code = answer.body.trim();
    // Slack's own refusals name themselves; 408, 429 and 5xx stay with the status (retried).
    if (status < 400 || status >= 500 || status === 408 || status === 429) return undefined;
    if (!/^[a-z_]{1,64}$/.test(code)) return undefined;
    return {
      ok: false,
      httpStatus: status,
      retryable: false,
      reason: `Slack refused the message (HTTP ${status} ${code})`,
    };
  },
};
