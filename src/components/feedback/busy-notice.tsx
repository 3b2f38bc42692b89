import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { busyRetryAt } from '../../lib/query-retry';

interface BusyNoticeProps {
  /** The query's last failure while it retries (TanStack Query `failureReason`). */
  failureReason: unknown;
  /** The query is still fetching (its retry is pending or running). */
  isFetching: boolean;
}

/** Seconds until `at` (ms since epoch), ticking once a second; 0 once it has passed. */
function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return undefined;
    // At once (the clock may be stale since an earlier retry), then once a second.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1_000));
}

/**
 * Where an error would show while the server answered "busy" (429 Retry-After) and the query
 * waits to ask again: the data on screen stays, this says why it is not updated yet.
 */
export function BusyNotice({ failureReason, isFetching }: BusyNoticeProps) {
  const retryAt = isFetching ? busyRetryAt(failureReason) : undefined;
  const seconds = useSecondsUntil(retryAt);
  const { t } = useTranslation();
  if (retryAt === undefined) return null;
  return (
    <div className="notice" role="status">
      {seconds > 0 ? t('feedback.busyRetryingIn', { seconds }) : t('feedback.busyRetryingNow')}
    </div>
  );
}
