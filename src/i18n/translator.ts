// The language and a namespace's lookup for components that render by the hundred (a table's
// cells, a filter's counts). react-i18next's `useTranslation` makes, on each component's first
// render, a copy of the i18n instance, a fixed `t` and a subscription of its own: on a list's
// first rows that was the largest script cost after the rows' answer (docs/benchmarks.md, s41-nav).
// Here every component shares one subscription per instance and one `t` per language and
// namespace. Only the first page's namespaces: they are loaded before anything renders and again
// before a language change is announced, so nothing has to wait for a catalogue.
import { useContext, useSyncExternalStore } from 'react';
import { getI18n, I18nContext } from 'react-i18next';
import type { i18n as I18n, TFunction } from 'i18next';
import type { FIRST_PAGE_NAMESPACES } from './i18n';

export type FirstPageNamespace = (typeof FIRST_PAGE_NAMESPACES)[number];

interface LanguageWatch {
  subscribe: (onChange: () => void) => () => void;
  fixedTs: Map<string, unknown>;
}

const watches = new WeakMap<I18n, LanguageWatch>();

function watchOf(i18n: I18n): LanguageWatch {
  let watch = watches.get(i18n);
  if (!watch) {
    const listeners = new Set<() => void>();
    i18n.on('languageChanged', () => {
      for (const listener of listeners) listener();
    });
    watch = {
      subscribe: (onChange) => {
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
      fixedTs: new Map(),
    };
    watches.set(i18n, watch);
  }
  return watch;
}

/** The i18n instance of the tree (as react-i18next finds it) and its language, kept current. */
export function useLanguage(): { i18n: I18n; language: string } {
  const fromContext = useContext(I18nContext) as { i18n?: I18n } | undefined;
  const i18n = fromContext?.i18n ?? getI18n();
  const readLanguage = () => i18n.language;
  // The same reading on the server (tests render components to static markup).
  const language = useSyncExternalStore(watchOf(i18n).subscribe, readLanguage, readLanguage);
  return { i18n, language };
}

/** The instance's lookup in `namespace` and `language`, made once. */
export function fixedTranslator<N extends FirstPageNamespace>(
  i18n: I18n,
  language: string,
  namespace: N,
): TFunction<N> {
  const { fixedTs } = watchOf(i18n);
  const key = `${language}|${namespace}`;
  let t = fixedTs.get(key) as TFunction<N> | undefined;
  if (!t) fixedTs.set(key, (t = i18n.getFixedT(language, namespace)));
  return t;
}

/** `useTranslation(namespace).t` for a first-page namespace, without its per-component cost. */
export function useFixedT<N extends FirstPageNamespace>(namespace: N): TFunction<N> {
  const { i18n, language } = useLanguage();
  return fixedTranslator(i18n, language, namespace);
}
