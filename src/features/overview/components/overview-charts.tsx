// Everything Recharts draws on the overview. Loaded lazily (overview-view.tsx), so the chart
// library is its own chunk and the image lists never download it.
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  ChartCard,
  SegmentBarChart,
  SegmentDonutChart,
  SegmentLegend,
  SegmentTable,
  TrendChart,
  formatDay,
  type ChartSegment,
  type TrendLine,
} from '../../../components/charts';
import {
  PALETTE,
  SCAN_STATUS_TONES,
  SEVERITY_TONES,
  SeverityBadge,
  type Tone,
} from '../../../components/badges';
import { ImageReference } from '../../../components/cells';
import { formatNumber } from '../../../lib/format';
import { patchSearchParams } from '../../../lib/url-state';
import {
  REGISTRY_IMAGE_TYPE_LABELS,
  RISK_TYPE_LABELS,
  SCAN_AGE_LABELS,
  SCAN_STATUS_LABELS,
  PIPELINE_TYPE_LABELS,
  SEVERITY_LABELS_WITH_UNRATED,
  type RiskBucket,
  type RiskHistory,
  type RiskSummary,
} from '../../../shared/contracts';
import { segmentTarget, trendPointTarget, type TrendSeries } from '../explorer-links';

function labelOf(labels: Record<string, string>, value: string): string {
  return Object.prototype.hasOwnProperty.call(labels, value) ? (labels[value] ?? value) : value;
}

const SEVERITY_TONE_MAP: Record<string, Tone> = { ...SEVERITY_TONES, unrated: 'neutral' };
const RISK_TYPE_TONES: Record<string, Tone> = {
  has_vul: 'high',
  has_malicious_file: 'failed',
  has_unsafe_setting: 'medium',
  risky: 'info',
};
// Fresh scans read as good, stale ones as a warning, none at all as neutral.
const SCAN_AGE_TONES: Record<string, Tone> = {
  day: 'ok',
  week: 'ok',
  month: 'low',
  older: 'medium',
  never: 'neutral',
};

function segmentsOf(
  summary: RiskSummary,
  buckets: readonly RiskBucket[],
  label: (value: string) => string,
  tone: (value: string) => Tone,
): ChartSegment[] {
  return buckets.map((bucket) => ({
    key: bucket.value,
    label: label(bucket.value),
    count: bucket.count,
    tone: tone(bucket.value),
    to: segmentTarget(summary, bucket.filter),
  }));
}

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
  to: { pathname: string; search: string } | undefined;
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

