import { formatNumber } from '../../lib/format';
import { Badge } from './badge';
import type { Tone } from './palette';

/** What the count measures; each has its own idea of "a lot". */
export type RiskCountKind = 'vulnerabilities' | 'malicious_files' | 'baseline_risks';

const NOUNS: Record<RiskCountKind, [singular: string, plural: string]> = {
  vulnerabilities: ['vulnerability', 'vulnerabilities'],
  malicious_files: ['malicious file', 'malicious files'],
  baseline_risks: ['baseline risk', 'baseline risks'],
};

/**
 * The tone a count earns. One malicious file is already an incident; vulnerabilities and
 * baseline findings weigh by how many there are.
 */
export function countTone(kind: RiskCountKind, value: number): Tone | undefined {
  if (value <= 0) return undefined;
  if (kind === 'malicious_files') return 'high';
  const [medium, high] = kind === 'vulnerabilities' ? [10, 50] : [5, 20];
  if (value >= high) return 'high';
  if (value >= medium) return 'medium';
  return 'low';
}

/** A finding count as a badge coloured by weight (with its shape marker); zero stays quiet. */
export function RiskCountBadge({ kind, value }: { kind: RiskCountKind; value: number }) {
  const tone = countTone(kind, value);
  const [singular, plural] = NOUNS[kind];
  const title = `${formatNumber(value)} ${value === 1 ? singular : plural}`;
  if (!tone) {
    return (
      <span className="muted" title={title}>
        0
      </span>
    );
  }
  return <Badge tone={tone} label={formatNumber(value)} title={title} />;
}
