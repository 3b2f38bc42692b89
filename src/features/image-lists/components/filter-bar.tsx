import '../filters.css';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchPatch } from '../../../lib/url-state';
import type { FacetsResponse, ParamIssue } from '../../../shared/contracts';
import { facetCounts } from '../api/get-facets';
import {
  filterParams,
  SEARCH_PARAM,
  searchMaxLength,
  type BooleanFilter,
  type FilterDefinition,
  type TextFilter,
} from '../filter-definitions';
import type { ListDescription } from '../list-config';
import { clearAllPatch } from '../filter-state';
import { useFilterChips } from '../use-filter-chips';
import { DebouncedTextInput } from '../../../components/debounced-text-input';
import { EnumFilterMenu } from './enum-filter-menu';
import { PickFilterMenu } from './pick-filter-menu';
import { FieldError, issueFor, type FilterControlProps } from './field-error';
import { SizeRangeFilter } from './size-range-filter';
import { TimeRangeFilter } from './time-range-filter';

interface FilterBarProps {
  list: ListDescription;
  /** The URL's list parameters (strings, as the BFF receives them). */
  record: Readonly<Record<string, string>>;
  facets: FacetsResponse | undefined;
  /** The BFF's 400, shown beside the control that sets the parameter it names. */
  issue: ParamIssue | undefined;
  /** Writes filter parameters (the caller also goes back to the first page). */
  onChange: (patch: SearchPatch) => void;
  /** Extra toolbar actions: the column menu, export. */
  actions?: ReactNode;
}

/** The ids and ARIA state a field's control takes from its wrapper. */
interface ControlAttributes {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** One labelled field of the panel: its label, its control and the BFF's 400 beneath. */
function FilterField({
  label,
  issue,
  control,
}: {
  /** A `lists` catalogue key. */
  label: string;
  issue: ParamIssue | undefined;
  control: (attributes: ControlAttributes) => ReactNode;
}) {
  const { t } = useTranslation('lists');
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="filter-field">
      <label htmlFor={id}>{t(label)}</label>
      {control({
        id,
        'aria-invalid': issue ? true : undefined,
        'aria-describedby': issue ? errorId : undefined,
      })}
      <FieldError id={errorId} issue={issue} />
    </div>
  );
}

function TextField({ filter, record, issue, onChange }: FilterControlProps<TextFilter>) {
  return (
    <FilterField
      label={filter.label}
      issue={issue}
      control={(attributes) => (
        <DebouncedTextInput
          {...attributes}
          className="text-input"
          value={record[filter.param] ?? ''}
          maxLength={filter.maxLength}
          onCommit={(next) => onChange({ [filter.param]: next || null })}
        />
      )}
    />
  );
}

function BooleanField({ filter, record, issue, onChange }: FilterControlProps<BooleanFilter>) {
  const { t } = useTranslation('lists');
  return (
    <FilterField
      label={filter.label}
      issue={issue}
      control={(attributes) => (
        <select
          {...attributes}
          value={record[filter.param] ?? ''}
          onChange={(event) => onChange({ [filter.param]: event.target.value || null })}
        >
          <option value="">{t('filterBar.any')}</option>
          <option value="true">{filter.onlyTrue ? t('filterBar.yes') : t(filter.yes)}</option>
          {filter.onlyTrue ? null : <option value="false">{t(filter.no)}</option>}
        </select>
      )}
    />
  );
}

function AdvancedFilter({
  filter,
  record,
  issue,
  onChange,
}: {
  filter: FilterDefinition;
  record: Readonly<Record<string, string>>;
  issue: ParamIssue | undefined;
  onChange: (patch: SearchPatch) => void;
}) {
  const props = { record, issue: issueFor(issue, filterParams(filter)), onChange };
  switch (filter.kind) {
    case 'text':
      return <TextField filter={filter} {...props} />;
    case 'boolean':
      return <BooleanField filter={filter} {...props} />;
    case 'time':
      return <TimeRangeFilter filter={filter} {...props} />;
    case 'size':
      return <SizeRangeFilter filter={filter} {...props} />;
    case 'enum':
    case 'pick':
      return null;
  }
}