function TrendCard({
  summary,
  history,
}: {
  summary: RiskSummary;
  history: RiskHistory | undefined;
}) {
  const points = history?.points ?? [];
  const first = points[0];
  const last = points.at(-1);
  const account = summary.filters.account;
  // Medium risk and malicious files are extra series, chosen under the chart and kept in the
  // URL (`trend=medium,malicious`).
  const [searchParams, setSearchParams] = useSearchParams();
  const extras = new Set((searchParams.get('trend') ?? '').split(',').filter(Boolean));
  const toggleExtra = (name: string) => {
    const next = new Set(extras);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setSearchParams(
      (params) => patchSearchParams(params, { trend: [...next].sort().join(',') || null }),
      { replace: true },
    );
  };
  const lines: Array<TrendLine<TrendSeries>> = [
    { key: 'high', label: 'High risk', colour: PALETTE.high.accent },
    ...(extras.has('medium')
      ? [{ key: 'medium' as const, label: 'Medium risk', colour: PALETTE.medium.accent }]
      : []),
    ...(extras.has('malicious')
      ? [
          {
            key: 'has_malicious_file' as const,
            label: 'Malicious files',
            colour: PALETTE.failed.accent,
          },
        ]
      : []),
    {
      key: 'never_scanned',
      label: 'Never scanned',
      colour: PALETTE.neutral.accent,
      dashed: true,
    },
  ];
  const change = (key: TrendSeries) => {
    if (!first || !last) return '';
    const delta = last[key] - first[key];
    return delta === 0 ? 'no change' : `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta))}`;
  };
  const reconstructed = points.some((point) => point.reconstructed);
  return (
    <ChartCard
      title="Trend"
      testId="chart-trend"
      className="chart-card--wide"
      description={
        <>
          Daily snapshots of the whole list
          {reconstructed ? ', the past reconstructed from scan and update times' : ''}. A point
          opens the images already in that state by its day that still are.
        </>
      }
      table={
        <table className="segment-table">
          <caption className="visually-hidden">High-risk and never-scanned images per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                High risk
              </th>
              <th scope="col" className="num">
                Never scanned
              </th>
              <th scope="col" className="num">
                Images
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((point) => (
              <tr key={point.day}>
                <th scope="row">
                  {formatDay(point.day, true)}
                  {point.reconstructed ? ' (reconstructed)' : ''}
                </th>
                <td className="num">
                  <Link to={trendPointTarget(summary.kind, 'high', point.day, account)}>
                    {formatNumber(point.high)}
                  </Link>
                </td>
                <td className="num">
                  <Link to={trendPointTarget(summary.kind, 'never_scanned', point.day, account)}>
                    {formatNumber(point.never_scanned)}
                  </Link>
                </td>
                <td className="num">{formatNumber(point.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {points.length === 0 ? (
        <p className="muted chart-empty">
          No snapshot yet: the first one is taken after the first sync.
        </p>
      ) : (
        <>
          <TrendChart
            points={points}
            lines={lines}
            label="trend"
            onOpen={(line, day) => trendPointTarget(summary.kind, line, day, account)}
          />
          <p className="trend-summary">
            <span>
              <strong>{formatNumber(last?.high ?? 0)}</strong> high risk ({change('high')} since{' '}
              {first ? formatDay(first.day) : ''})
            </span>
            <span>
              <strong>{formatNumber(last?.never_scanned ?? 0)}</strong> never scanned (
              {change('never_scanned')})
            </span>
            {extras.has('medium') ? (
              <span>
                <strong>{formatNumber(last?.medium ?? 0)}</strong> medium risk ({change('medium')})
              </span>
            ) : null}
            {extras.has('malicious') ? (
              <span>
                <strong>{formatNumber(last?.has_malicious_file ?? 0)}</strong> with malicious files
                ({change('has_malicious_file')})
              </span>
            ) : null}
          </p>
          <fieldset className="trend-series">
            <legend>Also show</legend>
            <label>
              <input
                type="checkbox"
                checked={extras.has('medium')}
                onChange={() => toggleExtra('medium')}
              />{' '}
              Medium risk
            </label>
            <label>
              <input
                type="checkbox"
                checked={extras.has('malicious')}
                onChange={() => toggleExtra('malicious')}
              />{' '}
              Malicious files
            </label>
          </fieldset>
          <p className="muted trend-note" data-testid="trend-note">
            A point counts the images in that state on its day; its list shows those still in it, so
            it can hold fewer (images rescanned, fixed or removed since).
          </p>
        </>
      )}
    </ChartCard>
  );
}

function TopImagesCard({ summary }: { summary: RiskSummary }) {
  return (
    <ChartCard
      title="Most vulnerable images"
      testId="chart-top-images"
      className="chart-card--wide"
      description="The 10 images with the most vulnerabilities. Open one to see its details."
    >
      {summary.top_images.length === 0 ? (
        <p className="muted chart-empty">No image has a known vulnerability.</p>
      ) : (
        <table className="top-table">
          <caption className="visually-hidden">The 10 images with the most vulnerabilities</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Image</th>
              <th scope="col">Risk</th>
              <th scope="col" className="num">
                Vulnerabilities
              </th>
              <th scope="col" className="num">
                Malicious files
              </th>
              <th scope="col" className="num">
                Baseline risks
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.top_images.map((image, index) => (
              <tr key={image.key}>
                <td className="num muted">{index + 1}</td>
                <td>
                  <Link className="top-table__link" to={segmentTarget(summary, image.filter) ?? ''}>
                    <ImageReference
                      namespace={image.namespace}
                      name={image.image_name}
                      tag={image.image_version}
                    />
                  </Link>
                </td>
                <td>
                  <SeverityBadge level={image.severity_level} />
                </td>
                <td className="num">
                  <strong>{formatNumber(image.vul_num)}</strong>
                </td>
                <td className="num">{formatNumber(image.malicious_file_num)}</td>
                <td className="num">{formatNumber(image.unsafe_setting_num)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ChartCard>
  );
}

function BarCard({
  title,
  description,
  segments,
  total,
  testId,
  labelWidth,
  empty,
}: {
  title: string;
  description: ReactNode;
  segments: ChartSegment[];
  total?: number | undefined;
  testId: string;
  labelWidth?: number;
  empty?: string;
}) {
  return (
    <ChartCard
      title={title}
      description={description}
      testId={testId}
      table={<SegmentTable caption={title} segments={segments} total={total} />}
    >
      {segments.length === 0 ? (
        <p className="muted chart-empty">{empty ?? 'Nothing to show.'}</p>
      ) : (
        <SegmentBarChart
          segments={segments}
          label={testId}
          {...(labelWidth ? { labelWidth } : {})}
        />
      )}
    </ChartCard>
  );
}

export default function OverviewCharts({
  summary,
  history,
}: {
  summary: RiskSummary;
  history: RiskHistory | undefined;
}) {
  const total = summary.total_num;
  const severity = segmentsOf(
    summary,
    summary.severity,
    (value) => labelOf(SEVERITY_LABELS_WITH_UNRATED, value),
    (value) => SEVERITY_TONE_MAP[value] ?? 'neutral',
  );
  const scanStatus = segmentsOf(
    summary,
    summary.scan_status.filter((bucket) => bucket.count > 0 || bucket.value !== 'image_oversized'),
    (value) => labelOf(SCAN_STATUS_LABELS, value),
    (value) => labelOf(SCAN_STATUS_TONES, value) as Tone,
  );
  const riskTypes = segmentsOf(
    summary,
    summary.risk_types,
    (value) => labelOf(RISK_TYPE_LABELS, value),
    (value) => RISK_TYPE_TONES[value] ?? 'info',
  );
  const scanAge = segmentsOf(
    summary,
    summary.scan_age,
    (value) => labelOf(SCAN_AGE_LABELS, value),
    (value) => SCAN_AGE_TONES[value] ?? 'neutral',
  );
  const imageTypes = segmentsOf(
    summary,
    summary.image_types,
    (value) =>
      summary.image_type_field === 'image_type'
        ? labelOf(REGISTRY_IMAGE_TYPE_LABELS, value)
        : labelOf(PIPELINE_TYPE_LABELS, value),
    () => 'info',
  );
  const registries = segmentsOf(
    summary,
    summary.registries,
    (value) => value,
    () => 'info',
  );
  const namespaces = segmentsOf(
    summary,
    summary.top_namespaces,
    (value) => value,
    () => 'high',
  );
  const pick = (buckets: readonly RiskBucket[], value: string) =>
    buckets.find((bucket) => bucket.value === value);
  const high = pick(summary.severity, 'High');
  const risky = pick(summary.risk_types, 'risky');
  const never = pick(summary.scan_age, 'never');
  const everything = segmentTarget(summary, { ...summary.filters });
  const isRegistry = summary.kind === 'registry';

  return (
    <div className="overview">
      <div className="stat-tiles">
        <StatTile
          label="Images"
          count={total}
          total={total}
          tone="info"
          to={everything}
          testId="stat-images"
        />
        <StatTile
          label="High risk"
          count={high?.count ?? 0}
          total={total}
          tone="high"
          to={high ? segmentTarget(summary, high.filter) : undefined}
          testId="stat-high"
        />
        <StatTile
          label="With any risk"
          count={risky?.count ?? 0}
          total={total}
          tone="medium"
          to={risky ? segmentTarget(summary, risky.filter) : undefined}
          testId="stat-risky"
        />
        <StatTile
          label="Never scanned"
          count={never?.count ?? 0}
          total={total}
          tone="neutral"
          to={never ? segmentTarget(summary, never.filter) : undefined}
          testId="stat-never-scanned"
        />
      </div>

      <div className="chart-grid">
        <ChartCard
          title="Risk level"
          description="Images by the severity HSS gave their last scan."
          testId="chart-severity"
          table={<SegmentTable caption="Images by risk level" segments={severity} total={total} />}
        >
          <div className="donut-with-legend">
            <SegmentDonutChart
              segments={severity}
              total={total}
              totalLabel="images"
              label="severity"
            />
            <SegmentLegend segments={severity} total={total} />
          </div>
        </ChartCard>
        <BarCard
          title="Scan status"
          description={
            <>
              Where each image&rsquo;s last scan stands. &ldquo;Not scanned&rdquo; is the status HSS
              reports; &ldquo;Never scanned&rdquo; (above) counts images with no scan time at all.
            </>
          }
          segments={scanStatus}
          total={total}
          testId="chart-scan-status"
        />
        <BarCard
          title="Risk types"
          description="Images with at least one finding of each kind (an image can have several)."
          segments={riskTypes}
          testId="chart-risk-types"
        />
        <BarCard
          title="Scan age"
          description="How long ago each image was last scanned."
          segments={scanAge}
          total={total}
          testId="chart-scan-age"
        />
        <BarCard
          title={isRegistry ? 'Image types' : 'Pipeline types'}
          description={
            isRegistry
              ? 'Which kind of registry holds the images.'
              : 'Which CI/CD system built the images.'
          }
          segments={imageTypes}
          total={total}
          testId="chart-image-types"
        />
        <BarCard
          title={isRegistry ? 'Registries' : 'Pipelines'}
          description={`The 10 largest ${isRegistry ? 'registries' : 'pipelines'} (a name also counts names that contain it).`}
          segments={registries}
          testId="chart-registries"
          labelWidth={150}
          empty="No named registry."
        />
        <TrendCard summary={summary} history={history} />
        <BarCard
          title="Namespaces with most vulnerable images"
          description="Images with vulnerabilities, per namespace (top 10)."
          segments={namespaces}
          testId="chart-top-namespaces"
          labelWidth={150}
          empty="No namespace has a vulnerable image."
        />
        <TopImagesCard summary={summary} />
      </div>
    </div>
  );
}
