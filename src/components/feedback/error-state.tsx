import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../i18n/rich-message';
import { errorText } from '../../i18n/error-text';
import { isApiError } from '../../lib/api-client';
import { SignInRequired } from './sign-in-required';

interface ErrorStateProps {
  error: unknown;
  /** What failed, in the user's words: "The repository images could not be loaded." */
  title: string;
  onRetry?: () => void;
}

/** A failed request in words, with the request id support will ask for, and a way to retry. */
export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  const { t, i18n } = useTranslation();
  if (isApiError(error) && error.isUnauthorized) return <SignInRequired />;
  const { text, original } = errorText(error, i18n);
  const requestId = isApiError(error) ? error.requestId : undefined;
  const upstream = isApiError(error) ? error.upstream : undefined;
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{title}</h2>
      <p>{text}</p>
      {original ? (
        <details className="muted">
          <summary>{t('feedback.originalMessage')}</summary>
          <p lang="en">{original}</p>
        </details>
      ) : null}
      {upstream && (upstream.code || upstream.message) ? (
        <p className="muted">
          {t('feedback.cloudAnswered', {
            status: upstream.status ? ` ${upstream.status}` : '',
            code: upstream.code ? ` ${upstream.code}` : '',
            message: upstream.message ? `: ${upstream.message}` : '',
            requestId: upstream.request_id
              ? t('feedback.cloudRequestId', { requestId: upstream.request_id })
              : '',
          })}
        </p>
      ) : null}
      {requestId ? (
        <p className="muted">
          <RichMessage
            i18nKey="feedback.requestId"
            values={{ requestId }}
            components={{ code: <code /> }}
          />
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--primary" onClick={onRetry}>
          {t('feedback.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** The ErrorState of a failed query, its retry a refetch. */
export function QueryErrorState({
  query,
  title,
}: {
  query: { error: unknown; refetch: () => Promise<unknown> };
  title: string;
}) {
  return <ErrorState error={query.error} title={title} onRetry={() => void query.refetch()} />;
}
