// A failed request in the user's language. The BFF's `message` is English, meant for scripts and
// logs: English readers get it as it is (it names the field and the limit); other languages get
// the catalogue's text for the error's stable `code`, with the server's words kept beside it.
import type { i18n as I18n } from 'i18next';
import { isApiError } from '../lib/api-client';
import { ERROR_CODES, type ErrorCode } from '../shared/contracts/facts';

export interface ErrorText {
  text: string;
  /** The message as the server or the browser wrote it, when the text shown is its translation. */
  original?: string;
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

export function errorText(error: unknown, i18n: I18n): ErrorText {
  const t = i18n.getFixedT(null, 'common');
  const english = i18n.language === 'en';
  if (isApiError(error)) {
    if (english || !isErrorCode(error.code)) return { text: error.message };
    const text = t(`errors.${error.code}`, { field: error.field ?? '' });
    return error.message ? { text, original: error.message } : { text };
  }
  if (english && error instanceof Error) return { text: error.message };
  // A network failure or a bug in the page: the browser's words are no help to the reader.
  return error instanceof Error
    ? { text: t('feedback.somethingWentWrong'), original: error.message }
    : { text: t('feedback.somethingWentWrong') };
}
