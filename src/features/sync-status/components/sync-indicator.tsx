import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/error-text';
import { isApiError } from '../../../lib/api-client';
import { useMayUse } from '../../../lib/session';
import { API_ROUTES } from '../../../shared/contracts/facts';
import { useRefreshSync } from '../api/refresh-sync';
import { useSyncStatus } from '../api/get-sync-status';
import { describeRefresh, describeSync, shortRequestId } from '../describe-sync';
import { useSyncWords } from '../use-sync-words';
import { RefreshButton } from './refresh-button';

/**
 * The header's sync status of the mirrored inventory: the data's age (or a crawl's progress, or
 * the last error in words with its request id and next try; on hover, how soon changes and
 * removals show), a circuit breaker holding calls, and a Refresh action. It only reports: the data on the page stays as it is whatever the sync does.
 * `current` is the page's account (the app passes it: accounts are another feature).
 */
export function SyncIndicator({ current }: { current: { id: string } | undefined }) {
  // The server's clock when the user asked for a refresh: poll fast until it shows a result.
  const [refreshAskedAt, setRefreshAskedAt] = useState<number | null>(null);
  const { data, error } = useSyncStatus({ refreshAskedAt, accountId: current?.id });
  const refresh = useRefreshSync();
  const mayRefresh = useMayUse('POST', API_ROUTES.syncRefresh);
  const words = useSyncWords();
  const { i18n } = useTranslation();
  const { t } = words;
  const summary = data ? describeSync(data, current?.id, words) : undefined;

  if (!data || !summary) {
    if (!error || (isApiError(error) && error.isUnauthorized)) return null;
    return (
      <p className="sync sync--error" role="status">
        {t('unavailable', { message: errorText(error, i18n).text })}
      </p>
    );
  }
  const action = describeRefresh(data, current?.id, words);
  const onRefresh = () => {
    setRefreshAskedAt(data.now);
    refresh.mutate(current?.id);
  };
  return (
    <div className="sync-status">
      <p
        className={`sync sync--${summary.tone}`}
        role="status"
        title={[summary.detail, summary.freshness].filter(Boolean).join('\n') || undefined}
        data-synced-at={summary.syncedAt}
      >
        <span className="sync__dot" aria-hidden="true" />
        <span>
          {summary.text}
          {summary.requestId ? (
            <span className="sync__request">
              {' '}
              · {t('request')}{' '}
              <code title={summary.requestId}>{shortRequestId(summary.requestId)}</code>
            </span>
          ) : null}
          {summary.retry ? ` · ${summary.retry}` : null}
          {summary.notice ? <span className="sync__notice"> · {summary.notice}</span> : null}
          {refresh.error ? (
            <span className="sync__notice">
              {' '}
              · {t('refreshRefused', { message: errorText(refresh.error, i18n).text })}
            </span>
          ) : null}
        </span>
      </p>
      {mayRefresh ? (
        <RefreshButton action={action} pending={refresh.isPending} onRefresh={onRefresh} />
      ) : null}
    </div>
  );
}
