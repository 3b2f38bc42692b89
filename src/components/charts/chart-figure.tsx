import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useChartFormat, type ChartFormat } from './chart-format';
import type { ChartSegment } from './types';

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

/** What a chart of segments (bars, a donut) is given. */
export interface SegmentChartProps {
  segments: readonly ChartSegment[];
  /** The card's title, the start of the chart's spoken name. */
  title: string;
  /** `data-chart`: which chart this is. */
  label: string;
}

/** A segment chart's name, formats, and its click: a segment with images opens them. */
export function useSegmentChart({ segments, title }: SegmentChartProps): {
  name: string;
  format: ChartFormat;
  open: (segment: ChartSegment | undefined) => void;
} {
  const navigate = useNavigate();
  return {
    name: useChartName(title, segments),
    format: useChartFormat(),
    open: (segment) => {
      if (segment?.to && segment.count > 0) void navigate(segment.to);
    },
  };
}
