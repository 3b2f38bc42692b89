// The catalogues hold together: every message in both languages, each one valid ICU with the same
// arguments and tags in both, every vendor enum value and every BFF error code labelled, English
// labels as the contracts word them, and the glossary's terms used as docs/glossary.md says.
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  PIPELINE_TYPE_LABELS,
  PIPELINE_TYPES,
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  SCAN_STATUS_LABELS,
  SCAN_STATUSES,
  SEVERITY_LABELS,
  SEVERITY_LEVELS,
} from '../shared/contracts';
import { NAMESPACES, type Namespace } from './i18n';
import { LANGUAGES, type Language } from './languages';

type Catalogue = Record<string, string>;

function flatten(tree: unknown, prefix = ''): Catalogue {
  const flat: Catalogue = {};
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flatten(value, path));
  }
  return flat;
}

function catalogue(language: Language, namespace: Namespace): Catalogue {
  const file = new URL(`./locales/${language}/${namespace}.json`, import.meta.url);
  return flatten(JSON.parse(readFileSync(file, 'utf8')));
}

const CATALOGUES = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.fromEntries(NAMESPACES.map((namespace) => [namespace, catalogue(language, namespace)])),
  ]),
) as Record<Language, Record<Namespace, Catalogue>>;

/** Argument names of an ICU message, nested ones (in plural and select branches) included. */
function icuArguments(message: string, language: Language): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as {
      value?: unknown;
      type: number;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      // Types 1-6 are argument, number, date, time, select, plural (intl-messageformat's AST).
      if (element.type >= 1 && element.type <= 6 && typeof element.value === 'string') {
        names.add(element.value);
      }
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  // As the build compiles them (scripts/precompile-messages.mjs): tags pass through to
  // <RichMessage> (rich-message.tsx).
  walk(new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

function tags(message: string): string[] {
  return [...message.matchAll(/<\/?([a-z]+)>/g)].map((match) => match[0]).sort();
}

describe.each(NAMESPACES)('the %s catalogues', (namespace) => {
  const english = CATALOGUES.en[namespace];
  const chinese = CATALOGUES['zh-CN'][namespace];

  it('have the same keys in every language', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
  });

  it('hold valid ICU messages with the same arguments and tags in every language', () => {
    for (const [key, message] of Object.entries(english)) {
      const translated = chinese[key] ?? '';
      expect(icuArguments(translated, 'zh-CN'), `${namespace}:${key}`).toEqual(
        icuArguments(message, 'en'),
      );
      expect(tags(translated), `${namespace}:${key}`).toEqual(tags(message));
    }
  });
});

describe('the enum labels', () => {
  const groups = {
    severity: [SEVERITY_LEVELS, SEVERITY_LABELS],
    scanStatus: [SCAN_STATUSES, SCAN_STATUS_LABELS],
    imageType: [REGISTRY_IMAGE_TYPES, REGISTRY_IMAGE_TYPE_LABELS],
    pipelineType: [PIPELINE_TYPES, PIPELINE_TYPE_LABELS],
  } as const;

  it.each(LANGUAGES)('label every value of the contracts in %s', (language) => {
    const labels = CATALOGUES[language].enums;
    for (const [group, [values]] of Object.entries(groups)) {
      for (const value of values)
        expect(labels[`${group}.${value}`], `${group}.${value}`).toMatch(/\S/);
    }
  });

  it('keep the English wording of the contracts', () => {
    const labels = CATALOGUES.en.enums;
    for (const [group, [values, english]] of Object.entries(groups)) {
      for (const value of values) {
        expect(labels[`${group}.${value}`]).toBe((english as Record<string, string>)[value]);
      }
    }
  });
});

it.each(LANGUAGES)('every BFF error code has its text in %s', (language) => {
  for (const code of ERROR_CODES) {
    expect(CATALOGUES[language].common[`errors.${code}`], code).toMatch(/\S/);
  }
});

describe('the glossary', () => {
  const rows = readFileSync(new URL('../../docs/glossary.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^\|\s*[^-\s|]/.test(line) && !/^\|\s*Term\s*\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const keyed = rows.filter(([, key]) => key && key !== '—');

  it('lists the terms, most of them tied to a message', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(keyed.length).toBeGreaterThan(20);
  });

  it('is what the catalogues say, word for word, in both languages', () => {
    for (const [term, key = '', english, chinese] of keyed) {
      const [namespace, path] = key.replaceAll('`', '').split(':') as [Namespace, string];
      expect(CATALOGUES.en[namespace][path], `${term} (${key})`).toBe(english);
      expect(CATALOGUES['zh-CN'][namespace][path], `${term} (${key})`).toBe(chinese);
    }
  });
});
