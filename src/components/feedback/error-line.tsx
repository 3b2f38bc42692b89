import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/error-text';

/** A failed action (save, delete, send) in one line, in the reader's language. */
export function ErrorLine({ error }: { error: unknown }) {
  const { i18n } = useTranslation();
  const { text, original } = errorText(error, i18n);
  return (
    <p className="error-line" role="alert">
      {text}
      {original ? (
        <span className="muted" lang="en">
          {' '}
          ({original})
        </span>
      ) : null}
    </p>
  );
}
