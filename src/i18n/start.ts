// The language at start-up and when the user changes it: a `?lang=` link is remembered and
// leaves the address (the pages never see it), the header switch is remembered too.
import type { i18n as I18n } from 'i18next';
import { createI18n } from './i18n';
import {
  chooseLanguage,
  LANGUAGE_PARAM,
  LANGUAGE_STORAGE_KEY,
  supportedLanguage,
  type Language,
} from './languages';

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage disabled: the browser's languages decide
  }
}

function rememberLanguage(language: Language) {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
}

/** Reads `?lang=` (remembering a valid one) and removes it from the address. */
function takeLanguageParam(): string | null {
  const url = new URL(window.location.href);
  const asked = url.searchParams.get(LANGUAGE_PARAM);
  if (asked === null) return null;
  const language = supportedLanguage(asked);
  if (language) rememberLanguage(language);
  url.searchParams.delete(LANGUAGE_PARAM);
  window.history.replaceState(window.history.state, '', url);
  return asked;
}

export function startI18n(): Promise<I18n> {
  const query = takeLanguageParam();
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return createI18n(chooseLanguage({ query, stored: readStoredLanguage(), preferred }));
}

/** The header switch: the page re-renders in `language` once its catalogues are in. */
export async function switchLanguage(instance: I18n, language: Language): Promise<void> {
  rememberLanguage(language);
  await instance.changeLanguage(language);
}
