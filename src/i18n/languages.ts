// Which language the app speaks: a `?lang=` in the link, else the user's remembered choice, else
// the browser's preferred languages; English when none of them is one the app has.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** The localStorage key of the user's choice (the header switch, or a `?lang=` link). */
export const LANGUAGE_STORAGE_KEY = 'imagewatch.language';
/** The query parameter a shared link uses to force a language. */
export const LANGUAGE_PARAM = 'lang';

/**
 * The app's language for a BCP 47 tag, if it has one: zh, zh-CN and Simplified script tags
 * (zh-Hans, zh-Hans-CN, …) are Simplified Chinese; zh-TW and zh-Hant are not (the app has no
 * Traditional Chinese); en and any en-* are English.
 */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-hans' || lower.startsWith('zh-hans-')) {
    return 'zh-CN';
  }
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

export interface LanguageSources {
  /** The `lang` query parameter of the address the app opened at. */
  query: string | null;
  /** The remembered choice. */
  stored: string | null;
  /** `navigator.languages`, most preferred first. */
  preferred: readonly string[];
}

/** A link's `?lang=` first, then the remembered choice, then the browser's first usable language. */
export function chooseLanguage({ query, stored, preferred }: LanguageSources): Language {
  return (
    supportedLanguage(query) ??
    supportedLanguage(stored) ??
    preferred.map(supportedLanguage).find((language) => language !== undefined) ??
    DEFAULT_LANGUAGE
  );
}
