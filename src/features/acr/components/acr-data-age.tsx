import { useEffect, useState } from 'react';
import { formatExactTime, formatRelativeTime } from '../../../lib/format';
import { useAcrFreshness, useReloadAcrData } from '../api/acr-freshness';

const TICK_MS = 5_000;

/**
 * The header's freshness on the ACR pages: ACR is read on demand (not mirrored like HSS), so
 * what matters is when the answer on screen was fetched, not the HSS sync. Reload asks past the
 * server's one-minute cache, which it honours only while the ACR budget has a call to spare.
 */
export function AcrDataAge() {
  const { fetchedAt, reloadRefused } = useAcrFreshness();
  const reload = useReloadAcrData();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  if (fetchedAt === null) return null;
  const age = formatRelativeTime(fetchedAt, Math.max(now, fetchedAt));
  const refused = reloadRefused && !reload.isPending;
  return (
    <div className="sync-status">
      <p
        className={`sync sync--${refused ? 'pending' : 'ok'}`}
        role="status"
        title={`Fetched from ACR at ${formatExactTime(fetchedAt)}; ACR is asked on demand and its answers are kept for a minute`}
        data-fetched-at={fetchedAt}
      >
        <span className="sync__dot" aria-hidden="true" />
        <span>
          ACR data fetched {age}
          {refused ? (
            <span className="sync__notice">
              {' '}
              · Reload refused: no ACR call to spare in the budget
            </span>
          ) : null}
          {reload.error ? (
            <span className="sync__notice"> · Reload failed: {reload.error.message}</span>
          ) : null}
        </span>
      </p>
      <span className="sync-refresh">
        <button
          type="button"
          className="button sync-refresh__button"
          disabled={reload.isPending}
          aria-label="Reload from ACR"
          onClick={() => reload.mutate()}
        >
          Reload
        </button>
      </span>
    </div>
  );
}
