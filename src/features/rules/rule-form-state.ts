// The rule form's state and the body it sends. The channel's URL and secret are write-only: an
// edit starts with both empty (the answer has only the masked URL) and sends each only when the
// user types a new one, so the stored ones are kept (PUT /api/rules/{id}, contracts/rules.ts).
import {
  CHANGE_EVENT_TYPES,
  type ChangeEventType,
  type ImageList,
  type NotifyChannelType,
  type RuleLang,
  type RuleMode,
} from '../../shared/contracts/facts';
import type { WatchRule } from '../../shared/contracts/rules';
import type { RuleBody } from './api/rules';

/** Channels whose vendor signs with a secret (generic webhook HMAC, DingTalk, Feishu). */
export const CHANNELS_WITH_SECRET: readonly NotifyChannelType[] = ['webhook', 'dingtalk', 'feishu'];

export type RuleSource = 'view' | 'list';

export interface RuleForm {
  name: string;
  source: RuleSource;
  viewId: string;
  list: ImageList;
  query: string;
  eventTypes: ChangeEventType[];
  channelType: NotifyChannelType;
  /** A new URL; empty on edit keeps the stored one. */
  url: string;
  /** A new secret; empty keeps the stored one (never shown). */
  secret: string;
  mode: RuleMode;
  digestMinutes: number;
  lang: RuleLang;
}

/** What most teams want told: new images and anything that got worse. */
const DEFAULT_EVENT_TYPES: ChangeEventType[] = [
  'appeared',
  'severity_changed',
  'risk_changed',
  'scan_failed',
];

export function newRuleForm(view: { id: string; name: string } | undefined): RuleForm {
  return {
    name: view?.name ?? '',
    source: view ? 'view' : 'list',
    viewId: view?.id ?? '',
    list: 'registry',
    query: '',
    eventTypes: CHANGE_EVENT_TYPES.filter((type) => DEFAULT_EVENT_TYPES.includes(type)),
    channelType: 'webhook',
    url: '',
    secret: '',
    mode: 'immediate',
    digestMinutes: 60,
    lang: 'en',
  };
}

export function formFromRule(rule: WatchRule): RuleForm {
  return {
    name: rule.name,
    source: rule.view_id === null ? 'list' : 'view',
    viewId: rule.view_id ?? '',
    list: rule.list ?? 'registry',
    query: rule.query ?? '',
    eventTypes: [...rule.event_types],
    channelType: rule.channel.type,
    url: '',
    secret: '',
    mode: rule.mode,
    digestMinutes: rule.digest_minutes ?? 60,
    lang: rule.lang,
  };
}

/** The request body; `editing`: an empty URL or secret is left out (kept on the server). */
export function ruleBody(form: RuleForm, editing: boolean): RuleBody {
  const url = form.url.trim();
  const signs = CHANNELS_WITH_SECRET.includes(form.channelType);
  const query = form.query.trim().replace(/^\?/, '');
  return {
    name: form.name.trim(),
    ...(form.source === 'view' ? { view_id: form.viewId } : { list: form.list, query }),
    event_types: CHANGE_EVENT_TYPES.filter((type) => form.eventTypes.includes(type)),
    channel: {
      type: form.channelType,
      ...(url !== '' || !editing ? { url } : {}),
      ...(signs && form.secret !== '' ? { secret: form.secret } : {}),
    },
    mode: form.mode,
    ...(form.mode === 'digest' ? { digest_minutes: form.digestMinutes } : {}),
    lang: form.lang,
  };
}
