import { useEffect } from 'react';
import { rememberReturnPath } from '../../lib/sign-in-return';

/**
 * Shown when the BFF answers 401: the session cookie is missing, and only the start-up link sets
 * it. The view asked for is remembered, so that signing in comes back to it (a shared link).
 */
export function SignInRequired() {
  const { origin, pathname, search, hash } = window.location;
  const view = `${pathname}${search}${hash}`;
  useEffect(() => rememberReturnPath(view), [view]);
  return (
    <div className="state state--signin" role="alert">
      <h2 className="state__title">Sign in with the server&rsquo;s link</h2>
      <p>
        Open the link printed by the server (it carries the access token). It looks like{' '}
        <code>{origin}/?token=…</code> and appears in the terminal where <code>npm start</code>{' '}
        runs. Signing in brings you back to this view.
      </p>
      <p className="muted">
        The link signs this browser in with a cookie. Open it again after signing out, clearing
        cookies, 12 hours without use or 7 days in all, or a restart with a new token.
      </p>
    </div>
  );
}
