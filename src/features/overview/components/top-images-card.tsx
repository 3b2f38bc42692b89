// The overview's table of the images with the most vulnerabilities.
import { Link } from 'react-router-dom';
import { ChartCard } from '../../../components/charts';
import { SeverityBadge } from '../../../components/badges';
import { ImageReference, TableHead, numeric } from '../../../components/cells';
import { formatNumber } from '../../../lib/format';
import type { RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';

export function TopImagesCard({ summary }: { summary: RiskSummary }) {
  return (
    <ChartCard
      title="Most vulnerable images"
      testId="chart-top-images"
      className="chart-card--wide"
      description="The 10 images with the most vulnerabilities. Open one to see its details."
    >
      {summary.top_images.length === 0 ? (
        <p className="muted chart-empty">No image has a known vulnerability.</p>
      ) : (
        <table className="top-table">
          <caption className="visually-hidden">The 10 images with the most vulnerabilities</caption>
          <TableHead
            columns={[
              numeric('#'),
              'Image',
              'Risk',
              numeric('Vulnerabilities'),
              numeric('Malicious files'),
              numeric('Baseline risks'),
            ]}
          />
          <tbody>
            {summary.top_images.map((image, index) => (
              <tr key={image.key}>
                <td className="num muted">{index + 1}</td>
                <td>
                  <Link className="top-table__link" to={segmentTarget(summary, image.filter) ?? ''}>
                    <ImageReference
                      namespace={image.namespace}
                      name={image.image_name}
                      tag={image.image_version}
                    />
                  </Link>
                </td>
                <td>
                  <SeverityBadge level={image.severity_level} />
                </td>
                <td className="num">
                  <strong>{formatNumber(image.vul_num)}</strong>
                </td>
                <td className="num">{formatNumber(image.malicious_file_num)}</td>
                <td className="num">{formatNumber(image.unsafe_setting_num)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ChartCard>
  );
}
