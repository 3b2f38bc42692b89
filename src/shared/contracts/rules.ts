// Watch rules (GET/POST /api/rules, GET/PUT/DELETE /api/rules/{id}, POST /api/rules/{id}/test,
// GET /api/rules/{id}/deliveries): a saved view (or a list and its filters) plus event types, a
// chat channel and a mode. The channel's URL and secret stay on the server: answers carry a
// masked URL and whether a secret is set. The facts without zod are in rules-facts.ts.
import { z } from 'zod';
import { listQueryField, nameField } from './body-fields';
import { IMAGE_LISTS, type ImageList } from './bff-facts';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from './changes-facts';
import { intParam } from './params';
import {
  DELIVERIES_LIMIT,
  DIGEST_MINUTES,
  NOTIFY_CHANNEL_TYPES,
  RULE_LANGS,
  RULE_NAME_MAX,
  RULE_QUERY_MAX,
  RULE_SECRET_MAX,
  RULE_URL_MAX,
  RULE_MODES,
  type RuleChannelView,
  type RuleDelivery,
  type RuleLang,
  type RuleMode,
} from './rules-facts';

export * from './rules-facts';

const channelUrl = z
  .string({ error: 'must be a URL' })
  .trim()
  .max(RULE_URL_MAX, { error: `must have at most ${RULE_URL_MAX} characters` })
  .refine((value) => URL.canParse(value), { error: 'must be a URL' });

function channelShape<U extends z.ZodType>(url: U) {
  return z.strictObject({
    type: z.enum(NOTIFY_CHANNEL_TYPES, {
      error: `must be one of ${NOTIFY_CHANNEL_TYPES.join(', ')}`,
    }),
    url,
    secret: z
      .string({ error: 'must be a text' })
      .min(1, { error: 'must not be empty' })
      .max(RULE_SECRET_MAX, { error: `must have at most ${RULE_SECRET_MAX} characters` })
      .optional(),
  });
}

const ruleFields = {
  name: nameField(RULE_NAME_MAX),
  /** A saved view's id: its list and query are the rule's filters (read when matching). */
  view_id: z
    .string({ error: 'must be a view id (digits)' })
    .regex(/^[0-9]{1,18}$/, { error: 'must be a view id (digits)' })
    .optional(),
  list: z.enum(IMAGE_LISTS, { error: `must be one of ${IMAGE_LISTS.join(', ')}` }).optional(),
  query: listQueryField(RULE_QUERY_MAX).optional(),
  event_types: z
    .array(
      z.enum(CHANGE_EVENT_TYPES, { error: `must be among ${CHANGE_EVENT_TYPES.join(', ')}` }),
      {
        error: 'must be a list of event types',
      },
    )
    .min(1, { error: 'must name at least one event type' })
    .refine((types) => new Set(types).size === types.length, {
      error: 'must not repeat an event type',
    }),
  mode: z.enum(RULE_MODES, { error: `must be one of ${RULE_MODES.join(', ')}` }),
  digest_minutes: z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(DIGEST_MINUTES.min, { error: `must be at least ${DIGEST_MINUTES.min}` })
    .max(DIGEST_MINUTES.max, { error: `must be at most ${DIGEST_MINUTES.max}` })
    .optional(),
  lang: z.enum(RULE_LANGS, { error: `must be one of ${RULE_LANGS.join(', ')}` }).default('en'),
};

type Issues = { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void };

function checkRule(
  value: {
    view_id?: string | undefined;
    list?: ImageList | undefined;
    query?: string | undefined;
    mode: RuleMode;
    digest_minutes?: number | undefined;
  },
  ctx: Issues,
): void {
  if (value.view_id !== undefined) {
    for (const field of ['list', 'query'] as const)
      if (value[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'must be absent with view_id' });
  } else if (value.list === undefined)
    ctx.addIssue({ code: 'custom', path: ['list'], message: 'is required without view_id' });
  if (value.mode === 'digest' && value.digest_minutes === undefined)
    ctx.addIssue({ code: 'custom', path: ['digest_minutes'], message: 'is required with digest' });
  if (value.mode === 'immediate' && value.digest_minutes !== undefined)
    ctx.addIssue({ code: 'custom', path: ['digest_minutes'], message: 'is only for digest' });
}

/** POST /api/rules: a new rule, its channel's URL required. */
export const RuleInputSchema = z
  .strictObject({ ...ruleFields, channel: channelShape(channelUrl) })
  .superRefine(checkRule);
export type RuleInput = z.output<typeof RuleInputSchema>;

/**
 * PUT /api/rules/{id}: the whole rule, except that the channel's `url` may be omitted to keep the
 * stored one (the browser only has it masked), and an omitted `secret` keeps the stored secret.
 */
export const RuleUpdateSchema = z
  .strictObject({ ...ruleFields, channel: channelShape(channelUrl.optional()) })
  .superRefine(checkRule);
export type RuleUpdate = z.output<typeof RuleUpdateSchema>;

export const RuleIdSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/, { error: 'must be a rule id (digits)' });

export const RuleDeliveriesQuerySchema = z.strictObject({
  offset: intParam(0, 1_000_000).optional(),
  limit: intParam(DELIVERIES_LIMIT.min, DELIVERIES_LIMIT.max).optional(),
});

/** A rule as the routes answer it. */
export interface WatchRule {
  id: string;
  name: string;
  /** The saved view whose list and query filter the events; null for a rule with its own. */
  view_id: string | null;
  /** The rule's own list and query; null when it follows a view (the view holds them). */
  list: ImageList | null;
  query: string | null;
  event_types: ChangeEventType[];
  channel: RuleChannelView;
  mode: RuleMode;
  /** Minutes per digest; null in immediate mode. */
  digest_minutes: number | null;
  lang: RuleLang;
  created_at: number;
  updated_at: number;
  /** The newest delivery, if any. */
  last_delivery?: RuleDelivery;
}
