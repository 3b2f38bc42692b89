// Newer / older pages of a feed shown newest first (changes, the audit log), with the range shown;
// nothing when one page holds it all. The words come from the page's own catalogue namespace.
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';

interface NewerOlderPaginationProps {
  /** The catalogue namespace holding `paging`, `showing`, `newer` and `older`. */
  namespace: string;
  /** Where in the namespace they are, if not at its top (`deliveries`). */
  keyPrefix?: string;
  className?: string;
  total: number;
  shown: number;
  offset: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}

export function NewerOlderPagination({
  namespace,
  keyPrefix,
  className,
  total,
  shown,
  offset,
  pageSize,
  onOffset,
}: NewerOlderPaginationProps) {
  const { t } = useTranslation(namespace, keyPrefix === undefined ? {} : { keyPrefix });
  const format = useFormatters();
  if (total <= pageSize) return null;
  return (
    <nav className={['pagination', className].filter(Boolean).join(' ')} aria-label={t('paging')}>
      <p className="pagination__summary">
        {t('showing', {
          from: format.number(offset + 1),
          to: format.number(offset + shown),
          total: format.number(total),
        })}
      </p>
      <div className="pagination__controls">
        <button
          type="button"
          className="button"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, offset - pageSize))}
        >
          {t('newer')}
        </button>
        <button
          type="button"
          className="button"
          disabled={offset + pageSize >= total}
          onClick={() => onOffset(offset + pageSize)}
        >
          {t('older')}
        </button>
      </div>
    </nav>
  );
}
