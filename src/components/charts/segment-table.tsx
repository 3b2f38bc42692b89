import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useChartFormat } from './chart-format';
import type { ChartSegment } from './types';

/** A chart's figures as a table; each label links to the images it counts. */
export function SegmentTable({
  caption,
  segments,
  total,
}: {
  caption: string;
  segments: readonly ChartSegment[];
  /** For the share column; omitted when the segments overlap (risk types). */
  total?: number | undefined;
}) {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  return (
    <table className="segment-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('chart.segment')}</th>
          <th scope="col" className="num">
            {t('chart.images')}
          </th>
          {total !== undefined ? (
            <th scope="col" className="num">
              {t('chart.share')}
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
            <td className="num">{format.number(segment.count)}</td>
            {total !== undefined ? (
              <td className="num">{format.share(segment.count, total)}</td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
