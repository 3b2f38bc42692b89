import { Link } from 'react-router-dom';
import { formatNumber } from '../../lib/format';
import { PALETTE } from '../badges';
import { formatShare } from './segment-table';
import type { ChartSegment } from './types';

/** The legend, with each segment's exact count (and share) as text, linking to its images. */
export function SegmentLegend({
  segments,
  total,
}: {
  segments: readonly ChartSegment[];
  total?: number | undefined;
}) {
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
            <span className="segment-legend__count">{formatNumber(segment.count)}</span>
            {total !== undefined ? (
              <span className="segment-legend__share">{formatShare(segment.count, total)}</span>
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
