import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../../components/badges';
import type { DeliveryStatus } from '../../../shared/contracts/facts';

const TONES: Record<DeliveryStatus, Tone> = {
  delivered: 'ok',
  retrying: 'medium',
  failed: 'failed',
};

/** A delivery's state: colour, shape and word (delivered, retrying, failed). */
export function DeliveryStatusBadge({
  status,
  title,
}: {
  status: DeliveryStatus;
  title?: string | undefined;
}) {
  const { t } = useTranslation('rules');
  return <Badge tone={TONES[status]} label={t(`status.${status}`)} title={title} />;
}
