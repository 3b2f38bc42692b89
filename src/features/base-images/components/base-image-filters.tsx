import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ClearFiltersButton,
  FilterBar,
  TextFilter,
  type FilterClear,
} from '../../../components/filter-bar';
import {
  BASE_IMAGE_EOL_STATUSES,
  BASE_IMAGE_FILTER_LENGTH,
  type BaseImageEolStatus,
} from '../../../shared/contracts/facts';
import type { BaseImagesView } from '../base-images-url-state';

interface BaseImageFiltersProps {
  view: BaseImagesView;
  /** OS names on the page, offered as suggestions (the filter matches a name exactly). */
  osNames: readonly string[] | undefined;
  update: (next: Partial<BaseImagesView>) => void;
  /** Clears every filter; absent when none is set. */
  clear: FilterClear | undefined;
  /** The toolbar's actions at its end (the column menu). */
  actions?: ReactNode;
}

/** OS, OS version and end-of-life status: the route's own filters. */
export function BaseImageFilters({ view, osNames, update, clear, actions }: BaseImageFiltersProps) {
  const { t } = useTranslation('baseImages');
  const suggestions = [...new Set(osNames?.filter(Boolean))].sort();
  const toggleStatus = (status: BaseImageEolStatus) =>
    update({
      eol: view.eol.includes(status)
        ? view.eol.filter((one) => one !== status)
        : [...view.eol, status],
    });
  return (
    <FilterBar label={t('filters.label')} isSearch>
      <TextFilter
        label={t('filters.os')}
        value={view.osName}
        maxLength={BASE_IMAGE_FILTER_LENGTH.max}
        suggestions={suggestions}
        onCommit={(osName) => update({ osName })}
      />
      <TextFilter
        label={t('filters.version')}
        value={view.osVersion}
        maxLength={BASE_IMAGE_FILTER_LENGTH.max}
        onCommit={(osVersion) => update({ osVersion })}
      />
      <fieldset className="base-images__statuses">
        <legend>{t('filters.eol')}</legend>
        {BASE_IMAGE_EOL_STATUSES.map((status) => (
          <label key={status} className={`base-images__status base-images__status--${status}`}>
            <input
              type="checkbox"
              checked={view.eol.includes(status)}
              onChange={() => toggleStatus(status)}
            />
            {t(`eol.${status}`)}
          </label>
        ))}
      </fieldset>
      <ClearFiltersButton clear={clear} />
      <div className="base-images__actions">{actions}</div>
    </FilterBar>
  );
}
