import { useId, useState } from 'react';
import { useDetailsMenu } from '../../../lib/use-details-menu';
import { formatNumber } from '../../../lib/format';
import type { QueryRecord } from '../../../shared/contracts';
import { facetCounts, useFacets } from '../api/get-facets';
import type { ImageListKind, PickFilter } from '../filter-definitions';
import { splitList, toggleListValue } from '../filter-state';
import { DebouncedTextInput } from './debounced-text-input';

interface PickFilterMenuProps {
  kind: ImageListKind;
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
export function PickFilterMenu({ kind, filter, record, counts, onChange }: PickFilterMenuProps) {
  const value = record[filter.param];
  const selected = splitList(value);
  // Closes on a click outside or Escape, as a menu does.
  const menu = useDetailsMenu();
  const findId = useId();
  const [typed, setTyped] = useState('');
  const [committed, setCommitted] = useState('');

  // The facet of values containing the typed text (values past the page's top 50 included).
  const suggestionParams: QueryRecord = { ...record, [filter.suggestParam]: committed };
  delete suggestionParams[filter.param];
  const suggestions = useFacets(kind, suggestionParams, committed !== '');
  const searched = committed !== '' ? facetCounts(suggestions.data, filter.facet) : undefined;

  const needle = typed.trim().toLowerCase();
  const countOf = (option: string) => searched?.get(option) ?? counts?.get(option);
  const offered = [...(searched ?? counts ?? new Map<string, number>()).keys()].filter(
    (option) => !selected.includes(option) && option.toLowerCase().includes(needle),
  );
  const options = [...selected, ...offered];
  const full = selected.length >= filter.maxValues;

  return (
    <details {...menu} className="filter-menu">
      <summary className="button" data-active={selected.length > 0 || undefined}>
        {filter.label}
        {selected.length > 0 ? <span className="filter-menu__count">{selected.length}</span> : null}
        <span aria-hidden="true">▾</span>
      </summary>
      <fieldset className="filter-menu__panel filter-menu__panel--scroll">
        <legend className="visually-hidden">{filter.label}</legend>
        <label htmlFor={findId} className="visually-hidden">
          Find a {filter.label.toLowerCase()}
        </label>
        <DebouncedTextInput
          id={findId}
          type="search"
          className="filter-menu__find"
          placeholder={`Find a ${filter.label.toLowerCase()}`}
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
              {count !== undefined ? (
                <span className="filter-menu__facet" aria-label={`${formatNumber(count)} images`}>
                  {formatNumber(count)}
                </span>
              ) : null}
            </label>
          );
        })}
        {options.length === 0 ? (
          <p className="filter-menu__empty">
            {needle !== '' && suggestions.isFetching ? 'Searching…' : 'No match'}
          </p>
        ) : null}
        {selected.length > 0 ? (
          <button type="button" className="button button--link" onClick={() => onChange(undefined)}>
            Any {filter.label.toLowerCase()}
          </button>
        ) : null}
      </fieldset>
    </details>
  );
}
