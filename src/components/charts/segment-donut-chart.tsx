import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { PALETTE } from '../badges';
import { ChartFigure, useSegmentChart, type SegmentChartProps } from './chart-figure';
import { SegmentTooltip } from './chart-tooltip';

/** A donut of parts of a whole, the total in its middle; a slice opens its images. */
export function SegmentDonutChart({
  total,
  totalLabel,
  size = 200,
  ...chart
}: SegmentChartProps & { total: number; totalLabel: string; size?: number }) {
  const { segments, label } = chart;
  const { name, format, open } = useSegmentChart(chart);
  const data = segments.filter((segment) => segment.count > 0).map((segment) => ({ ...segment }));
  return (
    <ChartFigure className="segment-donut" name={name} chart={label} style={{ width: size }}>
      <PieChart width={size} height={size} accessibilityLayer={false}>
        <Pie
          data={data}
          dataKey="count"
          nameKey="label"
          innerRadius={size * 0.32}
          outerRadius={size * 0.48}
          paddingAngle={data.length > 1 ? 1.5 : 0}
          stroke="none"
          isAnimationActive={false}
          // Out of the tab order: the legend's links are the keyboard's way to each slice.
          rootTabIndex={-1}
          onClick={(_item, index) => open(data[index])}
        >
          {data.map((segment) => (
            <Cell
              key={segment.key}
              fill={PALETTE[segment.tone].accent}
              cursor={segment.to ? 'pointer' : 'default'}
              data-segment={segment.key}
            />
          ))}
        </Pie>
        <Tooltip content={SegmentTooltip} />
      </PieChart>
      <div className="segment-donut__centre">
        <strong>{format.number(total)}</strong>
        <span>{totalLabel}</span>
      </div>
    </ChartFigure>
  );
}
