import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/error-text';
import { useFormatters } from '../../../i18n/format';
import { useAcrFreshness, useReloadAcrData } from '../api/acr-freshness';

const TICK_MS = 5_000;

/**
 * The header's freshness on the ACR pages: the age of the ACR data on screen ("synced": the
 * mirror's last ACR cycle; "fetched": the on-demand answer before an instance's first crawl), not
 * the HSS sync. Reload
 * spends ACR budget: it queues an ACR cycle, or asks past the one-minute cache before the mirror.
 */
export function AcrDataAge() {
  const { t, i18n } = useTranslation('acr');
  const format = useFormatters();
  const { fetchedAt, mirrored, reloadRefused } = useAcrFreshness();
  const reload = useReloadAcrData();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  if (fetchedAt === null) return null;
  const age = format.relativeTime(fetchedAt, Math.max(now, fetchedAt));
  const refused = reloadRefused && !reload.isPending;
  // What went wrong with the last reload, if anything: the answer shown is then the cached one.
  const notices = [
    refused ? t('freshness.refused') : null,
    reload.error ? t('freshness.failed', { message: errorText(reload.error, i18n).text }) : null,
  ].filter((notice) => notice !== null);
  return (
    <div className="sync-status">
      <p
        className={`sync sync--${refused ? 'pending' : 'ok'}`}
        role="status"
        title={t('freshness.detail', { time: format.exactTime(fetchedAt) })}
        data-fetched-at={fetchedAt}
      >
        <span className="sync__dot" aria-hidden="true" />
        <span>
          {t(mirrored ? 'freshness.synced' : 'freshness.fetched', { ago: age })}
          {notices.map((notice) => (
            <span key={notice} className="sync__notice">
              {' '}
              · {notice}
            </span>
          ))}
        </span>
      </p>
      <span className="sync-refresh">
        <button
          type="button"
          className="button sync-refresh__button"
          disabled={reload.isPending}
          aria-label={t('freshness.reloadLabel')}
          onClick={() => reload.mutate()}
        >
          {t('freshness.reload')}
        </button>
      </span>
    </div>
  );
}
