// The overview's trend: daily snapshots as a line chart, a summary of the change, the optional
// series (kept in the URL) and the same figures as a table.
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../../i18n/rich-message';
import {
  ChartCard,
  TrendChart,
  useChartFormat,
  useSnapshotDay,
  type TrendLine,
} from '../../../components/charts';
import { PALETTE } from '../../../components/badges';
import { TableHead, numeric } from '../../../components/cells';
import { useEnumLabel } from '../../../i18n/enum-labels';
import { patchSearchParams } from '../../../lib/url-state';
import type { RiskHistory, RiskSummary } from '../../../shared/contracts';
import { trendPointTarget, type TrendSeries } from '../explorer-links';

type TrendPoint = RiskHistory['points'][number];

/** A series of the trend; `option` names the optional ones in `trend=`. */
interface SeriesDescription {
  key: TrendSeries;
  colour: string;
  dashed?: boolean;
  option?: string;
}

// In chart order; the optional ones are chosen under the chart (`trend=medium,malicious`).
const SERIES: readonly SeriesDescription[] = [
  { key: 'high', colour: PALETTE.high.accent },
  { key: 'medium', colour: PALETTE.medium.accent, option: 'medium' },
  { key: 'has_malicious_file', colour: PALETTE.failed.accent, option: 'malicious' },
  { key: 'never_scanned', colour: PALETTE.neutral.accent, dashed: true },
];
const OPTIONAL_SERIES = SERIES.filter((series) => series.option !== undefined);
// The summary names the always-shown series first, then the chosen ones.
const SUMMARY_ORDER = [
  ...SERIES.filter((series) => series.option === undefined),
  ...OPTIONAL_SERIES,
];
// The table's figures: each links to the images in that state by that day.
const TABLE_SERIES: readonly SeriesDescription[] = SERIES.filter(
  (series) => series.key === 'high' || series.key === 'never_scanned',
);

/** Each series' legend label, in the words its badge or chart uses elsewhere on the page. */
function useSeriesLabel(): (series: TrendSeries) => string {
  const { t } = useTranslation('overview');
  const enumLabel = useEnumLabel();
  return (series) =>
    series === 'high'
      ? enumLabel('severity', 'High')
      : series === 'medium'
        ? enumLabel('severity', 'Medium')
        : series === 'has_malicious_file'
          ? t('riskType.has_malicious_file')
          : t('scanAgeBucket.never');
}

const chosenIn = (params: URLSearchParams) =>
  new Set((params.get('trend') ?? '').split(',').filter(Boolean));

function useChosenSeries(): [Set<string>, (option: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const toggle = (option: string) => {
    // From the address as it is now: the router hands the updater the params of the last render,
    // and a second click before the page has re-rendered must not drop the first one.
    const current = new URLSearchParams(window.location.search);
    const next = chosenIn(current);
    if (next.has(option)) next.delete(option);
    else next.add(option);
    setSearchParams(patchSearchParams(current, { trend: [...next].sort().join(',') || null }), {
      replace: true,
    });
  };
  return [chosenIn(searchParams), toggle];
}

function TrendTable({ summary, points }: { summary: RiskSummary; points: readonly TrendPoint[] }) {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  const seriesLabel = useSeriesLabel();
  const snapshotDay = useSnapshotDay();
  const account = summary.filters.account;
  return (
    <table className="segment-table">
      <caption className="visually-hidden">{t('trend.caption')}</caption>
      <TableHead
        columns={[
          t('trend.day'),
          ...TABLE_SERIES.map((series) => numeric(seriesLabel(series.key))),
          numeric(t('trend.images')),
        ]}
      />
      <tbody>
        {[...points].reverse().map((point) => (
          <tr key={point.day}>
            <th scope="row">{snapshotDay(point)}</th>
            {TABLE_SERIES.map((series) => (
              <td key={series.key} className="num">
                <Link to={trendPointTarget(summary.kind, series.key, point.day, account)}>
                  {format.number(point[series.key])}
                </Link>
              </td>
            ))}
            <td className="num">{format.number(point.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TrendSummary({
  points,
  shown,
}: {
  points: readonly TrendPoint[];
  shown: readonly SeriesDescription[];
}) {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  const first = points[0];
  const last = points.at(-1);
  const change = (key: TrendSeries) => {
    if (!first || !last) return '';
    const delta = last[key] - first[key];
    return delta === 0
      ? t('trend.noChange')
      : `${delta > 0 ? '+' : '−'}${format.number(Math.abs(delta))}`;
  };
  return (
    <p className="trend-summary">
      {shown.map((series, index) => (
        <span key={series.key}>
          <RichMessage
            ns="overview"
            i18nKey={`trend.summary.${series.key}`}
            values={{
              count: format.number(last?.[series.key] ?? 0),
              // Only the first figure says since when.
              change:
                index === 0 && first
                  ? t('trend.changeSince', {
                      change: change(series.key),
                      day: format.day(first.day),
                    })
                  : change(series.key),
            }}
            components={{ strong: <strong /> }}
          />
        </span>
      ))}
    </p>
  );
}

export function TrendCard({
  summary,
  history,
}: {
  summary: RiskSummary;
  history: RiskHistory | undefined;
}) {
  const { t } = useTranslation('overview');
  const seriesLabel = useSeriesLabel();
  const points = history?.points ?? [];
  const account = summary.filters.account;
  const [chosen, toggle] = useChosenSeries();
  const isShown = (series: SeriesDescription) =>
    series.option === undefined || chosen.has(series.option);
  const lines: TrendLine<TrendSeries>[] = SERIES.filter(isShown).map(
    ({ option: _option, ...series }) => ({ ...series, label: seriesLabel(series.key) }),
  );
  const reconstructed = points.some((point) => point.reconstructed);
  const title = t('trend.title');
  return (
    <ChartCard
      title={title}
      testId="chart-trend"
      className="chart-card--wide"
      description={t('trend.description', { reconstructed: reconstructed ? 'yes' : 'no' })}
      table={<TrendTable summary={summary} points={points} />}
    >
      {points.length === 0 ? (
        <p className="muted chart-empty">{t('trend.empty')}</p>
      ) : (
        <>
          <TrendChart
            points={points}
            lines={lines}
            title={title}
            label="trend"
            onOpen={(line, day) => trendPointTarget(summary.kind, line, day, account)}
          />
          <TrendSummary points={points} shown={SUMMARY_ORDER.filter(isShown)} />
          <fieldset className="trend-series">
            <legend>{t('trend.alsoShow')}</legend>
            {OPTIONAL_SERIES.map(({ key, option = '' }) => (
              <label key={key}>
                <input
                  type="checkbox"
                  checked={chosen.has(option)}
                  onChange={() => toggle(option)}
                />{' '}
                {seriesLabel(key)}
              </label>
            ))}
          </fieldset>
          <p className="muted trend-note" data-testid="trend-note">
            {t('trend.note')}
          </p>
        </>
      )}
    </ChartCard>
  );
}
