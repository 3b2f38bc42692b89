import { useNavigate } from 'react-router-dom';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../lib/format';
import { ChartTooltipBox } from './chart-tooltip';

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

const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const longDayFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

export function formatDay(day: string, long = false): string {
  const date = new Date(`${day}T00:00:00Z`);
  return (long ? longDayFormat : dayFormat).format(date);
}

interface TooltipContentProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/** Lines over days, exact values on hover; clicking a line's point opens `onOpen(line, day)`. */
export function TrendChart<K extends string>({
  points,
  lines,
  label,
  onOpen,
  height = 240,
}: {
  points: ReadonlyArray<TrendPoint<K>>;
  lines: ReadonlyArray<TrendLine<K>>;
  label: string;
  onOpen: (line: K, day: string) => { pathname: string; search: string };
  height?: number;
}) {
  const navigate = useNavigate();
  const data = points.map((point) => ({ ...point }));

  function TrendTooltip({ active, payload }: TooltipContentProps) {
    const point = payload?.[0]?.payload as TrendPoint<K> | undefined;
    if (!active || !point) return null;
    return (
      <ChartTooltipBox
        title={`${formatDay(point.day, true)}${point.reconstructed ? ' (reconstructed)' : ''}`}
        rows={lines.map((line) => ({
          label: line.label,
          value: point[line.key],
          colour: line.colour,
        }))}
      />
    );
  }

  return (
    <div className="trend-chart" aria-hidden="true" data-chart={label}>
      <LineChart
        data={data}
        responsive
        style={{ width: '100%', height }}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} strokeDasharray="2 4" />
        <XAxis
          dataKey="day"
          tickFormatter={(day: string) => formatDay(day)}
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
          tickFormatter={(value: number) => formatNumber(value)}
        />
        <Tooltip content={TrendTooltip} cursor={{ className: 'chart-cursor-line' }} />
        <Legend verticalAlign="top" align="right" height={28} iconType="plainline" />
        {lines.map((line) => (
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
            activeDot={{
              r: 5,
              cursor: 'pointer',
              onClick: (_event: unknown, dot: unknown) => {
                const index = (dot as { index?: number } | undefined)?.index;
                const day = index === undefined ? undefined : points[index]?.day;
                if (day) void navigate(onOpen(line.key, day));
              },
            }}
          />
        ))}
      </LineChart>
    </div>
  );
}
