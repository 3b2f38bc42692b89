import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import { PALETTE } from '../badges';
import { ChartFigure, useSegmentChart, type SegmentChartProps } from './chart-figure';
import { SegmentTooltip } from './chart-tooltip';

const ROW_HEIGHT = 30;

/**
 * Horizontal bars, one per segment, each coloured by its tone and opening its images on click.
 * To assistive technology it is one image named by its figures; the card's table links them.
 */
export function SegmentBarChart({
  labelWidth = 130,
  ...chart
}: SegmentChartProps & { labelWidth?: number }) {
  const { segments, label } = chart;
  const { name, format, open } = useSegmentChart(chart);
  const data = segments.map((segment) => ({ ...segment }));
  const height = Math.max(60, data.length * ROW_HEIGHT + 24);
  return (
    <ChartFigure className="segment-bar-chart" name={name} chart={label}>
      <BarChart
        layout="vertical"
        data={data}
        margin={{ top: 4, right: 56, bottom: 4, left: 4 }}
        barCategoryGap={6}
        responsive
        accessibilityLayer={false}
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
          onClick={(_item, index) => open(segments[index])}
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
            formatter={(value: unknown) => format.number(Number(value))}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
}
