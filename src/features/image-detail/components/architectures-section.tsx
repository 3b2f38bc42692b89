import { ScanStatusBadge } from '../../../components/badges';
import { Count, TableHead, numeric } from '../../../components/cells';
import { formatNumber, shortDigest } from '../../../lib/format';
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
  return (
    <DetailSection
      id="architectures"
      title="Architectures"
      aside={`${formatNumber(associations.length)} associated ${associations.length === 1 ? 'image' : 'images'}`}
    >
      {associations.length === 0 ? (
        <p className="image-detail__empty">HSS lists no associated images for this image.</p>
      ) : (
        <table className="image-detail__table">
          <caption className="visually-hidden">Associated images</caption>
          <TableHead
            columns={[
              'Image',
              'Scan',
              numeric('Vulns'),
              numeric('Baseline risks'),
              numeric('Malicious'),
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
                    title={`Open ${association.image_digest || association.id}`}
                  >
                    {association.image_digest
                      ? shortDigest(association.image_digest)
                      : `#${association.id}`}
                  </button>
                  <span className="muted image-detail__sub"> id {association.id}</span>
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
