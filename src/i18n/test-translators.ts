// For tests of the describing functions outside React: a namespace's lookup in a language, its
// catalogue loaded first as a lazily loaded page loads it (i18n.ts FIRST_PAGE_NAMESPACES).
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
