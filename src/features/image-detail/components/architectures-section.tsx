import { useTranslation } from 'react-i18next';
import { ScanStatusBadge } from '../../../components/badges';
import { Count, TableHead, numeric } from '../../../components/cells';
import { shortDigest } from '../../../lib/format';
import type { AssociateImage } from '../../../shared/contracts';
import { DetailSection } from './detail-fields';
import { RISK_COUNTS } from './scan-section';

interface ArchitecturesSectionProps {
  associations: AssociateImage[];
  /** Opens an associated image's own detail (by its record id). */
  onOpen: (id: string) => void;
}

/** A multi-architecture image's per-architecture images, each with its own scan. */
export function ArchitecturesSection({ associations, onOpen }: ArchitecturesSectionProps) {
  const { t } = useTranslation('detail');
  return (
    <DetailSection
      id="architectures"
      title={t('architectures.title')}
      aside={t('architectures.aside', { count: associations.length })}
    >
      {associations.length === 0 ? (
        <p className="image-detail__empty">{t('architectures.none')}</p>
      ) : (
        <table className="image-detail__table">
          <caption className="visually-hidden">{t('architectures.caption')}</caption>
          <TableHead
            columns={[
              t('architectures.image'),
              t('architectures.scan'),
              numeric(t('architectures.vulns')),
              numeric(t('architectures.baselineRisks')),
              numeric(t('architectures.malicious')),
            ]}
          />
          <tbody>
            {associations.map((association) => (
              <tr key={association.id} data-association-id={association.id}>
                <td>
                  <button
                    type="button"
                    className="image-detail__link"
                    onClick={() => onOpen(association.id)}
                    title={t('open', { what: association.image_digest || association.id })}
                  >
                    {association.image_digest
                      ? shortDigest(association.image_digest)
                      : `#${association.id}`}
                  </button>
                  <span className="muted image-detail__sub">
                    {' '}
                    {t('architectures.recordId', { id: association.id })}
                  </span>
                </td>
                <td>
                  <ScanStatusBadge status={association.scan_status} />
                </td>
                {RISK_COUNTS.map(({ key }) => (
                  <td key={key} className="num">
                    <Count value={association[key]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DetailSection>
  );
}
