import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format';
import type { BaseImagesEnrichment } from '../../../shared/contracts/facts';

/**
 * How far the background look-up of basic images has got, and honestly how long the rest takes
 * at the call budget (at the documented 5 calls a minute, 10,000 digests take about 33 hours):
 * until it is done, the page counts only the images whose basic image is known.
 */
export function EnrichmentProgress({ enrichment }: { enrichment: BaseImagesEnrichment }) {
  const { t } = useTranslation('baseImages');
  const format = useFormatters();
  const { known, total, eta_ms: etaMs } = enrichment;
  const parts =
    total === 0
      ? [t('progress.empty')]
      : known >= total
        ? [t('progress.complete', { total: format.number(total) })]
        : [
            t('progress.known', { known: format.number(known), total: format.number(total) }),
            !enrichment.enabled
              ? t('progress.paused')
              : etaMs !== null
                ? t('progress.eta', { duration: format.duration(etaMs) })
                : null,
            enrichment.enabled ? t('progress.budget') : null,
          ];
  return (
    <p className="base-images__progress" role="status">
      {total > 0 ? (
        <progress max={total} value={Math.min(known, total)} aria-hidden="true" />
      ) : null}
      <span>{parts.filter(Boolean).join(' · ')}</span>
    </p>
  );
}
