// Sends one notification through its channel (issue 21): each vendor's module renders and signs
// the message (channel.ts describes what a module provides); this is the one path that posts it
// through the outbound guard and turns the answer into a SendOutcome the delivery engine acts on.
import type { NotifyChannelType } from '../../../shared/contracts/rules-facts';
import type { ChannelTarget, Notification, SendOptions, SendOutcome } from '../channel-types';
import { OutboundError, postOutbound, type OutboundAnswer } from '../outbound';
import type { ChannelDescription, ChannelRateLimit } from './channel';
import { dingtalkChannel } from './dingtalk';
import { feishuChannel } from './feishu';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';
import { wecomChannel } from './wecom';

export type { ChannelRateLimit } from './channel';
export { maskChannelUrl } from './mask-channel-url';

const CHANNELS: Record<NotifyChannelType, ChannelDescription> = {
  webhook: webhookChannel,
  slack: slackChannel,
  dingtalk: dingtalkChannel,
  feishu: feishuChannel,
  wecom: wecomChannel,
};

/** Each channel's documented rate limits per URL, which the delivery engine keeps to. */
export const CHANNEL_RATE_LIMITS: Readonly<Record<NotifyChannelType, readonly ChannelRateLimit[]>> =
  Object.fromEntries(
    Object.entries(CHANNELS).map(([type, channel]) => [type, channel.rateLimits]),
  ) as Record<NotifyChannelType, readonly ChannelRateLimit[]>;

/** The outcome of an HTTP answer: a redirect fails, then the vendor's envelope, then the status. */
function outcomeOfStatus(answer: OutboundAnswer, channel: ChannelDescription): SendOutcome {
  const { status: httpStatus, retryAfterMs } = answer;
  if (httpStatus >= 300 && httpStatus < 400)
    return {
      ok: false,
      httpStatus,
      retryable: false,
      reason: `the channel answered with a redirect (HTTP ${httpStatus}), which is not followed`,
    };
  const vendorOutcome = channel.readVendorAnswer?.(answer);
  if (vendorOutcome) return vendorOutcome;
  if (httpStatus >= 200 && httpStatus < 300) return { ok: true, httpStatus };
  const retryable = httpStatus === 408 || httpStatus === 429 || httpStatus >= 500;
  return {
    ok: false,
    httpStatus,
    retryable,
    retryAfterMs: retryable ? retryAfterMs : undefined,
    reason:
      httpStatus === 429
        ? 'the channel is rate-limiting (HTTP 429)'
        : `the channel answered HTTP ${httpStatus}`,
  };
}

/** The pieces of a request that are secret: the secret, the URLs' path segments and query values. */
function secretPieces(secret: string | undefined, urls: readonly string[]): string[] {
  const pieces = secret ? [secret] : [];
  for (const url of urls) {
    pieces.push(url);
    try {
      const parsed = new URL(url);
      pieces.push(...parsed.pathname.split('/'), ...parsed.searchParams.values());
    } catch {
      // An unparsable URL is withheld whole (above).
    }
  }
  // Short pieces ("v2", "send") are route words, not credentials; longest first so that a
  // piece containing another is withheld whole.
  const encoded = pieces.map((piece) => encodeURIComponent(piece));
  return [...new Set([...pieces, ...encoded])]
    .filter((piece) => piece.length >= 6)
    .sort((a, b) => b.length - a.length);
}

const MAX_REASON_LENGTH = 200;

/**
 * A failure's reason with every secret piece withheld (vendors may echo the request back), then
 * shortened: in this order, so that no half of a secret survives the cut.
 */
function withoutSecrets(outcome: SendOutcome, pieces: readonly string[]): SendOutcome {
  if (outcome.ok) return outcome;
  let reason = outcome.reason;
  for (const piece of pieces) reason = reason.split(piece).join('••••');
  if (reason.length > MAX_REASON_LENGTH) reason = `${reason.slice(0, MAX_REASON_LENGTH - 1)}…`;
  return { ...outcome, reason };
}

export async function sendNotification(
  target: ChannelTarget,
  message: Notification,
  options: SendOptions,
): Promise<SendOutcome> {
  const channel = CHANNELS[target.type];
  const now = options.now ?? Date.now;
  try {
    const request = channel.request(target, message, now());
    const answer = await postOutbound({
      ...request,
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      now,
    });
    return withoutSecrets(
      outcomeOfStatus(answer, channel),
      secretPieces(target.secret, [target.url, request.url]),
    );
  } catch (error) {
    if (error instanceof OutboundError)
      return { ok: false, retryable: error.retryable, reason: error.reason };
    // Anything else is a bug here, not the channel's: say so without its message (it could
    // quote the URL).
    return { ok: false, retryable: true, reason: 'the message could not be sent (internal error)' };
  }
}
