import { formatNumber } from '../../lib/format';

export interface TooltipRow {
  label: string;
  value: number;
  colour: string;
}

/** The hover box: exact figures, in the page's colours (light or dark). */
export function ChartTooltipBox({ title, rows }: { title?: string; rows: TooltipRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="chart-tooltip">
      {title ? <div className="chart-tooltip__title">{title}</div> : null}
      {rows.map((row) => (
        <div key={row.label} className="chart-tooltip__row">
          <span className="chart-tooltip__swatch" style={{ background: row.colour }} />
          <span>{row.label}</span>
          <strong>{formatNumber(row.value)}</strong>
        </div>
      ))}
    </div>
  );
}
