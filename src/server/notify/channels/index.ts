// Sends one notification through its channel (issue 21): each vendor's module renders and signs
// the message (channel.ts describes what a module provides); this is the one path that posts it
// through the outbound guard and turns the answer into a SendOutcome the delivery engine acts on.
import type { NotifyChannelType } from '../../../shared/contracts/rules-facts';
import type { ChannelTarget, Notification, SendOptions, SendOutcome } from '../channel-types';
import { OutboundError, postOutbound, type OutboundAnswer } from '../outbound';
import type { ChannelDescription, ChannelRateLimit } from './channel';
import { webhookChannel } from './webhook';

export type { ChannelRateLimit } from './channel';
export { maskChannelUrl } from './mask-channel-url';

// The chat vendors' modules follow (this commit ships the generic webhook first).
const notYetSupported: ChannelDescription = {
  rateLimits: [{ messages: 20, perMs: 60_000 }],
  request: () => {
    throw new OutboundError('this channel type is not supported yet', false);
  },
};

const CHANNELS: Record<NotifyChannelType, ChannelDescription> = {
  webhook: webhookChannel,
  slack: notYetSupported,
  dingtalk: notYetSupported,
  feishu: notYetSupported,
  wecom: notYetSupported,
};

/** Each channel's documented rate limits per URL, which the delivery engine keeps to. */
export const CHANNEL_RATE_LIMITS: Readonly<Record<NotifyChannelType, readonly ChannelRateLimit[]>> =
  Object.fromEntries(
    Object.entries(CHANNELS).map(([type, channel]) => [type, channel.rateLimits]),
  ) as Record<NotifyChannelType, readonly ChannelRateLimit[]>;

/** The outcome of an HTTP answer by its status; a 2xx goes on to the channel's own reading. */
function outcomeOfStatus(answer: OutboundAnswer, channel: ChannelDescription): SendOutcome {
  const { status: httpStatus, retryAfterMs } = answer;
  if (httpStatus >= 200 && httpStatus < 300)
    return channel.readAcceptedAnswer?.(answer) ?? { ok: true, httpStatus };
  if (httpStatus >= 300 && httpStatus < 400)
    return {
      ok: false,
      httpStatus,
      retryable: false,
      reason: `the channel answered with a redirect (HTTP ${httpStatus}), which is not followed`,
    };
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
    return outcomeOfStatus(answer, channel);
  } catch (error) {
    if (error instanceof OutboundError)
      return { ok: false, retryable: error.retryable, reason: error.reason };
    // Anything else is a bug here, not the channel's: say so without its message (it could
    // quote the URL).
    return { ok: false, retryable: true, reason: 'the message could not be sent (internal error)' };
  }
}
