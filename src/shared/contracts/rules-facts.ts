// Watch rules' facts that need no schema (facts.ts): channel types, modes, delivery states.

/** The chat channels a rule can notify, each with its vendor's own format and signing. */
export const NOTIFY_CHANNEL_TYPES = ['webhook', 'slack', 'dingtalk', 'feishu', 'wecom'] as const;
export type NotifyChannelType = (typeof NOTIFY_CHANNEL_TYPES)[number];

/** `immediate`: a message per sync cycle's matching events; `digest`: one every N minutes. */
export const RULE_MODES = ['immediate', 'digest'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export const DELIVERY_STATUSES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
