// The overview's cross-cloud card: artifacts (digests) present in more than one cloud, and for
// each list whose records carry no HSS scan (ACR) how many of them no HSS scan covers. Lists are
// named by their source, so ACR shows once it is mirrored, with no change here.
import { useTranslation } from 'react-i18next';
import { useCrossCloudSummary } from '../api/use-search';
import './search.css';

export function CrossCloudCard() {
  const { t } = useTranslation('search');
  const summary = useCrossCloudSummary();
  if (summary.data === undefined) return null;
  const { multi_cloud_artifacts: multiCloud, unscanned } = summary.data;
  return (
    <section
      className="cross-cloud-card"
      aria-labelledby="cross-cloud-card-title"
      data-testid="cross-cloud-card"
    >
      <h2 id="cross-cloud-card-title">{t('card.title')}</h2>
      <p>
        <strong className="cross-cloud-card__count">
          {t('card.multiCloud', { count: multiCloud })}
        </strong>
      </p>
      {unscanned.length === 0 ? (
        <p className="muted">{t('card.noUnscannedList')}</p>
      ) : (
        <ul className="cross-cloud-card__unscanned">
          {unscanned.map((list) => (
            <li key={list.source}>
              {t('card.notCovered', {
                source: t(`source.${list.source}`),
                count: list.not_covered,
                total: list.locations,
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
