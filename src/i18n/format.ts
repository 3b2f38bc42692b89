// Numbers, sizes, durations and times in the chosen language, through Intl. English keeps the
// product's compact forms ("3 min", "5 d ago": src/lib/format.ts, pinned by its tests); other
// languages take Intl's own words ("3分钟", "5天前"). Absolute times always show their time zone.
import { useMemo } from 'react';
import {
  EXACT_TIME_OPTIONS,
  formatBytes,
  formatDuration,
  formatRelativeTime,
  isoInstant,
  type EpochMsValue,
} from '../lib/format';
import type { Translate } from './i18n';
import { supportedLanguage, type Language } from './languages';
import { fixedTranslator, useLanguage } from './translator';

export interface Formatters {
  /** The BCP 47 locale the formats use. */
  locale: string;
  number(value: number): string;
  bytes(bytes: number): string;
  duration(ms: number): string;
  relativeTime(epochMs: EpochMsValue, now?: number): string;
  exactTime(epochMs: EpochMsValue): string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

type CoarseUnit = 'second' | 'minute' | 'hour' | 'day' | 'year';

/** The same coarse steps as the English forms: whole seconds, minutes, hours, days, years. */
function coarse(ms: number): [value: number, unit: CoarseUnit] {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return [Math.max(1, Math.round(abs / SECOND)), 'second'];
  if (abs < HOUR) return [Math.round(abs / MINUTE), 'minute'];
  if (abs < DAY) return [Math.round(abs / HOUR), 'hour'];
  if (abs < YEAR) return [Math.round(abs / DAY), 'day'];
  return [Math.round(abs / YEAR), 'year'];
}

/**
 * The English locale for formats: the browser's own English (en-GB writes dates its way), else
 * en-US.
 */
export function englishLocale(preferred: readonly string[]): string {
  return preferred.find((tag) => supportedLanguage(tag) === 'en' && tag.includes('-')) ?? 'en-US';
}

export function createFormatters(
  language: Language,
  t: Translate,
  preferred: readonly string[] = [],
): Formatters {
  const locale = language === 'en' ? englishLocale(preferred) : language;
  const numbers = new Intl.NumberFormat(locale);
  const exact = new Intl.DateTimeFormat(locale, EXACT_TIME_OPTIONS);
  const exactTime = (epochMs: EpochMsValue) => {
    if (isoInstant(epochMs) === undefined) {
      const digits = typeof epochMs === 'string' ? epochMs : String(Math.trunc(epochMs));
      return t('format.beyondDateRange', { digits });
    }
    return exact.format(new Date(Number(epochMs)));
  };
  if (language === 'en') {
    return {
      locale,
      number: (value) => numbers.format(value),
      bytes: formatBytes,
      duration: formatDuration,
      relativeTime: formatRelativeTime,
      exactTime,
    };
  }
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const duration = (ms: number) => {
    const [value, unit] = coarse(ms);
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(
      value,
    );
  };
  return {
    locale,
    number: (value) => numbers.format(value),
    // Unit symbols (KB, MB) read the same in every language; the digits follow the locale.
    bytes: (bytes) => formatBytes(bytes, locale),
    duration,
    relativeTime: (epochMs, at = Date.now()) => {
      const delta = at - Number(epochMs);
      // Intl's "now" (现在) reads as a state, not a moment: the catalogue says "just now" (刚刚).
      if (Math.abs(delta) < 10 * SECOND) return t('format.justNow');
      const [value, unit] = coarse(Math.abs(delta));
      return relative.format(delta > 0 ? -value : value, unit);
    },
    exactTime,
  };
}

/**
 * Formatters by i18next instance (its resource store: each component's `i18n` is a copy of the
 * instance sharing it) and language. Every cell of a table formats, and Intl's constructors are
 * slow (a list's first rows created hundreds of them); the `common` translator of one instance
 * in one language reads the same whichever component asked first.
 */
const sharedFormatters = new WeakMap<object, Map<string, Formatters>>();
const WITHOUT_INSTANCE = {};

export function formattersFor(
  store: object,
  language: Language,
  t: Translate,
  preferred: readonly string[],
): Formatters {
  let byLanguage = sharedFormatters.get(store);
  if (!byLanguage) sharedFormatters.set(store, (byLanguage = new Map()));
  const key = `${language}|${preferred.join(',')}`;
  let formatters = byLanguage.get(key);
  if (!formatters) byLanguage.set(key, (formatters = createFormatters(language, t, preferred)));
  return formatters;
}

/** The formatters of the language the app speaks now. */
export function useFormatters(): Formatters {
  const { i18n, language } = useLanguage();
  const store = (i18n.store as object | undefined) ?? WITHOUT_INSTANCE;
  return useMemo(
    () =>
      formattersFor(
        store,
        supportedLanguage(language) ?? 'en',
        fixedTranslator(i18n, language, 'common') as Translate,
        navigator.languages,
      ),
    [store, i18n, language],
  );
}
