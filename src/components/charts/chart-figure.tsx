import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useChartFormat } from './chart-format';

export interface Figure {
  label: string;
  count: number;
}

/** A chart's spoken name: its title and every figure it draws ("Risk level: High risk 3, …"). */
export function useChartName(title: string, figures: readonly Figure[]): string {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  return t('chart.name', {
    title,
    figures: format.list(
      figures.map((figure) =>
        t('chart.figure', { label: figure.label, count: format.number(figure.count) }),
      ),
    ),
  });
}

/**
 * A drawn chart as one image to assistive technology, named by its figures. Its SVG takes no
 * keyboard focus (`accessibilityLayer={false}` on the chart): the legend's and the card's table
 * links open the same images, for keyboard and screen-reader users alike.
 */
export function ChartFigure({
  name,
  chart,
  className,
  style,
  children,
}: {
  name: string;
  /** `data-chart`: which chart this is, for tests and styles. */
  chart: string;
  className: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <div className={className} role="img" aria-label={name} data-chart={chart} style={style}>
      {children}
    </div>
  );
}
