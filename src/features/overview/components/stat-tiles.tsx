// The overview's headline figures: all images, then the share of a few segments, each a link to
// the images it counts.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PALETTE, type Tone } from '../../../components/badges';
import { useChartFormat } from '../../../components/charts';
import { useEnumLabel, type EnumLabel } from '../../../i18n/enum-labels';
import type { Translate } from '../../../i18n/i18n';
import type { RiskBucket, RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';

type Target = { pathname: string; search: string } | undefined;

interface TileDescription {
  /** The tile's words: the same as the segment's elsewhere on the page. */
  label: (t: Translate, enumLabel: EnumLabel) => string;
  tone: Tone;
  testId: string;
  /** The segment the tile counts; without it, the tile counts every image. */
  bucket?: (summary: RiskSummary) => RiskBucket | undefined;
}

const bucketOf = (buckets: readonly RiskBucket[], value: string) =>
  buckets.find((bucket) => bucket.value === value);

const TILES: readonly TileDescription[] = [
  { label: (t) => t('stats.images'), tone: 'info', testId: 'stat-images' },
  {
    label: (_t, enumLabel) => enumLabel('severity', 'High'),
    tone: 'high',
    testId: 'stat-high',
    bucket: (summary) => bucketOf(summary.severity, 'High'),
  },
  {
    label: (t) => t('stats.risky'),
    tone: 'medium',
    testId: 'stat-risky',
    bucket: (summary) => bucketOf(summary.risk_types, 'risky'),
  },
  {
    label: (t) => t('scanAgeBucket.never'),
    tone: 'neutral',
    testId: 'stat-never-scanned',
    bucket: (summary) => bucketOf(summary.scan_age, 'never'),
  },
];

function StatTile({
  label,
  count,
  total,
  tone,
  to,
  testId,
}: {
  label: string;
  count: number;
  total: number;
  tone: Tone;
  to: Target;
  testId: string;
}) {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  const body = (
    <>
      <span className="stat-tile__label">
        <span style={{ color: PALETTE[tone].accent }} aria-hidden="true">
          {PALETTE[tone].marker}
        </span>{' '}
        {label}
      </span>
      <span className="stat-tile__value">{format.number(count)}</span>
      <span className="stat-tile__share">
        {t('stats.share', { share: format.share(count, total) })}
      </span>
    </>
  );
  return to ? (
    <Link className="stat-tile" to={to} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className="stat-tile" data-testid={testId}>
      {body}
    </div>
  );
}

export function StatTiles({ summary }: { summary: RiskSummary }) {
  const { t } = useTranslation('overview');
  const enumLabel = useEnumLabel();
  const total = summary.total_num;
  return (
    <div className="stat-tiles">
      {TILES.map(({ bucket, label, ...tile }) => {
        const segment = bucket?.(summary);
        const [count, to]: [number, Target] = bucket
          ? [segment?.count ?? 0, segment ? segmentTarget(summary, segment.filter) : undefined]
          : [total, segmentTarget(summary, { ...summary.filters })];
        return (
          <StatTile
            key={tile.testId}
            {...tile}
            label={label(t, enumLabel)}
            count={count}
            total={total}
            to={to}
          />
        );
      })}
    </div>
  );
}
