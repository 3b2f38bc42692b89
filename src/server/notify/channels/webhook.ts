// The generic webhook, Imagewatch's own format (README "Notification channels"; the contract in
// docs/architecture.md): a JSON POST; with a secret, X-Imagewatch-Signature is
// `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with the secret, the timestamp (unix
// seconds) in X-Imagewatch-Timestamp so a receiver can refuse replays.
import { createHmac } from 'node:crypto';
import type { ChannelDescription } from './channel';
import { JSON_HEADERS } from './channel';

export const webhookChannel: ChannelDescription = {
  // Our own receivers document no limit: one a second keeps a burst of rules from flooding one.
  rateLimits: [{ messages: 60, perMs: 60_000 }],
  request(target, message, nowMs) {
    const timestamp = String(Math.floor(nowMs / 1000));
    const body = JSON.stringify({
      idempotency_key: message.idempotencyKey,
      title: message.title,
      lines: message.lines,
      link: message.link,
      event_count: message.eventCount,
      test: message.test ?? false,
    });
    const headers: Record<string, string> = {
      ...JSON_HEADERS,
      'Idempotency-Key': message.idempotencyKey,
      'X-Imagewatch-Timestamp': timestamp,
    };
    if (target.secret) {
      const digest = createHmac('sha256', target.secret)
        .update(`${timestamp}.${body}`, 'utf8')
        .digest('hex');
      headers['X-Imagewatch-Signature'] = `sha256=${digest}`;
    }
    return { url: target.url, body, headers };
  },
};
