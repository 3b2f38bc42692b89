import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { LANGUAGES } from '../i18n/languages';
import { PAGE_NAME_KEYS } from './use-document-title';

describe.each(LANGUAGES)('page names in %s', (language) => {
  it.each(Object.entries(PAGE_NAME_KEYS))('%s has a name in the catalogue', async (_, key) => {
    const i18n = await createI18n(language);
    // A later page's own namespace loads with its code.
    if (key.includes(':')) await i18n.loadNamespaces(key.slice(0, key.indexOf(':')));
    expect(i18n.exists(key), key).toBe(true);
  });
});
