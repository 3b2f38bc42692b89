// A shared link opened without a session shows the sign-in hint; the printed sign-in link lands
// on `/`. The view asked for is kept here (localStorage: the printed link may open in another
// tab) and taken back once, soon after, when the app is signed in.
const KEY = 'imagewatch:return-after-sign-in';
/** Older than this, the remembered view is a leftover, not the user's current intent. */
const MAX_AGE_MS = 30 * 60_000;

export function rememberReturnPath(path: string, now = Date.now()): void {
  // `/` alone needs no return; only same-origin paths are ever stored.
  if (!path.startsWith('/') || path.startsWith('//') || path === '/') return;
  try {
    localStorage.setItem(KEY, JSON.stringify({ path, at: now }));
  } catch {
    // Storage disabled: signing in lands on the start page, as before.
  }
}

/** The remembered view (and forgets it), if one was stored recently. */
export function takeReturnPath(now = Date.now()): string | undefined {
  try {
    const stored = localStorage.getItem(KEY);
    if (stored === null) return undefined;
    localStorage.removeItem(KEY);
    const parsed = JSON.parse(stored) as { path?: unknown; at?: unknown };
    if (typeof parsed.path !== 'string' || typeof parsed.at !== 'number') return undefined;
    if (
      now - parsed.at > MAX_AGE_MS ||
      !parsed.path.startsWith('/') ||
      parsed.path.startsWith('//')
    )
      return undefined;
    return parsed.path;
  } catch {
    return undefined;
  }
}
