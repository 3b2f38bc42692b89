import '../filters.css';
import { useId, useState, type ReactNode } from 'react';
import { withinParam } from '../../../lib/relative-range';
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
import { activeFilterChips, clearAllPatch } from '../filter-state';
import { DebouncedTextInput } from '../../../components/debounced-text-input';
import { EnumFilterMenu } from './enum-filter-menu';
import { PickFilterMenu } from './pick-filter-menu';
import { FieldError, issueFor } from './field-error';
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

/** A control of the filters panel: its filter, the URL's value, the BFF's 400 and the writer. */
interface FieldProps<TFilter, TValue> {
  filter: TFilter;
  value: TValue;
  issue: ParamIssue | undefined;
  onChange: (patch: SearchPatch) => void;
}

function TextField({ filter, value, issue, onChange }: FieldProps<TextFilter, string>) {
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{filter.label}</label>
      <DebouncedTextInput
        id={id}
        className="text-input"
        value={value}
        maxLength={filter.maxLength}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-error` : undefined}
        onCommit={(next) => onChange({ [filter.param]: next || null })}
      />
      <FieldError id={`${id}-error`} issue={issue} />
    </div>
  );
}

function BooleanField({
  filter,
  value,
  issue,
  onChange,
}: FieldProps<BooleanFilter, string | undefined>) {
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{filter.label}</label>
      <select
        id={id}
        value={value ?? ''}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => onChange({ [filter.param]: event.target.value || null })}
      >
        <option value="">Any</option>
        <option value="true">{filter.onlyTrue ? 'Yes' : filter.yes}</option>
        {filter.onlyTrue ? null : <option value="false">{filter.no}</option>}
      </select>
      <FieldError id={`${id}-error`} issue={issue} />
    </div>
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
  const ownIssue = issueFor(issue, filterParams(filter));
  switch (filter.kind) {
    case 'text':
      return (
        <TextField
          filter={filter}
          value={record[filter.param] ?? ''}
          issue={ownIssue}
          onChange={onChange}
        />
      );
    case 'boolean':
      return (
        <BooleanField
          filter={filter}
          value={record[filter.param]}
          issue={ownIssue}
          onChange={onChange}
        />
      );
    case 'time':
      return (
        <TimeRangeFilter
          filter={filter}
          start={record[`start_${filter.name}`]}
          end={record[`end_${filter.name}`]}
          within={record[withinParam(filter.name)]}
          issue={ownIssue}
          onChange={onChange}
        />
      );
    case 'size':
      return (
        <SizeRangeFilter
          filter={filter}
          min={record[filter.minParam]}
          max={record[filter.maxParam]}
          issue={ownIssue}
          onChange={onChange}
        />
      );
    case 'enum':
    case 'pick':
      return null;
  }
}

/** Search, the enum menus with facet counts, the other filters, chips and "Clear all". */
export function FilterBar({ list, record, facets, issue, onChange, actions }: FilterBarProps) {
  const { filters } = list;
  const searchId = useId();
  const panelId = useId();
  const [moreOpen, setMoreOpen] = useState(false);
  const chips = activeFilterChips(filters, record);
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
    <section className="filter-bar" aria-label="Filters">
      <div className="filter-bar__row">
        <div className="search-box">
          <label htmlFor={searchId} className="visually-hidden">
            Search images
          </label>
          <DebouncedTextInput
            id={searchId}
            className="text-input"
            type="search"
            placeholder="Search namespace/name:tag or digest"
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
          More filters <span aria-hidden="true">{moreOpen ? '▴' : '▾'}</span>
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
        <ul className="filter-chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key} className="filter-chip">
              <span>{chip.text}</span>
              <button
                type="button"
                className="filter-chip__remove"
                aria-label={`Remove filter ${chip.text}`}
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
              Clear all
            </button>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
