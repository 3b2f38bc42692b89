import { SEVERITY_LABELS, SEVERITY_LEVELS, type SeverityLevel } from '../../shared/contracts';
import { Badge } from './badge';
import type { Tone } from './palette';

const SEVERITY_TONES: Record<SeverityLevel, Tone> = {
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Security: 'ok',
};

function isSeverityLevel(value: string): value is SeverityLevel {
  return (SEVERITY_LEVELS as readonly string[]).includes(value);
}

/** An image's risk level; no badge at all when the image has no level yet (not scanned). */
export function SeverityBadge({ level }: { level: string }) {
  if (!isSeverityLevel(level)) {
    return (
      <span className="muted" title="No risk level: the image has not been scanned successfully">
        —
      </span>
    );
  }
  return <Badge tone={SEVERITY_TONES[level]} label={SEVERITY_LABELS[level]} />;
}
