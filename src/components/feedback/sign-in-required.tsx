/** Shown when the BFF answers 401: the session cookie is missing, and only the start-up link sets it. */
export function SignInRequired() {
  return (
    <div className="state state--signin" role="alert">
      <h2 className="state__title">Sign in with the server&rsquo;s link</h2>
      <p>
        Open the link printed by the server (it carries the access token). It looks like{' '}
        <code>http://127.0.0.1:8080/?token=…</code> and appears in the terminal where{' '}
        <code>npm start</code> runs.
      </p>
      <p className="muted">
        The link signs this browser in with a cookie. Open it again after signing out, clearing
        cookies, 12 hours without use or 7 days in all, or a restart with a new token.
      </p>
    </div>
  );
}
