// A rule's message, in its language, from the app's own catalogues (notify.json for the message,
// changes.json for the event types and lists), formatted with intl-messageformat as the app's
// i18next-icu formats them: one source of truth for the words.
import { IntlMessageFormat } from 'intl-messageformat';
import changesEn from '../../i18n/locales/en/changes.json';
import notifyEn from '../../i18n/locales/en/notify.json';
import changesZh from '../../i18n/locales/zh-CN/changes.json';
import notifyZh from '../../i18n/locales/zh-CN/notify.json';
import type { ChangeEvent, ImageList, QueryRecord, RuleLang } from '../../shared/contracts';
import type { Notification } from './channel-types';

/** Lines per message: a chat message stays short; the link shows the rest. */
export const MESSAGE_MAX_LINES = 10;

const CATALOGUES = {
  en: { notify: notifyEn, changes: changesEn },
  'zh-CN': { notify: notifyZh, changes: changesZh },
} as const;

function format(lang: RuleLang, message: string, values: Record<string, string | number>): string {
  return String(new IntlMessageFormat(message, lang).format(values));
}

const imageName = (event: ChangeEvent) =>
  `${event.image.namespace}/${event.image.image_name}:${event.image.image_version}`;

export interface BatchMessageInput {
  rule: { id: string; name: string; lang: RuleLang };
  list: ImageList;
  /** The batch's matching events, oldest first (only the first MESSAGE_MAX_LINES are read). */
  events: readonly ChangeEvent[];
  eventCount: number;
  /** The Changes page's address for these events (absolute). */
  link: string;
  idempotencyKey: string;
}

export function batchMessage(input: BatchMessageInput): Notification {
  const { lang } = input.rule;
  const words = CATALOGUES[lang];
  const lines = input.events.slice(0, MESSAGE_MAX_LINES).map((event) =>
    format(lang, words.notify.line, {
      type: words.changes.types[event.event_type],
      image: imageName(event),
    }),
  );
  const rest = input.eventCount - lines.length;
  if (rest > 0) lines.push(format(lang, words.notify.more, { count: rest }));
  return {
    title: format(lang, words.notify.title, {
      count: input.eventCount,
      list: words.changes.lists[input.list],
      rule: input.rule.name,
    }),
    lines,
    link: input.link,
    linkText: words.notify.linkText,
    idempotencyKey: input.idempotencyKey,
    eventCount: input.eventCount,
  };
}

export function testMessage(
  rule: { name: string; lang: RuleLang },
  link: string,
  idempotencyKey: string,
): Notification {
  const words = CATALOGUES[rule.lang].notify;
  return {
    title: format(rule.lang, words.test.title, { rule: rule.name }),
    lines: [words.test.line],
    link,
    linkText: words.linkText,
    idempotencyKey,
    eventCount: 0,
    test: true,
  };
}

/**
 * The Changes page filtered to a batch: its list, event types and time span, plus the rule's
 * own filters (the page takes the list's filters under the same names).
 */
export function changesLink(
  publicUrl: string,
  batch: {
    list: ImageList;
    eventTypes: readonly string[];
    since: number;
    until: number;
    filters: QueryRecord;
  },
): string {
  const params = new URLSearchParams({
    list: batch.list,
    event_type: batch.eventTypes.join(','),
    since: String(batch.since),
    until: String(batch.until),
  });
  for (const [key, value] of Object.entries(batch.filters))
    if (!params.has(key)) params.set(key, value);
  return `${publicUrl}/changes?${params.toString()}`;
}
