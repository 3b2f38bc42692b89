// Everything Recharts draws on the overview. Loaded lazily (overview-view.tsx), so the chart
// library is its own chunk and the image lists never download it.
import type { ReactNode } from 'react';
import {
  ChartCard,
  SegmentBarChart,
  SegmentDonutChart,
  SegmentLegend,
  SegmentTable,
  type ChartSegment,
} from '../../../components/charts';
import { SCAN_STATUS_TONES, SEVERITY_TONES, type Tone } from '../../../components/badges';
import {
  REGISTRY_IMAGE_TYPE_LABELS,
  RISK_TYPE_LABELS,
  SCAN_AGE_LABELS,
  SCAN_STATUS_LABELS,
  PIPELINE_TYPE_LABELS,
  SEVERITY_LABELS_WITH_UNRATED,
} from '../../../shared/contracts/facts';
import type { RiskBucket, RiskHistory, RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';
import { StatTiles } from './stat-tiles';
import { TopImagesCard } from './top-images-card';
import { TrendCard } from './trend-card';

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

type Describe<T> = (value: string) => T;
const labelled =
  (labels: Record<string, string>): Describe<string> =>
  (value) =>
    labelOf(labels, value);
const toned =
  (tones: Record<string, Tone>, fallback: Tone): Describe<Tone> =>
  (value) =>
    tones[value] ?? fallback;
const verbatim: Describe<string> = (value) => value;
const always =
  (tone: Tone): Describe<Tone> =>
  () =>
    tone;

/** The chart segments of one breakdown of the summary, each a link to the images it counts. */
function segmentsOf(
  summary: RiskSummary,
  buckets: readonly RiskBucket[],
  label: Describe<string>,
  tone: Describe<Tone>,
): ChartSegment[] {
  return buckets.map((bucket) => ({
    key: bucket.value,
    label: label(bucket.value),
    count: bucket.count,
    tone: tone(bucket.value),
    to: segmentTarget(summary, bucket.filter),
  }));
}

/** Every breakdown the overview charts, labelled and coloured. */
function overviewSegments(summary: RiskSummary) {
  const segments = (
    buckets: readonly RiskBucket[],
    label: Describe<string>,
    tone: Describe<Tone>,
  ) => segmentsOf(summary, buckets, label, tone);
  const scanStatuses = summary.scan_status.filter(
    (bucket) => bucket.count > 0 || bucket.value !== 'image_oversized',
  );
  const imageTypeLabels =
    summary.image_type_field === 'image_type' ? REGISTRY_IMAGE_TYPE_LABELS : PIPELINE_TYPE_LABELS;
  return {
    severity: segments(
      summary.severity,
      labelled(SEVERITY_LABELS_WITH_UNRATED),
      toned(SEVERITY_TONE_MAP, 'neutral'),
    ),
    // An unknown status keeps its own name as its tone, as the badges do.
    scanStatus: segments(
      scanStatuses,
      labelled(SCAN_STATUS_LABELS),
      (value) => labelOf(SCAN_STATUS_TONES, value) as Tone,
    ),
    riskTypes: segments(
      summary.risk_types,
      labelled(RISK_TYPE_LABELS),
      toned(RISK_TYPE_TONES, 'info'),
    ),
    scanAge: segments(
      summary.scan_age,
      labelled(SCAN_AGE_LABELS),
      toned(SCAN_AGE_TONES, 'neutral'),
    ),
    imageTypes: segments(summary.image_types, labelled(imageTypeLabels), always('info')),
    registries: segments(summary.registries, verbatim, always('info')),
    namespaces: segments(summary.top_namespaces, verbatim, always('high')),
  };
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
  const { severity, scanStatus, riskTypes, scanAge, imageTypes, registries, namespaces } =
    overviewSegments(summary);
  const isRegistry = summary.kind === 'registry';

  return (
    <div className="overview">
      <StatTiles summary={summary} />

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
