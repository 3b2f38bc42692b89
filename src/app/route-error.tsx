import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** A render error anywhere below the layout: say so instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <div className="state state--error" role="alert">
      <h1 className="state__title">This page failed to display</h1>
      <p>{message}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
