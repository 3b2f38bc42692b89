import {
  isOneOf,
  SEVERITY_LABELS,
  SEVERITY_LEVELS,
  UNRATED_LABEL,
  type SeverityLevel,
} from '../../shared/contracts';
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
  if (!isOneOf(SEVERITY_LEVELS, level)) {
    return (
      <Badge
        tone="neutral"
        label={UNRATED_LABEL}
        title="No risk level: the image has not been scanned successfully"
      />
    );
  }
  return <Badge tone={SEVERITY_TONES[level]} label={SEVERITY_LABELS[level]} />;
}
