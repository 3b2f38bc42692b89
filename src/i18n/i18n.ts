// The i18next instance: ICU messages (plurals, select, interpolation) from per-language
// catalogues that are loaded on demand, so a language's text is fetched only when it is used. The
// catalogues arrive compiled (scripts/precompile-messages.mjs): no ICU parsing in the browser.
import i18next, { type BackendModule, type i18n as I18n } from 'i18next';
import { getI18n, initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from './languages';
import { precompiledFormat } from './precompiled-format';

/** One catalogue file per namespace and language: src/i18n/locales/<language>/<namespace>.json. */
export const NAMESPACES = [
  'common',
  'sync',
  'enums',
  'changes',
  'acr',
  'export',
  'detail',
  'lists',
  'table',
  'overview',
  'views',
  'rules',
  'notify',
  'baseImages',
  'search',
  'access',
  'audit',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * What every page's first paint reads (the header, the sync line, the lists and their table):
 * loaded at start. The other pages' catalogues load with their code (`loadNamespaces`), so the
 * first page carries only its own words (bench/app.bench.ts bounds it).
 */
export const FIRST_PAGE_NAMESPACES = [
  'common',
  'sync',
  'enums',
  'lists',
  'table',
] as const satisfies readonly Namespace[];

/** A message lookup with its values, as the describing functions outside React take it. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

const lazyCatalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    // A chunk per catalogue: the build keeps every language's text out of the first page.
    import(`./locales/${language}/${namespace}.json`).then(
      (module: { default: Record<string, unknown> }) => callback(null, module.default),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

/**
 * The instance last created, until its start-up catalogues are in: the router loads a page's code
 * while they arrive (main.tsx), and a page's own catalogues must wait for that instance.
 */
let starting: Promise<I18n> | undefined;

/** A ready instance in `language` (its catalogues loaded); `<html lang>` follows its language. */
export function createI18n(language: Language): Promise<I18n> {
  starting = initI18n(language);
  return starting;
}

async function initI18n(language: Language): Promise<I18n> {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (current) => {
    if (typeof document !== 'undefined') document.documentElement.lang = current;
  });
  await instance
    .use(lazyCatalogues)
    .use(precompiledFormat)
    .use(initReactI18next)
    .init({
      lng: language,
      supportedLngs: LANGUAGES,
      // Every key exists in every catalogue (a test checks it): no second language to load.
      fallbackLng: false,
      load: 'currentOnly',
      ns: FIRST_PAGE_NAMESPACES,
      defaultNS: 'common',
      // React escapes what it renders.
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
  return instance;
}

/** A namespace's lookup in the instance's current language, for code outside components. */
export function translatorFor(instance: I18n, namespace: Namespace): Translate {
  const t = instance.getFixedT(null, namespace);
  return (key, values) => t(key, values ?? {});
}

/**
 * Loads catalogues a lazily loaded page or drawer reads, before it renders (no key shows while
 * they arrive); on a language switch i18next reloads every namespace already loaded.
 */
export async function loadNamespaces(...namespaces: Namespace[]): Promise<void> {
  await starting;
  await getI18n()?.loadNamespaces(namespaces);
}
