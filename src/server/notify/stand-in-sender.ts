// Stand-in for the channels' sendNotification (branch s21-channels) until it is merged: the
// generic webhook only (docs/architecture.md: X-Imagewatch-Timestamp, X-Imagewatch-Signature),
// no redirect followed, bounded in time. Deleted once the channels are merged.
import { createHmac } from 'node:crypto';
import type { ChannelTarget, Notification, SendOptions, SendOutcome } from './channel-types';

function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  if (/^[0-9]+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function standInSend(
  target: ChannelTarget,
  message: Notification,
  options: SendOptions,
): Promise<SendOutcome> {
  if (target.type !== 'webhook')
    return { ok: false, retryable: false, reason: `the ${target.type} channel is not available` };
  const now = (options.now ?? Date.now)();
  const body = JSON.stringify({
    title: message.title,
    lines: message.lines,
    link: message.link,
    link_text: message.linkText,
    idempotency_key: message.idempotencyKey,
    event_count: message.eventCount,
    test: message.test ?? false,
  });
  const timestamp = String(Math.floor(now / 1000));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Imagewatch-Timestamp': timestamp,
    'Idempotency-Key': message.idempotencyKey,
  };
  if (target.secret !== undefined)
    headers['X-Imagewatch-Signature'] =
      `sha256=${createHmac('sha256', target.secret).update(`${timestamp}.${body}`).digest('hex')}`;
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300)
      return { ok: true, httpStatus: response.status };
    return {
      ok: false,
      httpStatus: response.status,
      retryable: response.status >= 500 || response.status === 429,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
      reason: `the receiver answered HTTP ${response.status}`,
    };
  } catch {
    return { ok: false, retryable: true, reason: 'the receiver could not be reached' };
  }
}
