// For tests of the describing functions outside React: a namespace's lookup in a language, its
// catalogue loaded first as a lazily loaded page loads it (i18n.ts FIRST_PAGE_NAMESPACES).
import { beforeAll } from 'vitest';
import { createI18n, translatorFor, type Namespace, type Translate } from './i18n';
import type { Language } from './languages';

export async function loadedTranslator(
  language: Language,
  namespace: Namespace,
): Promise<Translate> {
  const instance = await createI18n(language);
  await instance.loadNamespaces(namespace);
  return translatorFor(instance, namespace);
}

/**
 * Call at a test file's top: the Chinese and English lookups of `namespace`, their catalogues
 * loaded before the file's tests (each lookup fails if called before then).
 */
export function translatorsLoadedBeforeAll(namespace: Namespace): Record<'zh' | 'en', Translate> {
  const loaded: Partial<Record<'zh' | 'en', Translate>> = {};
  beforeAll(async () => {
    loaded.zh = await loadedTranslator('zh-CN', namespace);
    loaded.en = await loadedTranslator('en', namespace);
  });
  const lookup =
    (language: 'zh' | 'en'): Translate =>
    (key, values) => {
      const translate = loaded[language];
      if (!translate)
        throw new Error(`the ${language} catalogue of ${namespace} is not loaded yet`);
      return translate(key, values);
    };
  return { zh: lookup('zh'), en: lookup('en') };
}
