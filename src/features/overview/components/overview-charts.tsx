// Everything Recharts draws on the overview. Loaded lazily (overview-view.tsx), so the chart
// library is its own chunk and the image lists never download it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ChartCard,
  SegmentBarChart,
  SegmentDonutChart,
  SegmentLegend,
  SegmentTable,
  type ChartSegment,
} from '../../../components/charts';
import { SCAN_STATUS_TONES, SEVERITY_TONES, type Tone } from '../../../components/badges';
import { useEnumLabel, type EnumLabel } from '../../../i18n/enum-labels';
import type { Translate } from '../../../i18n/i18n';
import type { RiskBucket, RiskHistory, RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';
import { StatTiles } from './stat-tiles';
import { TopImagesCard } from './top-images-card';
import { TrendCard } from './trend-card';

/** How many registries, pipelines and namespaces the summary ranks (the BFF's top 10). */
const TOP_COUNT = 10;

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
const verbatim: Describe<string> = (value) => value;
const toned =
  (tones: Record<string, Tone>, fallback: Tone): Describe<Tone> =>
  (value) =>
    tones[value] ?? fallback;

/** The overview's words: vendor enums from the `enums` catalogue, its own groups from `overview`. */
interface OverviewWords {
  t: Translate;
  enumLabel: EnumLabel;
  /** A value of one of the overview's own groups (`riskType`, `scanAgeBucket`); unknown as itself. */
  groupLabel: (group: 'riskType' | 'scanAgeBucket') => Describe<string>;
}

function useOverviewWords(): OverviewWords {
  const { t, i18n } = useTranslation('overview');
  const enumLabel = useEnumLabel();
  return {
    t: t,
    enumLabel,
    groupLabel: (group) => (value) =>
      i18n.exists(`${group}.${value}`, { ns: 'overview' }) ? t(`${group}.${value}`) : value,
  };
}

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

/** A bar chart card of the overview: its words' keys, its breakdown and its colours. */
interface BarCardDescription {
  testId: string;
  /** The card's keys in the `overview` catalogue: `<words>.title`, `.description`, `.empty`. */
  words: string;
  buckets: (summary: RiskSummary) => readonly RiskBucket[];
  label: Describe<string>;
  tone: Describe<Tone>;
  /** The share column's whole; none when the segments overlap. */
  withShare: boolean;
  labelWidth?: number;
  hasEmpty?: boolean;
}

/** A top-10 of names (registries, namespaces): the names as they are, one colour, no share. */
function ranking(
  testId: string,
  words: string,
  tone: Tone,
  buckets: BarCardDescription['buckets'],
): BarCardDescription {
  return {
    testId,
    words,
    buckets,
    label: verbatim,
    tone: () => tone,
    withShare: false,
    labelWidth: 150,
    hasEmpty: true,
  };
}

/** The overview's bar charts, in page order (the trend comes after the sixth). */
function barCards(summary: RiskSummary, words: OverviewWords): BarCardDescription[] {
  const { enumLabel, groupLabel } = words;
  const isRegistry = summary.kind === 'registry';
  return [
    {
      testId: 'chart-scan-status',
      words: 'scanStatus',
      // Image oversized is shown only when it happens: it is rare and not in every region.
      buckets: (risk) =>
        risk.scan_status.filter((bucket) => bucket.count > 0 || bucket.value !== 'image_oversized'),
      label: (value) => enumLabel('scanStatus', value),
      // An unknown status keeps the badges' neutral tone.
      tone: toned(SCAN_STATUS_TONES, 'neutral'),
      withShare: true,
    },
    {
      testId: 'chart-risk-types',
      words: 'riskTypes',
      buckets: (risk) => risk.risk_types,
      label: groupLabel('riskType'),
      tone: toned(RISK_TYPE_TONES, 'info'),
      withShare: false,
    },
    {
      testId: 'chart-scan-age',
      words: 'scanAge',
      buckets: (risk) => risk.scan_age,
      label: groupLabel('scanAgeBucket'),
      tone: toned(SCAN_AGE_TONES, 'neutral'),
      withShare: true,
    },
    {
      testId: 'chart-image-types',
      words: isRegistry ? 'imageTypes' : 'pipelineTypes',
      buckets: (risk) => risk.image_types,
      label: (value) =>
        enumLabel(summary.image_type_field === 'image_type' ? 'imageType' : 'pipelineType', value),
      tone: () => 'info',
      withShare: true,
    },
    ranking(
      'chart-registries',
      isRegistry ? 'registries' : 'pipelines',
      'info',
      (risk) => risk.registries,
    ),
    ranking('chart-top-namespaces', 'namespaces', 'high', (risk) => risk.top_namespaces),
  ];
}

function BarCard({
  card,
  summary,
  words,
}: {
  card: BarCardDescription;
  summary: RiskSummary;
  words: OverviewWords;
}) {
  const { t } = words;
  const title = t(`${card.words}.title`);
  const segments = segmentsOf(summary, card.buckets(summary), card.label, card.tone);
  const total = card.withShare ? summary.total_num : undefined;
  return (
    <ChartCard
      title={title}
      description={t(`${card.words}.description`, { count: TOP_COUNT })}
      testId={card.testId}
      table={<SegmentTable caption={title} segments={segments} total={total} />}
    >
      {segments.length === 0 ? (
        <p className="muted chart-empty">
          {card.hasEmpty ? t(`${card.words}.empty`) : t('chart.empty')}
        </p>
      ) : (
        <SegmentBarChart
          segments={segments}
          title={title}
          label={card.testId}
          {...(card.labelWidth ? { labelWidth: card.labelWidth } : {})}
        />
      )}
    </ChartCard>
  );
}

function SeverityCard({ summary, words }: { summary: RiskSummary; words: OverviewWords }) {
  const { t, enumLabel } = words;
  const total = summary.total_num;
  const title = t('severity.title');
  const severity = segmentsOf(
    summary,
    summary.severity,
    (value) => enumLabel('severity', value),
    toned(SEVERITY_TONE_MAP, 'neutral'),
  );
  return (
    <ChartCard
      title={title}
      description={t('severity.description')}
      testId="chart-severity"
      table={<SegmentTable caption={t('severity.caption')} segments={severity} total={total} />}
    >
      <div className="donut-with-legend">
        <SegmentDonutChart
          segments={severity}
          total={total}
          totalLabel={t('severity.total', { count: total })}
          title={title}
          label="severity"
        />
        <SegmentLegend segments={severity} total={total} />
      </div>
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
  const words = useOverviewWords();
  const bars = barCards(summary, words).map((card): ReactNode => (
    <BarCard key={card.testId} card={card} summary={summary} words={words} />
  ));
  return (
    <div className="overview">
      <StatTiles summary={summary} />
      <div className="chart-grid">
        <SeverityCard summary={summary} words={words} />
        {bars.slice(0, 5)}
        <TrendCard summary={summary} history={history} />
        {bars.slice(5)}
        <TopImagesCard summary={summary} />
      </div>
    </div>
  );
}
