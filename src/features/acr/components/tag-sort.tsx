import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortDir } from '../../../shared/contracts';
import type { AcrTagSortKey } from '../acr-url-state';
import { AcrColumnHeading, type AcrColumnHeadingKey } from './acr-labels';

export interface TagSortState {
  sort: { key: AcrTagSortKey; order: SortDir } | undefined;
  /** Cycles a column: ascending, descending, back to the API's order. */
  toggle: (key: AcrTagSortKey) => void;
}

// The columns are module constants (a new array each render would rebuild the table), so the
// sort state reaches their headers through context.
export const TagSortContext = createContext<TagSortState>({ sort: undefined, toggle: () => {} });

const HEADINGS: Record<AcrTagSortKey, AcrColumnHeadingKey> = {
  Tag: 'tag',
  Digest: 'digest',
  ImageId: 'imageId',
  Status: 'status',
  ImageSize: 'size',
  ImageCreate: 'created',
  ImageUpdate: 'updated',
};

/** A column heading that sorts the loaded page by its column. */
export function SortableHeader({ column }: { column: AcrTagSortKey }) {
  const { t } = useTranslation('acr');
  const { sort, toggle } = useContext(TagSortContext);
  const order = sort?.key === column ? sort.order : undefined;
  return (
    <button
      type="button"
      className="sort-header"
      data-sorted={order}
      title={t('sort.by', { column: t(`sort.keys.${column}`) })}
      onClick={() => toggle(column)}
    >
      <AcrColumnHeading column={HEADINGS[column]} />
      <span aria-hidden="true" className="sort-header__arrow">
        {order === 'asc' ? '▲' : order === 'desc' ? '▼' : '↕'}
      </span>
      {order ? <span className="visually-hidden">{t('sort.sorted', { order })}</span> : null}
    </button>
  );
}
