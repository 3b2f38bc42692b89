import { useId, useState } from 'react';
import { fixedTranslator, useLanguage } from '../../../i18n/translator';
import type { QueryRecord } from '../../../shared/contracts';
import { facetCounts, useFacets } from '../api/get-facets';
import type { PickFilter } from '../filter-definitions';
import type { ListDescription } from '../list-config';
import { splitList, toggleListValue } from '../filter-state';
import { DebouncedTextInput } from '../../../components/debounced-text-input';
import { FacetCount, FilterMenu } from './filter-menu';

interface PickFilterMenuProps {
  list: ListDescription;
  filter: PickFilter;
  /** The URL's list parameters: the suggestions are counted under the other filters. */
  record: Readonly<Record<string, string>>;
  /** The facet under the current filters (value → images); undefined while unknown. */
  counts: Map<string, number> | undefined;
  onChange: (value: string | undefined) => void;
}

/**
 * A drop-down of exact values to pick (checkboxes), several at once, each with the number of
 * images it has under the other filters. Typing narrows the offer: the page's facet at once, and
 * the BFF's facet for the typed text (its top values containing it) after a pause.
 */
export function PickFilterMenu({ list, filter, record, counts, onChange }: PickFilterMenuProps) {
  const { i18n, language } = useLanguage();
  const t = fixedTranslator(i18n, language, 'lists');
  const label = t(filter.label);
  const find = t('filterBar.find', { label: label.toLocaleLowerCase(language) });
  const value = record[filter.param];
  const selected = splitList(value);
  const findId = useId();
  const [typed, setTyped] = useState('');
  const [committed, setCommitted] = useState('');

  // The facet of values containing the typed text (values past the page's top 50 included).
  const suggestionParams: QueryRecord = { ...record, [filter.suggestParam]: committed };
  delete suggestionParams[filter.param];
  const suggestions = useFacets(list, suggestionParams, committed !== '');
  const searched = committed !== '' ? facetCounts(suggestions.data, filter.facet) : undefined;

  const needle = typed.trim().toLowerCase();
  const countOf = (option: string) => searched?.get(option) ?? counts?.get(option);
  const offered = [...(searched ?? counts ?? new Map<string, number>()).keys()].filter(
    (option) => !selected.includes(option) && option.toLowerCase().includes(needle),
  );
  const options = [...selected, ...offered];
  const full = selected.length >= filter.maxValues;

  return (
    <FilterMenu label={label} selected={selected.length} onClear={() => onChange(undefined)} scroll>
      <label htmlFor={findId} className="visually-hidden">
        {find}
      </label>
      <DebouncedTextInput
        id={findId}
        type="search"
        className="filter-menu__find"
        placeholder={find}
        value={committed}
        onInput={(event) => setTyped(event.currentTarget.value)}
        onCommit={(next) => {
          setTyped(next);
          setCommitted(next);
        }}
      />
      {options.map((option) => {
        const count = countOf(option);
        const checked = selected.includes(option);
        return (
          <label key={option} className="filter-menu__option">
            <input
              type="checkbox"
              checked={checked}
              disabled={!checked && full}
              onChange={() => onChange(toggleListValue(value, option))}
            />
            <span className="filter-menu__label">{option}</span>
            <FacetCount count={count} />
          </label>
        );
      })}
      {options.length === 0 ? (
        <p className="filter-menu__empty">
          {needle !== '' && suggestions.isFetching
            ? t('filterBar.searching')
            : t('filterBar.noMatch')}
        </p>
      ) : null}
    </FilterMenu>
  );
}
