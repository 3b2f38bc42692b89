import { useEnumLabel } from '../../i18n/enum-labels';
import { isOneOf, SEVERITY_LEVELS, type SeverityLevel } from '../../shared/contracts/facts';
import { Badge } from './badge';
import type { Tone } from './palette';

/** Exported for the overview's charts, so a chart and a badge never disagree. */
export const SEVERITY_TONES: Record<SeverityLevel, Tone> = {
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Security: 'ok',
};

/** An image's risk level; "Not rated" when it has none yet (not scanned, or the scan failed). */
export function SeverityBadge({ level }: { level: string }) {
  const label = useEnumLabel();
  if (!isOneOf(SEVERITY_LEVELS, level)) {
    return (
      <Badge
        tone="neutral"
        label={label('severity', 'unrated')}
        title={label('severity', 'unratedTitle')}
      />
    );
  }
  return <Badge tone={SEVERITY_TONES[level]} label={label('severity', level)} />;
}
