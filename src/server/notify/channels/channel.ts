// What each channel module describes (one per vendor); index.ts is the one path that sends.
import type { ChannelTarget, Notification, SendOutcome } from '../channel-types';
import type { OutboundAnswer } from '../outbound';

/** At most `messages` per `perMs` to one channel URL, as the vendor documents it. */
export interface ChannelRateLimit {
  messages: number;
  perMs: number;
}

export interface ChannelRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface ChannelDescription {
  /** Every limit the vendor documents (Feishu has a per-minute and a per-second one). */
  rateLimits: readonly ChannelRateLimit[];
  /** The message in the vendor's native format, signed as the vendor documents it. */
  request: (target: ChannelTarget, message: Notification, nowMs: number) => ChannelRequest;
  /**
   * Reads a 2xx answer, for vendors that report errors inside an HTTP 200 (DingTalk, Feishu,
   * WeCom); a channel without it takes every 2xx as delivered.
   */
  readAcceptedAnswer?: (answer: OutboundAnswer) => SendOutcome;
}

export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' } as const;

/** The vendor's JSON answer, or undefined when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A vendor's own error message, shortened; vendors' messages never echo the URL or the secret. */
export function vendorMessage(value: unknown): string {
  if (typeof value !== 'string') return '';
  const oneLine = value.replace(/\s+/g, ' ').trim();
  // Some vendors append a help link with request ids; the reason does not need it.
  const withoutLinks = oneLine.replace(/https?:\/\/\S+/g, '').trim();
  return withoutLinks.length > 120 ? `${withoutLinks.slice(0, 117)}...` : withoutLinks;
}
