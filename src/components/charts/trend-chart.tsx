import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure, useChartName } from './chart-figure';
import { useChartFormat } from './chart-format';
import { ChartTooltipBox, type TooltipContentProps } from './chart-tooltip';

export interface TrendLine<K extends string> {
  key: K;
  label: string;
  colour: string;
  dashed?: boolean;
}

export type TrendPoint<K extends string> = { day: string; reconstructed: boolean } & Record<
  K,
  number
>;

/** A snapshot day in full, marked when it was reconstructed (not taken on the day). */
export function useSnapshotDay(): (point: { day: string; reconstructed: boolean }) => string {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  return (point) => {
    const day = format.day(point.day, true);
    return point.reconstructed ? t('trend.reconstructedDay', { day }) : day;
  };
}

/**
 * Lines over days, exact values on hover; clicking a line's point opens `onOpen(line, day)`.
 * To assistive technology it is one image named by the last day's figures; the card's table
 * has every day.
 */
export function TrendChart<K extends string>({
  points,
  lines,
  title,
  label,
  onOpen,
  height = 240,
}: {
  points: ReadonlyArray<TrendPoint<K>>;
  lines: ReadonlyArray<TrendLine<K>>;
  /** The card's title, the start of the chart's spoken name. */
  title: string;
  label: string;
  onOpen: (line: K, day: string) => { pathname: string; search: string };
  height?: number;
}) {
  const navigate = useNavigate();
  const { t } = useTranslation('overview');
  const dayTitle = useSnapshotDay();
  const format = useChartFormat();
  const data = points.map((point) => ({ ...point }));
  const last = points.at(-1);
  const name = useChartName(
    last ? t('chart.onDay', { title, day: format.day(last.day, true) }) : title,
    last ? lines.map((line) => ({ label: line.label, count: last[line.key] })) : [],
  );

  function TrendTooltip({ active, payload }: TooltipContentProps) {
    const point = payload?.[0]?.payload as TrendPoint<K> | undefined;
    if (!active || !point) return null;
    return (
      <ChartTooltipBox
        title={dayTitle(point)}
        rows={lines.map((line) => ({
          label: line.label,
          value: point[line.key],
          colour: line.colour,
        }))}
      />
    );
  }

  // A line's point opens the images behind it on that day.
  const openPoint = (line: TrendLine<K>) => (_event: unknown, dot: unknown) => {
    const index = (dot as { index?: number } | undefined)?.index;
    const day = index === undefined ? undefined : points[index]?.day;
    if (day) void navigate(onOpen(line.key, day));
  };
  const drawLine = (line: TrendLine<K>) => (
    <Line
      key={line.key}
      type="monotone"
      dataKey={line.key}
      name={line.label}
      stroke={line.colour}
      strokeWidth={2}
      strokeDasharray={line.dashed ? '5 3' : undefined}
      dot={false}
      isAnimationActive={false}
      activeDot={{ r: 5, cursor: 'pointer', onClick: openPoint(line) }}
    />
  );

  return (
    <ChartFigure className="trend-chart" name={name} chart={label}>
      <LineChart
        data={data}
        responsive
        accessibilityLayer={false}
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} strokeDasharray="2 4" />
        <XAxis
          dataKey="day"
          tickFormatter={(day: string) => format.day(day)}
          // The first day always has its tick: the caption's "since <first day>" names it.
          interval="preserveStartEnd"
          minTickGap={28}
          tickLine={false}
        />
        <YAxis
          allowDecimals={false}
          width={48}
          tickLine={false}
          axisLine={false}
          tickFormatter={(value: number) => format.number(value)}
        />
        <Tooltip content={TrendTooltip} cursor={{ className: 'chart-cursor-line' }} />
        <Legend verticalAlign="top" align="right" height={28} iconType="plainline" />
        {lines.map(drawLine)}
      </LineChart>
    </ChartFigure>
  );
}
