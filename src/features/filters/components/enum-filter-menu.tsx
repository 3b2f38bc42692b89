import { useId } from 'react';
import { useDetailsMenu } from '../../../lib/use-details-menu';
import { formatNumber } from '../../../lib/format';
import type { EnumFilter } from '../filter-definitions';
import { splitList, toggleListValue } from '../filter-state';

interface EnumFilterMenuProps {
  filter: EnumFilter;
  value: string | undefined;
  /** value → images it would match under the other filters; undefined while unknown. */
  counts: Map<string, number> | undefined;
  onChange: (value: string | undefined) => void;
}

/** A drop-down of checkboxes (radio buttons for single-value parameters) with facet counts. */
export function EnumFilterMenu({ filter, value, counts, onChange }: EnumFilterMenuProps) {
  const selected = splitList(value);
  // Closes on a click outside or Escape, as a menu does.
  const menu = useDetailsMenu();
  const name = useId();

  return (
    <details {...menu} className="filter-menu">
      <summary className="button" data-active={selected.length > 0 || undefined}>
        {filter.label}
        {selected.length > 0 ? <span className="filter-menu__count">{selected.length}</span> : null}
        <span aria-hidden="true">▾</span>
      </summary>
      <fieldset className="filter-menu__panel">
        <legend className="visually-hidden">{filter.label}</legend>
        {filter.values.map((option) => {
          const count = counts?.get(option);
          const checked = selected.includes(option);
          return (
            <label key={option} className="filter-menu__option">
              <input
                type={filter.multiple ? 'checkbox' : 'radio'}
                name={name}
                checked={checked}
                onChange={() =>
                  onChange(
                    filter.multiple ? toggleListValue(value, option) : checked ? undefined : option,
                  )
                }
                onClick={() => {
                  // A radio cannot be unchecked by a click: do it here so "any" is reachable.
                  if (!filter.multiple && checked) onChange(undefined);
                }}
              />
              <span className="filter-menu__label">{filter.labels[option] ?? option}</span>
              {count !== undefined ? (
                <span className="filter-menu__facet" aria-label={`${formatNumber(count)} images`}>
                  {formatNumber(count)}
                </span>
              ) : null}
            </label>
          );
        })}
        {selected.length > 0 ? (
          <button type="button" className="button button--link" onClick={() => onChange(undefined)}>
            Any {filter.label.toLowerCase()}
          </button>
        ) : null}
      </fieldset>
    </details>
  );
}
