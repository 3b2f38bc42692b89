// The header's count of high-severity events since the user's last visit to the Changes page.
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useFormatters } from '../../../i18n/format';
import { useNewHighSeverityCount } from '../api/use-changes';
import { useLastVisit } from '../last-visit';

export function NewChangesBadge() {
  // Its words are in `common`: the header is on every page, the changes catalogue is not.
  const { t } = useTranslation();
  const format = useFormatters();
  const [searchParams] = useSearchParams();
  const lastVisit = useLastVisit();
  const count = useNewHighSeverityCount(searchParams.get('account') ?? undefined, lastVisit);
  const total = count.data ?? 0;
  if (total === 0) return null;
  return (
    <span className="changes-badge" title={t('app.changesBadge', { count: total })}>
      <span aria-hidden="true">{format.number(total)}</span>
      <span className="visually-hidden">{t('app.changesBadge', { count: total })}</span>
    </span>
  );
}
