import { useTranslation } from 'react-i18next';
import { Badge, type Tone } from '../../../components/badges';
import type { BaseImageEolStatus } from '../../../shared/contracts/facts';

/** Each end-of-life status's tone: past end of life is the alarm, unknown stays neutral. */
export const EOL_TONES: Record<BaseImageEolStatus, Tone> = {
  supported: 'ok',
  ending: 'medium',
  eol: 'high',
  unknown: 'neutral',
};

/** An OS version's end-of-life status (colour, shape and words) with its date beside it. */
export function EolBadge({ status, date }: { status: BaseImageEolStatus; date: string | null }) {
  const { t } = useTranslation('baseImages');
  return (
    <span className="eol-status">
      <Badge
        tone={EOL_TONES[status]}
        label={t(`eol.${status}`)}
        title={date ? t('eol.date', { date }) : t('eol.noDate')}
      />
      {date ? <time dateTime={date}>{date}</time> : null}
    </span>
  );
}
