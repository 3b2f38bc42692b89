import { Link } from 'react-router-dom';
import { formatNumber } from '../../lib/format';
import type { ChartSegment } from './types';

function share(count: number, total: number): string {
  if (total <= 0) return '—';
  const percent = (count / total) * 100;
  return `${percent > 0 && percent < 0.1 ? '<0.1' : percent.toFixed(1)} %`;
}

/** A chart's figures as a table; each label links to the images it counts. */
export function SegmentTable({
  caption,
  segments,
  total,
  countHeader = 'Images',
}: {
  caption: string;
  segments: readonly ChartSegment[];
  /** For the share column; omitted when the segments overlap (risk types). */
  total?: number | undefined;
  countHeader?: string;
}) {
  return (
    <table className="segment-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Segment</th>
          <th scope="col" className="num">
            {countHeader}
          </th>
          {total !== undefined ? (
            <th scope="col" className="num">
              Share
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {segments.map((segment) => (
          <tr key={segment.key}>
            <th scope="row">
              {segment.to && segment.count > 0 ? (
                <Link to={segment.to}>{segment.label}</Link>
              ) : (
                segment.label
              )}
            </th>
            <td className="num">{formatNumber(segment.count)}</td>
            {total !== undefined ? <td className="num">{share(segment.count, total)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { share as formatShare };
