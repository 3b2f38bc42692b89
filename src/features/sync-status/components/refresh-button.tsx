import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefreshAction } from '../describe-sync';

/**
 * Refresh now: its label says what it spends of the call budget; while it cannot run, it is
 * disabled and says why (a sync running, no call left, an upstream paused).
 */
export function RefreshButton({
  action,
  pending,
  onRefresh,
}: {
  action: RefreshAction;
  pending: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation('sync');
  const reasonId = useId();
  const reason = pending ? t('askingForSync') : action.reason;
  return (
    <span className="sync-refresh">
      <button
        type="button"
        className="button sync-refresh__button"
        disabled={action.disabled || pending}
        aria-describedby={reason ? reasonId : undefined}
        aria-label={action.label}
        title={action.label}
        onClick={onRefresh}
      >
        {t('refresh')}
        {action.cost ? <span className="sync-refresh__cost">({action.cost})</span> : null}
      </button>
      {reason ? (
        <span id={reasonId} className="sync-refresh__reason">
          {reason}
        </span>
      ) : null}
    </span>
  );
}
