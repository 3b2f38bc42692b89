import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../../components/badges';

// ACR's repository (NORMAL, DELETING) and image (NORMAL) statuses; others are shown as sent.
const ACR_STATUS_TONES: Record<string, Tone> = { NORMAL: 'ok', DELETING: 'medium' };

export function AcrStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('acr');
  const tone = ACR_STATUS_TONES[status];
  if (!tone) return <Badge tone="neutral" label={status || t('status.unknown')} />;
  return <Badge tone={tone} label={t(`status.${status}`)} title={status} />;
}
