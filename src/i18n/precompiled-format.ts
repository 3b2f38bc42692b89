// i18next's message format for the catalogues compiled at build time
// (scripts/precompile-messages.mjs): a message is its plain text or an ICU AST, formatted with
// intl-messageformat without parsing, so the ICU parser stays out of the browser bundle.
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { I18nFormatModule } from 'i18next';
import { IntlMessageFormat } from 'intl-messageformat';

/** Each AST's formatter per language, built once; an AST dropped with its catalogue frees them. */
const formatters = new WeakMap<MessageFormatElement[], Map<string, IntlMessageFormat>>();

/** A compiled message in `language` with `values`; a message that is text is returned as is. */
export function formatCompiledMessage(
  message: unknown,
  language: string,
  values: Record<string, unknown> = {},
): string {
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return String(message);
  const ast = message as MessageFormatElement[];
  let byLanguage = formatters.get(ast);
  if (!byLanguage) formatters.set(ast, (byLanguage = new Map()));
  let formatter = byLanguage.get(language);
  if (!formatter) {
    // Tags were kept as text at compile time: <RichMessage> reads them afterwards.
    formatter = new IntlMessageFormat(ast, language, undefined, { ignoreTag: true });
    byLanguage.set(language, formatter);
  }
  const formatted = formatter.format(values as Record<string, string | number | Date>);
  return Array.isArray(formatted) ? formatted.join('') : String(formatted);
}

/** The i18next module (`instance.use(precompiledFormat)`). */
export const precompiledFormat: I18nFormatModule & {
  parse(message: unknown, values: Record<string, unknown>, language: string): string;
} = {
  type: 'i18nFormat',
  parse: (message, values, language) => formatCompiledMessage(message, language, values),
};
