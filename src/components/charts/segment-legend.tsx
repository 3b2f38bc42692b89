import { Link } from 'react-router-dom';
import { PALETTE } from '../badges';
import { useChartFormat } from './chart-format';
import type { ChartSegment } from './types';

/** The legend, with each segment's exact count (and share) as text, linking to its images. */
export function SegmentLegend({
  segments,
  total,
}: {
  segments: readonly ChartSegment[];
  total?: number | undefined;
}) {
  const format = useChartFormat();
  return (
    <ul className="segment-legend">
      {segments.map((segment) => {
        const colours = PALETTE[segment.tone];
        const content = (
          <>
            <span
              className="segment-legend__marker"
              style={{ color: colours.accent }}
              aria-hidden="true"
            >
              {colours.marker}
            </span>
            <span className="segment-legend__label">{segment.label}</span>
            <span className="segment-legend__count">{format.number(segment.count)}</span>
            {total !== undefined ? (
              <span className="segment-legend__share">{format.share(segment.count, total)}</span>
            ) : null}
          </>
        );
        return (
          <li key={segment.key} className={segment.count === 0 ? 'is-empty' : undefined}>
            {segment.to && segment.count > 0 ? (
              <Link className="segment-legend__item" to={segment.to}>
                {content}
              </Link>
            ) : (
              <span className="segment-legend__item">{content}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
