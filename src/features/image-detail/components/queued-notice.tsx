import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format';
import type { QueuedResponse } from '../../../shared/contracts';

/** The call budget is spent: the request waits in the BFF's queue and the panel asks again. */
export function QueuedNotice({ queued, what }: { queued: QueuedResponse; what: string }) {
  const { t } = useTranslation('detail');
  const format = useFormatters();
  const wait = format.duration(queued.retry_after_ms);
  return (
    <p className="image-detail__queued" role="status">
      <span className="image-detail__spinner" aria-hidden="true" />
      {queued.position > 0
        ? t('queued.behind', { position: queued.position, wait })
        : t('queued.waiting', { wait })}{' '}
      <span className="muted">{t('queued.budget', { what })}</span>
    </p>
  );
}
