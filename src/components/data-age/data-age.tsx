import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../i18n/rich-message';
import { useFormatters } from '../../i18n/format';
import { isoInstant } from '../../lib/format';

/** When the list on screen was last mirrored from the cloud (the exact time on hover). */
export function DataAge({ syncedAt }: { syncedAt: number | null }) {
  const { t } = useTranslation('sync');
  const format = useFormatters();
  if (syncedAt === null) return <span className="muted">{t('notSyncedYet')}</span>;
  return (
    <span>
      <RichMessage
        ns="sync"
        i18nKey="syncedAgo"
        values={{ ago: format.relativeTime(syncedAt) }}
        components={{
          time: <time dateTime={isoInstant(syncedAt)} title={format.exactTime(syncedAt)} />,
        }}
      />
    </span>
  );
}
