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
  if (isApiError(error) && error.isUnauthorized) return <SignInRequired />;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const requestId = isApiError(error) ? error.requestId : undefined;
  const upstream = isApiError(error) ? error.upstream : undefined;
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{title}</h2>
      <p>{message}</p>
      {upstream && (upstream.code || upstream.message) ? (
        <p className="muted">
          The cloud answered{upstream.status ? ` ${upstream.status}` : ''}
          {upstream.code ? ` ${upstream.code}` : ''}
          {upstream.message ? `: ${upstream.message}` : ''}
          {upstream.request_id ? ` (cloud request id ${upstream.request_id})` : ''}
        </p>
      ) : null}
      {requestId ? (
        <p className="muted">
          Request id <code>{requestId}</code>
        </p>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--primary" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
