import { useNavigate } from 'react-router-dom';
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import { formatNumber } from '../../lib/format';
import { PALETTE } from '../badges';
import { ChartTooltipBox } from './chart-tooltip';
import type { ChartSegment } from './types';

interface TooltipContentProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

function SliceTooltip({ active, payload }: TooltipContentProps) {
  const segment = payload?.[0]?.payload as ChartSegment | undefined;
  if (!active || !segment) return null;
  return (
    <ChartTooltipBox
      rows={[{ label: segment.label, value: segment.count, colour: PALETTE[segment.tone].accent }]}
    />
  );
}

/** A donut of parts of a whole, the total in its middle; a slice opens its images. */
export function SegmentDonutChart({
  segments,
  total,
  totalLabel,
  label,
  size = 200,
}: {
  segments: readonly ChartSegment[];
  total: number;
  totalLabel: string;
  label: string;
  size?: number;
}) {
  const navigate = useNavigate();
  const data = segments.filter((segment) => segment.count > 0).map((segment) => ({ ...segment }));
  return (
    <div className="segment-donut" aria-hidden="true" data-chart={label} style={{ width: size }}>
      <PieChart width={size} height={size}>
        <Pie
          data={data}
          dataKey="count"
          nameKey="label"
          innerRadius={size * 0.32}
          outerRadius={size * 0.48}
          paddingAngle={data.length > 1 ? 1.5 : 0}
          stroke="none"
          isAnimationActive={false}
          onClick={(_item, index) => {
            const target = data[index]?.to;
            if (target) void navigate(target);
          }}
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
        <Tooltip content={SliceTooltip} />
      </PieChart>
      <div className="segment-donut__centre">
        <strong>{formatNumber(total)}</strong>
        <span>{totalLabel}</span>
      </div>
    </div>
  );
}
