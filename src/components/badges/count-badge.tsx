import { useFixedT } from '../../i18n/translator';
import { useFormatters } from '../../i18n/format';
import { Badge } from './badge';
import type { Tone } from './palette';

/** What the count measures; each has its own idea of "a lot" and its words (`badges.count.*`). */
export type RiskCountKind = 'vulnerabilities' | 'malicious_files' | 'baseline_risks';

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
  const t = useFixedT('table');
  const format = useFormatters();
  const tone = countTone(kind, value);
  const title = t(`badges.count.${kind}`, { count: value });
  if (!tone) {
    return (
      <span className="muted" title={title}>
        0
      </span>
    );
  }
  return <Badge tone={tone} label={format.number(value)} title={title} />;
}
