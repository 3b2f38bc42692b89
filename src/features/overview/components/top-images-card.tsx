// The overview's table of the images with the most vulnerabilities.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ChartCard, useChartFormat } from '../../../components/charts';
import { SeverityBadge } from '../../../components/badges';
import { ImageReference, TableHead, numeric } from '../../../components/cells';
import type { RiskSummary } from '../../../shared/contracts';
import { segmentTarget } from '../explorer-links';

/** How many images the summary ranks (the BFF's top 10). */
const TOP_COUNT = 10;

export function TopImagesCard({ summary }: { summary: RiskSummary }) {
  const { t } = useTranslation('overview');
  const format = useChartFormat();
  const formatNumber = format.number;
  return (
    <ChartCard
      title={t('topImages.title')}
      testId="chart-top-images"
      className="chart-card--wide"
      description={t('topImages.description', { count: TOP_COUNT })}
    >
      {summary.top_images.length === 0 ? (
        <p className="muted chart-empty">{t('topImages.empty')}</p>
      ) : (
        <table className="top-table">
          <caption className="visually-hidden">
            {t('topImages.caption', { count: TOP_COUNT })}
          </caption>
          <TableHead
            columns={[
              numeric(t('topImages.rank')),
              t('topImages.image'),
              t('topImages.risk'),
              numeric(t('topImages.vulnerabilities')),
              numeric(t('topImages.maliciousFiles')),
              numeric(t('topImages.baselineRisks')),
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
