import { Badge, type Tone } from '../../../components/badges';

// ACR's repository (NORMAL, DELETING) and image (NORMAL) statuses; others are shown as sent.
const ACR_STATUS: Record<string, { tone: Tone; label: string }> = {
  NORMAL: { tone: 'ok', label: 'Normal' },
  DELETING: { tone: 'medium', label: 'Deleting' },
};

export function AcrStatusBadge({ status }: { status: string }) {
  const known = ACR_STATUS[status];
  if (!known) return <Badge tone="neutral" label={status || 'Unknown'} />;
  return <Badge tone={known.tone} label={known.label} title={status} />;
}
