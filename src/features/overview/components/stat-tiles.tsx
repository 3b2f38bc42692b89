// The overview's headline figures: all images, then the share of a few segments, each a link to
// the images it counts.
import { Link } from 'react-router-dom';
import { PALETTE, type Tone } from '../../../components/badges';
import { formatNumber } from '../../../lib/format';
import type { RiskBucket, RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';

type Target = { pathname: string; search: string } | undefined;

interface TileDescription {
  label: string;
  tone: Tone;
  testId: string;
  /** The segment the tile counts; without it, the tile counts every image. */
  bucket?: (summary: RiskSummary) => RiskBucket | undefined;
}

const bucketOf = (buckets: readonly RiskBucket[], value: string) =>
  buckets.find((bucket) => bucket.value === value);

const TILES: readonly TileDescription[] = [
  { label: 'Images', tone: 'info', testId: 'stat-images' },
  {
    label: 'High risk',
    tone: 'high',
    testId: 'stat-high',
    bucket: (summary) => bucketOf(summary.severity, 'High'),
  },
  {
    label: 'With any risk',
    tone: 'medium',
    testId: 'stat-risky',
    bucket: (summary) => bucketOf(summary.risk_types, 'risky'),
  },
  {
    label: 'Never scanned',
    tone: 'neutral',
    testId: 'stat-never-scanned',
    bucket: (summary) => bucketOf(summary.scan_age, 'never'),
  },
];

function percent(count: number, total: number): string {
  return total > 0 ? `${((count / total) * 100).toFixed(1)} %` : '—';
}

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
  const body = (
    <>
      <span className="stat-tile__label">
        <span style={{ color: PALETTE[tone].accent }} aria-hidden="true">
          {PALETTE[tone].marker}
        </span>{' '}
        {label}
      </span>
      <span className="stat-tile__value">{formatNumber(count)}</span>
      <span className="stat-tile__share">{percent(count, total)} of images</span>
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
  const total = summary.total_num;
  return (
    <div className="stat-tiles">
      {TILES.map(({ bucket, ...tile }) => {
        const segment = bucket?.(summary);
        const [count, to]: [number, Target] = bucket
          ? [segment?.count ?? 0, segment ? segmentTarget(summary, segment.filter) : undefined]
          : [total, segmentTarget(summary, { ...summary.filters })];
        return <StatTile key={tile.testId} {...tile} count={count} total={total} to={to} />;
      })}
    </div>
  );
}