/** Search, the enum menus with facet counts, the other filters, chips and "Clear all". */
export function FilterBar({ list, record, facets, issue, onChange, actions }: FilterBarProps) {
  const { t } = useTranslation('lists');
  const { filters } = list;
  const searchId = useId();
  const panelId = useId();
  const [moreOpen, setMoreOpen] = useState(false);
  const chips = useFilterChips(filters, record);
  const searchIssue = issueFor(issue, [SEARCH_PARAM]);
  // The enum and pick menus sit in the top row; chip-only filters have no control.
  const advanced = filters.filter(
    (filter) =>
      filter.kind !== 'enum' &&
      filter.kind !== 'pick' &&
      !(filter.kind === 'text' && filter.chipOnly === true),
  );
  const advancedActive = advanced.some((filter) =>
    filterParams(filter).some((param) => record[param] !== undefined),
  );
  const enumIssue = filters
    .filter((filter) => filter.kind === 'enum' || filter.kind === 'pick')
    .map((filter) => issueFor(issue, filterParams(filter)))
    .find(Boolean);
  // A 400 for a field in the closed panel must still be visible: open it.
  const advancedIssue = advanced.some((filter) => issueFor(issue, filterParams(filter)));

  return (
    <section className="filter-bar" aria-label={t('filterBar.label')}>
      <div className="filter-bar__row">
        <div className="search-box">
          <label htmlFor={searchId} className="visually-hidden">
            {t('filterBar.searchLabel')}
          </label>
          <DebouncedTextInput
            id={searchId}
            className="text-input"
            type="search"
            placeholder={t('filterBar.searchPlaceholder')}
            value={record[SEARCH_PARAM] ?? ''}
            maxLength={searchMaxLength()}
            aria-invalid={searchIssue ? true : undefined}
            onCommit={(next) => onChange({ [SEARCH_PARAM]: next || null })}
          />
        </div>
        {filters.map((filter) =>
          filter.kind === 'pick' ? (
            <PickFilterMenu
              key={filter.param}
              list={list}
              filter={filter}
              record={record}
              counts={facetCounts(facets, filter.facet)}
              onChange={(value) => onChange({ [filter.param]: value ?? null })}
            />
          ) : filter.kind === 'enum' ? (
            <EnumFilterMenu
              key={filter.param}
              filter={filter}
              value={record[filter.param]}
              counts={facetCounts(facets, filter.param)}
              onChange={(value) => onChange({ [filter.param]: value ?? null })}
            />
          ) : null,
        )}
        <button
          type="button"
          className="button"
          aria-expanded={moreOpen || advancedIssue}
          aria-controls={panelId}
          data-active={advancedActive || undefined}
          onClick={() => setMoreOpen((open) => !open)}
        >
          {t('filterBar.moreFilters')} <span aria-hidden="true">{moreOpen ? '▴' : '▾'}</span>
        </button>
        <div className="filter-bar__actions">{actions}</div>
      </div>
      <FieldError id={`${searchId}-error`} issue={searchIssue ?? enumIssue} />
      <div id={panelId} className="filter-panel" hidden={!(moreOpen || advancedIssue)}>
        {advanced.map((filter) => (
          <AdvancedFilter
            key={filterParams(filter).join()}
            filter={filter}
            record={record}
            issue={issue}
            onChange={onChange}
          />
        ))}
      </div>
      {chips.length > 0 ? (
        <ul className="filter-chips" aria-label={t('filterBar.activeFilters')}>
          {chips.map((chip) => (
            <li key={chip.key} className="filter-chip">
              <span>{chip.text}</span>
              <button
                type="button"
                className="filter-chip__remove"
                aria-label={t('filterBar.removeFilter', { filter: chip.text })}
                onClick={() => onChange(chip.remove)}
              >
                ×
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="button button--link"
              onClick={() => onChange(clearAllPatch(filters))}
            >
              {t('filterBar.clearAll')}
            </button>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
