import { isApiError } from '../../../lib/api-client';
import { useCurrentAccount } from '../../accounts/use-current-account';
import { useSyncStatus } from '../api/get-sync-status';
import { describeSync } from '../describe-sync';

/** The data's age in the header, refreshed by polling /api/sync. */
export function SyncIndicator() {
  const { current } = useCurrentAccount();
  const { data, error } = useSyncStatus();
  if (!data) {
    if (!error || (isApiError(error) && error.isUnauthorized)) return null;
    return (
      <p className="sync sync--error" role="status">
        Sync status unavailable: {error.message}
      </p>
    );
  }
  const summary = describeSync(data, current?.id);
  return (
    <p className={`sync sync--${summary.tone}`} role="status" title={summary.detail}>
      <span className="sync__dot" aria-hidden="true" />
      {summary.text}
      {summary.requestId ? (
        <span className="sync__request">
          {' '}
          · request id <code>{summary.requestId}</code>
        </span>
      ) : null}
    </p>
  );
}
