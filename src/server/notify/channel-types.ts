// The seam between the watch-rule engine (which decides what to send and when) and the chat
// channels (which know each vendor's message format, signing scheme and rate limit). The engine
// builds one `Notification` per batch of events and hands it to `sendNotification` (channels/).
import type { NotifyChannelType } from '../../shared/contracts/rules-facts';

export interface ChannelTarget {
  type: NotifyChannelType;
  /** The webhook URL as the user gave it (a secret: never logged, never returned whole). */
  url: string;
  /** The signing secret (webhook HMAC, DingTalk "加签", Feishu "签名校验"); absent when unsigned. */
  secret?: string | undefined;
}

/** What a message says, already in the rule's language; each channel renders it natively. */
export interface Notification {
  /** One line: what happened, e.g. "3 new high-severity changes in repository images". */
  title: string;
  /** A few short lines, one per event or per event type (the engine caps how many). */
  lines: readonly string[];
  /** Absolute URL of the Changes page filtered to the reported events. */
  link: string;
  /** The link's text, in the rule's language. */
  linkText: string;
  /** Stable per event batch: a retry of the same batch carries the same key. */
  idempotencyKey: string;
  eventCount: number;
  /** True for the "send test" button's sample message. */
  test?: boolean;
  /** The rule's language, for vendors whose format names it (Feishu's post locale); zh-CN if absent. */
  language?: 'en' | 'zh-CN' | undefined;
}

export type SendOutcome =
  | { ok: true; httpStatus: number }
  | {
      ok: false;
      /** Absent when no HTTP answer came (refused by the guard, DNS, timeout, reset). */
      httpStatus?: number | undefined;
      /** Worth retrying (5xx, 429, timeout, the vendor's "too frequent" code)? */
      retryable: boolean;
      /** From a Retry-After header (seconds or HTTP date), or the vendor's documented wait. */
      retryAfterMs?: number | undefined;
      /** A short reason safe to store and show: never the URL, the secret or the signed query. */
      reason: string;
    };

export interface SendOptions {
  /** NOTIFY_ALLOW_PRIVATE: lets tests reach their own receiver on loopback. */
  allowPrivate: boolean;
  /** Bounds every request (default chosen by channels/). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Injected for signing tests; defaults to Date.now. */
  now?: () => number;
}
