// The catalogues compiled at build time (scripts/precompile-messages.mjs) read exactly as the ICU
// source does: every message of every catalogue, formatted through the app's runtime
// (src/i18n/precompiled-format.ts) from its compiled form, equals the source message parsed and
// formatted by intl-messageformat, with the same values, in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../scripts/precompile-messages.mjs';
import { formatCompiledMessage } from '../src/i18n/precompiled-format';

const LOCALES = new URL('../src/i18n/locales/', import.meta.url);

function leaves(tree: unknown, prefix = ''): [string, unknown][] {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree).flatMap(([key, value]) =>
    leaves(value, prefix ? `${prefix}.${key}` : key),
  );
}

/** A value for each argument of a message: counts for plurals and numbers, a date for dates. */
function sampleValues(elements: MessageFormatElement[], values: Record<string, unknown> = {}) {
  for (const element of elements) {
    if ('value' in element && typeof element.value === 'string' && element.type !== 0) {
      // 2 number, 6 plural; 3 date, 4 time; 5 select takes its first option; others a string.
      if (element.type === 2 || element.type === 6) values[element.value] = 3;
      else if (element.type === 3 || element.type === 4)
        values[element.value] = Date.UTC(2026, 0, 2);
      else if (element.type === 5) values[element.value] = Object.keys(element.options)[0];
      else values[element.value] ??= `<${element.value}>`;
    }
    if ('options' in element)
      for (const option of Object.values(element.options)) sampleValues(option.value, values);
    if ('children' in element) sampleValues(element.children, values);
  }
  return values;
}

const languages = readdirSync(LOCALES);

describe('precompiled catalogues', () => {
  it('finds the catalogues', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'zh-CN']));
  });

  for (const language of languages) {
    for (const file of readdirSync(new URL(`${language}/`, LOCALES))) {
      it(`${language}/${file}: every message formats as its ICU source does`, () => {
        const source = JSON.parse(readFileSync(new URL(`${language}/${file}`, LOCALES), 'utf8'));
        const compiled = new Map(leaves(compileCatalogue(source)));
        for (const [key, message] of leaves(source)) {
          expect(typeof message, key).toBe('string');
          const values = sampleValues(parse(message as string, { ignoreTag: true }));
          const expected = new IntlMessageFormat(message as string, language, undefined, {
            ignoreTag: true,
          }).format(values);
          expect(formatCompiledMessage(compiled.get(key), language, values), key).toBe(expected);
        }
      });
    }
  }

  it('keeps a message without arguments as its text, escapes resolved', () => {
    expect(
      compileCatalogue({ a: "It''s {count, plural, one {# image} other {# images}}" }),
    ).toEqual({ a: expect.any(Array) });
    expect(compileCatalogue({ b: { c: "Don''t '{'panic'}'" } })).toEqual({
      b: { c: "Don't {panic}" },
    });
  });

  it('refuses a message that is not valid ICU, naming its key', () => {
    expect(() => compileCatalogue({ broken: { here: 'one {brace' } })).toThrow(/broken\.here/);
  });
});
