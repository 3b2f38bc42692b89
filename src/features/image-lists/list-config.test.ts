// A list is a configuration: every word it names (title, filter labels, column names) is a
// message key, present in every language's catalogue, so the page reads in the chosen language.
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { LANGUAGES } from '../../i18n/languages';
import type { ListConfig } from './list-config';
import { CICD_LIST } from './lists/cicd';
import { REGISTRY_LIST } from './lists/registry';

/** Every message key the configuration names (column names are namespaced: they are shared). */
function messageKeys(config: ListConfig<never>): string[] {
  const keys = [config.title, config.lead, config.errorTitle];
  for (const filter of config.filters) {
    keys.push(filter.label);
    if (filter.kind === 'boolean') keys.push(filter.yes, ...(filter.onlyTrue ? [] : [filter.no]));
  }
  for (const column of config.columns) {
    const meta = column.meta;
    if (meta?.label !== undefined) keys.push(meta.label);
    if (meta?.shortLabel !== undefined) keys.push(meta.shortLabel);
  }
  return keys;
}

describe.each(LANGUAGES)('the list configurations in %s', (language) => {
  it.each([REGISTRY_LIST, CICD_LIST] as unknown as ListConfig<never>[])(
    'name only message keys of the catalogues ($list)',
    async (config) => {
      const i18n = await createI18n(language);
      const keys = messageKeys(config);
      expect(keys.length).toBeGreaterThan(40);
      for (const key of keys) expect(i18n.exists(key, { ns: 'lists' }), key).toBe(true);
    },
  );
});
