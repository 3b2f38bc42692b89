// The overview's trend: daily snapshots as a line chart, a summary of the change, the optional
// series (kept in the URL) and the same figures as a table.
import { Link, useSearchParams } from 'react-router-dom';
import { ChartCard, TrendChart, formatDay, type TrendLine } from '../../../components/charts';
import { PALETTE } from '../../../components/badges';
import { TableHead, numeric } from '../../../components/cells';
import { formatNumber } from '../../../lib/format';
import { patchSearchParams } from '../../../lib/url-state';
import type { RiskHistory, RiskSummary } from '../../../shared/contracts';
import { trendPointTarget, type TrendSeries } from '../explorer-links';

type TrendPoint = RiskHistory['points'][number];

/** A series the summary line describes; `option` names the optional ones in `trend=`. */
interface SeriesDescription extends TrendLine<TrendSeries> {
  summary: string;
  option?: string;
}

// In chart order; the optional ones are chosen under the chart (`trend=medium,malicious`).
const SERIES: readonly SeriesDescription[] = [
  { key: 'high', label: 'High risk', summary: 'high risk', colour: PALETTE.high.accent },
  {
    key: 'medium',
    label: 'Medium risk',
    summary: 'medium risk',
    colour: PALETTE.medium.accent,
    option: 'medium',
  },
  {
    key: 'has_malicious_file',
    label: 'Malicious files',
    summary: 'with malicious files',
    colour: PALETTE.failed.accent,
    option: 'malicious',
  },
  {
    key: 'never_scanned',
    label: 'Never scanned',
    summary: 'never scanned',
    colour: PALETTE.neutral.accent,
    dashed: true,
  },
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

function useChosenSeries(): [Set<string>, (option: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const chosen = new Set((searchParams.get('trend') ?? '').split(',').filter(Boolean));
  const toggle = (option: string) => {
    const next = new Set(chosen);
    if (next.has(option)) next.delete(option);
    else next.add(option);
    setSearchParams(
      (params) => patchSearchParams(params, { trend: [...next].sort().join(',') || null }),
      { replace: true },
    );
  };
  return [chosen, toggle];
}

function TrendTable({ summary, points }: { summary: RiskSummary; points: readonly TrendPoint[] }) {
  const account = summary.filters.account;
  return (
    <table className="segment-table">
      <caption className="visually-hidden">High-risk and never-scanned images per day</caption>
      <TableHead
        columns={['Day', ...TABLE_SERIES.map((series) => numeric(series.label)), numeric('Images')]}
      />
      <tbody>
        {[...points].reverse().map((point) => (
          <tr key={point.day}>
            <th scope="row">
              {formatDay(point.day, true)}
              {point.reconstructed ? ' (reconstructed)' : ''}
            </th>
            {TABLE_SERIES.map((series) => (
              <td key={series.key} className="num">
                <Link to={trendPointTarget(summary.kind, series.key, point.day, account)}>
                  {formatNumber(point[series.key])}
                </Link>
              </td>
            ))}
            <td className="num">{formatNumber(point.total)}</td>
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
  const first = points[0];
  const last = points.at(-1);
  const change = (key: TrendSeries) => {
    if (!first || !last) return '';
    const delta = last[key] - first[key];
    return delta === 0 ? 'no change' : `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta))}`;
  };
  // Only the first figure says since when.
  const since = ` since ${first ? formatDay(first.day) : ''}`;
  return (
    <p className="trend-summary">
      {shown.map((series, index) => (
        <span key={series.key}>
          <strong>{formatNumber(last?.[series.key] ?? 0)}</strong> {series.summary} (
          {change(series.key)}
          {index === 0 ? since : ''})
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
  const points = history?.points ?? [];
  const account = summary.filters.account;
  const [chosen, toggle] = useChosenSeries();
  const isShown = (series: SeriesDescription) =>
    series.option === undefined || chosen.has(series.option);
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
      table={<TrendTable summary={summary} points={points} />}
    >
      {points.length === 0 ? (
        <p className="muted chart-empty">
          No snapshot yet: the first one is taken after the first sync.
        </p>
      ) : (
        <>
          <TrendChart
            points={points}
            lines={SERIES.filter(isShown)}
            label="trend"
            onOpen={(line, day) => trendPointTarget(summary.kind, line, day, account)}
          />
          <TrendSummary points={points} shown={SUMMARY_ORDER.filter(isShown)} />
          <fieldset className="trend-series">
            <legend>Also show</legend>
            {OPTIONAL_SERIES.map(({ key, label, option = '' }) => (
              <label key={key}>
                <input
                  type="checkbox"
                  checked={chosen.has(option)}
                  onChange={() => toggle(option)}
                />{' '}
                {label}
              </label>
            ))}
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
