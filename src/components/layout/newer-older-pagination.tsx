// Newer / older pages of a feed shown newest first (changes, the audit log), with the range shown;
// nothing when one page holds it all. The words come from the page's own catalogue namespace.
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { PageStepButtons } from './page-step-buttons';

interface NewerOlderPaginationProps {
  /** The catalogue namespace holding `paging`, `showing`, `newer` and `older`. */
  namespace: string;
  /** Where in the namespace they are, if not at its top (`deliveries`). */
  keyPrefix?: string;
  className?: string;
  /** The page answered (its total and the rows it holds); nothing is shown before it arrives. */
  page: { total_num: number; data_list: readonly unknown[] } | undefined;
  offset: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}

export function NewerOlderPagination({
  namespace,
  keyPrefix,
  className,
  page,
  offset,
  pageSize,
  onOffset,
}: NewerOlderPaginationProps) {
  const { t } = useTranslation(namespace, keyPrefix === undefined ? {} : { keyPrefix });
  const format = useFormatters();
  if (!page || page.total_num <= pageSize) return null;
  const total = page.total_num;
  return (
    <nav className={['pagination', className].filter(Boolean).join(' ')} aria-label={t('paging')}>
      <p className="pagination__summary">
        {t('showing', {
          from: format.number(offset + 1),
          to: format.number(offset + page.data_list.length),
          total: format.number(total),
        })}
      </p>
      <div className="pagination__controls">
        <PageStepButtons
          offset={offset}
          pageSize={pageSize}
          total={total}
          onOffset={onOffset}
          back={t('newer')}
          on={t('older')}
        />
      </div>
    </nav>
  );
}
