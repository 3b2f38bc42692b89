// Watch rules' facts that need no schema (facts.ts): channel types, modes, delivery states.

/** The chat channels a rule can notify, each with its vendor's own format and signing. */
export const NOTIFY_CHANNEL_TYPES = ['webhook', 'slack', 'dingtalk', 'feishu', 'wecom'] as const;
export type NotifyChannelType = (typeof NOTIFY_CHANNEL_TYPES)[number];

/** `immediate`: a message per sync cycle's matching events; `digest`: one every N minutes. */
export const RULE_MODES = ['immediate', 'digest'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export const DELIVERY_STATUSES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The languages a rule's messages are written in. */
export const RULE_LANGS = ['en', 'zh-CN'] as const;
export type RuleLang = (typeof RULE_LANGS)[number];

export const RULE_NAME_MAX = 100;
export const RULE_QUERY_MAX = 4_096;
export const RULE_URL_MAX = 2_048;
export const RULE_SECRET_MAX = 256;
export const RULES_MAX = 1_000;
/** A digest's window, in minutes. */
export const DIGEST_MINUTES = { min: 5, max: 1_440 } as const;
export const DELIVERIES_LIMIT = { min: 1, max: 200, default: 50 } as const;

/** The channel as answers show it: never the whole URL, never the secret. */
export interface RuleChannelView {
  type: NotifyChannelType;
  /** Scheme and host, the path and query masked (`https://hooks.slack.com/services/***`). */
  url_masked: string;
  has_secret: boolean;
}

export interface RuleDelivery {
  id: string;
  /** Epoch ms: when the delivery was created (its batch closed). */
  at: number;
  status: DeliveryStatus;
  attempts: number;
  /** The last attempt's HTTP status; null when none answered (refused, timeout) or none yet. */
  http_status: number | null;
  event_count: number;
  /** The "send test" button's sample message (POST /api/rules/{id}/test). */
  test: boolean;
  /** Why the last attempt failed, safe to show (never the URL or secret); null when delivered. */
  reason: string | null;
  /** Epoch ms of the next attempt while `retrying`, else null. */
  next_attempt_at: number | null;
}

export interface RuleDeliveriesPage {
  total_num: number;
  data_list: RuleDelivery[];
}

/** What POST /api/rules/{id}/test answers: the sample message's outcome (also in the log). */
export interface RuleTestOutcome {
  delivery: RuleDelivery;
  ok: boolean;
}
