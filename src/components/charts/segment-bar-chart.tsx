import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../lib/format';
import { PALETTE } from '../badges';
import { ChartTooltipBox } from './chart-tooltip';
import type { ChartSegment } from './types';

const ROW_HEIGHT = 30;

interface TooltipContentProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

function SegmentTooltip({ active, payload }: TooltipContentProps) {
  const segment = payload?.[0]?.payload as ChartSegment | undefined;
  if (!active || !segment) return null;
  return (
    <ChartTooltipBox
      rows={[{ label: segment.label, value: segment.count, colour: PALETTE[segment.tone].accent }]}
    />
  );
}

/**
 * Horizontal bars, one per segment, each coloured by its tone and opening its images on click.
 * The SVG is hidden from assistive technology: the card's table carries the same figures.
 */
export function SegmentBarChart({
  segments,
  label,
  labelWidth = 130,
}: {
  segments: readonly ChartSegment[];
  label: string;
  labelWidth?: number;
}) {
  const navigate = useNavigate();
  const data = segments.map((segment) => ({ ...segment }));
  const height = Math.max(60, data.length * ROW_HEIGHT + 24);
  return (
    <div className="segment-bar-chart" aria-hidden="true" data-chart={label}>
      <BarChart
        layout="vertical"
        data={data}
        margin={{ top: 4, right: 56, bottom: 4, left: 4 }}
        barCategoryGap={6}
        responsive
        style={{ width: '100%', height }}
      >
        <CartesianGrid horizontal={false} strokeDasharray="2 4" />
        <XAxis type="number" hide allowDecimals={false} />
        <YAxis
          type="category"
          dataKey="label"
          width={labelWidth}
          tickLine={false}
          axisLine={false}
          interval={0}
        />
        <Tooltip content={SegmentTooltip} cursor={{ className: 'chart-cursor' }} />
        <Bar
          dataKey="count"
          isAnimationActive={false}
          radius={[0, 3, 3, 0]}
          minPointSize={2}
          onClick={(_item, index) => {
            const target = segments[index]?.to;
            if (target && (segments[index]?.count ?? 0) > 0) void navigate(target);
          }}
        >
          {data.map((segment) => (
            <Cell
              key={segment.key}
              fill={PALETTE[segment.tone].accent}
              cursor={segment.to && segment.count > 0 ? 'pointer' : 'default'}
              data-segment={segment.key}
            />
          ))}
          <LabelList
            dataKey="count"
            position="right"
            className="chart-value-label"
            formatter={(value: unknown) => formatNumber(Number(value))}
          />
        </Bar>
      </BarChart>
    </div>
  );
}
