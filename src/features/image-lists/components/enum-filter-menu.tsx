import { useId } from 'react';
import { useFixedT } from '../../../i18n/translator';
import { useEnumLabel } from '../../../i18n/enum-labels';
import type { EnumFilter } from '../filter-definitions';
import { splitList, toggleListValue } from '../filter-state';
import { FacetCount, FilterMenu } from './filter-menu';

interface EnumFilterMenuProps {
  filter: EnumFilter;
  value: string | undefined;
  /** value → images it would match under the other filters; undefined while unknown. */
  counts: Map<string, number> | undefined;
  onChange: (value: string | undefined) => void;
}

/** A drop-down of checkboxes (radio buttons for single-value parameters) with facet counts. */
export function EnumFilterMenu({ filter, value, counts, onChange }: EnumFilterMenuProps) {
  const t = useFixedT('lists');
  const enumLabel = useEnumLabel();
  const selected = splitList(value);
  const name = useId();

  return (
    <FilterMenu
      label={t(filter.label)}
      selected={selected.length}
      onClear={() => onChange(undefined)}
    >
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
            <span className="filter-menu__label">{enumLabel(filter.group, option)}</span>
            <FacetCount count={count} />
          </label>
        );
      })}
    </FilterMenu>
  );
}
