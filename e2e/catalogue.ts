// The app's own words, read from its catalogues (src/i18n/locales/<language>/<namespace>.json) and
// formatted as the app formats them: a spec that finds a control by the name people read finds it
// by its message key, so rewording a message does not break a test that is not about the wording.
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

type Tree = { [key: string]: string | Tree };

const catalogues = new Map<string, Tree>();

function catalogue(language: string, namespace: string): Tree {
  const id = `${language}/${namespace}`;
  let tree = catalogues.get(id);
  if (!tree) {
    const file = new URL(`../src/i18n/locales/${id}.json`, import.meta.url);
    tree = JSON.parse(readFileSync(file, 'utf8')) as Tree;
    catalogues.set(id, tree);
  }
  return tree;
}

/** `message('en', 'lists:filterBar.removeFilter', { filter: 'Image name: store' })`. */
export function message(
  language: string,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const [namespace = '', path = ''] = key.split(':');
  let node: string | Tree | undefined = catalogue(language, namespace);
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no message ${key} in ${language}`);
  // As the app formats it (tags stay text, scripts/precompile-messages.mjs).
  const formatted = new IntlMessageFormat(node, language, undefined, { ignoreTag: true }).format(
    values,
  );
  return String(formatted);
}

/** An English message by key: `en('lists:filters.image_name')` is "Image name". */
export const en = (key: string, values?: Record<string, string | number>) =>
  message('en', key, values);
