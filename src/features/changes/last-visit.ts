// "Since your last visit", per browser (there is no identity in token mode): the time the
// Changes page was last opened, kept in localStorage.
import { useEffect, useState } from 'react';

const KEY = 'imagewatch.changes.lastVisit';

export function readLastVisit(): number | null {
  try {
    const value = Number(window.localStorage.getItem(KEY));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

function writeLastVisit(at: number): void {
  try {
    window.localStorage.setItem(KEY, String(at));
    window.dispatchEvent(new Event(KEY));
  } catch {
    // Private modes may refuse storage: the page then marks nothing as new.
  }
}

/**
 * The previous visit, as it was when the page opened (so the marks stay while the user reads);
 * this visit is recorded at once.
 */
export function usePreviousVisit(): number | null {
  const [previous] = useState(readLastVisit);
  useEffect(() => writeLastVisit(Date.now()), []);
  return previous;
}

/** The last visit, following updates made by the Changes page in this tab. */
export function useLastVisit(): number | null {
  const [lastVisit, setLastVisit] = useState(readLastVisit);
  useEffect(() => {
    const update = () => setLastVisit(readLastVisit());
    window.addEventListener(KEY, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(KEY, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return lastVisit;
}
