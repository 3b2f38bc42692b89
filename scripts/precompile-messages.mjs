// Compiles the ICU messages of the app's catalogues (src/i18n/locales/<language>/<namespace>.json)
// at build time, so the browser formats ready ASTs and never loads the ICU parser (about 7 KB
// gzipped off the first page; bench/app.bench.ts bounds it). A message with no argument becomes its
// plain text; any other its intl-messageformat AST (src/i18n/precompiled-format.ts formats both).
import { parse } from '@formatjs/icu-messageformat-parser';

const CATALOGUE_FILE = /\/src\/i18n\/locales\/[^/]+\/[^/]+\.json$/;

/** @param {string} message @param {string} key */
function compileMessage(message, key) {
  let elements;
  try {
    // Tags stay text: <RichMessage> (src/i18n/rich-message.tsx) reads them after formatting.
    elements = parse(message, { ignoreTag: true });
  } catch (error) {
    throw new Error(
      `message ${key} is not valid ICU: ${error instanceof Error ? error.message : error}`,
    );
  }
  // Literal elements only (type 0): the text itself, with ICU's quote escapes resolved.
  if (elements.every((element) => element.type === 0))
    return elements.map((element) => element.value).join('');
  return elements;
}

/**
 * The catalogue with each message compiled; nested keys keep their shape.
 * @param {unknown} tree
 * @returns {unknown}
 */
export function compileCatalogue(tree, prefix = '') {
  if (typeof tree === 'string') return compileMessage(tree, prefix);
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree))
    throw new Error(`catalogue entry ${prefix} is neither a message nor a group of messages`);
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [
      key,
      compileCatalogue(value, prefix ? `${prefix}.${key}` : key),
    ]),
  );
}

/**
 * Vite plugin: hands Vite's JSON loader each catalogue compiled, and the browser bundle the
 * parser-free build of the ICU parser module (intl-messageformat imports it; a call to its
 * `parse` would throw, which the compiled catalogues never make).
 * @param {{ withoutParser: boolean }} options
 * @returns {import('vite').Plugin}
 */
export function precompileMessages(options) {
  return {
    name: 'imagewatch:precompile-messages',
    enforce: 'pre',
    config: () =>
      options.withoutParser
        ? {
            resolve: {
              alias: [
                {
                  find: /^@formatjs\/icu-messageformat-parser$/,
                  replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
                },
              ],
            },
          }
        : {},
    transform(code, id) {
      if (!CATALOGUE_FILE.test(id.split('?')[0] ?? '')) return null;
      const compiled = compileCatalogue(JSON.parse(code));
      return { code: JSON.stringify(compiled), map: null };
    },
  };
}
