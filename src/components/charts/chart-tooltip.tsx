import { PALETTE } from '../badges';
import { useFormatters } from '../../i18n/format';
import type { ChartSegment } from './types';

export interface TooltipRow {
  label: string;
  value: number;
  colour: string;
}

/** The hover box: exact figures, in the page's colours (light or dark). */
export function ChartTooltipBox({ title, rows }: { title?: string; rows: TooltipRow[] }) {
  const format = useFormatters();
  if (rows.length === 0) return null;
  return (
    <div className="chart-tooltip">
      {title ? <div className="chart-tooltip__title">{title}</div> : null}
      {rows.map((row) => (
        <div key={row.label} className="chart-tooltip__row">
          <span className="chart-tooltip__swatch" style={{ background: row.colour }} />
          <span>{row.label}</span>
          <strong>{format.number(row.value)}</strong>
        </div>
      ))}
    </div>
  );
}

/** What Recharts passes a tooltip's `content`. */
export interface TooltipContentProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/** The hovered bar's or slice's segment, its count in its tone's colour. */
export function SegmentTooltip({ active, payload }: TooltipContentProps) {
  const segment = payload?.[0]?.payload as ChartSegment | undefined;
  if (!active || !segment) return null;
  return (
    <ChartTooltipBox
      rows={[{ label: segment.label, value: segment.count, colour: PALETTE[segment.tone].accent }]}
    />
  );
}
