// A page's own filter controls above its content (Changes, Base images, Audit): labelled fields in
// one wrapping row. The label wraps its control, so each control's accessible name is its label.
import { useId, type ReactNode } from 'react';
import { DebouncedTextInput } from '../debounced-text-input';

interface FilterBarProps {
  /** The row's accessible name ("Filters"). */
  label: string;
  /** A search landmark (the row sits in a table's toolbar) rather than a labelled section. */
  isSearch?: boolean;
  className?: string;
  children: ReactNode;
}

export function FilterBar({ label, isSearch = false, className, children }: FilterBarProps) {
  const classes = className ? `filter-bar ${className}` : 'filter-bar';
  return isSearch ? (
    <div className={classes} role="search" aria-label={label}>
      {children}
    </div>
  ) : (
    <section className={classes} aria-label={label}>
      {children}
    </section>
  );
}

/** How to clear a page's filters: absent while none is set. */
export interface FilterClear {
  label: string;
  onClear: () => void;
}

/** The button that clears every filter of a page, shown only while one is set. */
export function ClearFiltersButton({ clear }: { clear: FilterClear | undefined }) {
  return clear ? (
    <button type="button" className="button" onClick={clear.onClear}>
      {clear.label}
    </button>
  ) : null;
}

interface FilterFieldProps {
  label: string;
  className?: string;
  children: ReactNode;
}

/** One labelled field of a filter row: its label above its control. */
export function FilterField({ label, className, children }: FilterFieldProps) {
  return (
    <label className={className ? `filter-bar__field ${className}` : 'filter-bar__field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}

interface FieldFrame {
  label: string;
  /** Beside `filter-bar__field` on the field's label. */
  fieldClassName?: string;
}

interface TextFilterProps extends FieldFrame {
  value: string;
  /** The trimmed text once typing pauses ("" clears the filter). */
  onCommit: (value: string) => void;
  type?: 'text' | 'search';
  placeholder?: string;
  maxLength?: number;
  /** Offered while typing (the filter still takes any text). */
  suggestions?: readonly string[];
}

/** A text filter that writes to the URL once typing pauses. */
export function TextFilter({ label, fieldClassName, suggestions, ...inputProps }: TextFilterProps) {
  const suggestionsId = useId();
  return (
    <FilterField label={label} className={fieldClassName}>
      <DebouncedTextInput
        className="text-input"
        list={suggestions ? suggestionsId : undefined}
        {...inputProps}
      />
      {suggestions ? (
        <datalist id={suggestionsId}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      ) : null}
    </FilterField>
  );
}

interface SelectFilterProps<Value extends string> extends FieldFrame {
  value: Value;
  options: readonly Value[];
  optionLabel: (option: Value) => string;
  /** A first choice meaning no filter, value "" (so `Value` includes ""); absent when one of
   * `options` is always chosen. */
  anyLabel?: string;
  onChange: (value: Value) => void;
}

/** A filter that picks one of a fixed list of values. */
export function SelectFilter<Value extends string>({
  label,
  fieldClassName,
  value,
  options,
  optionLabel,
  anyLabel,
  onChange,
}: SelectFilterProps<Value>) {
  return (
    <FilterField label={label} className={fieldClassName}>
      <select
        className="text-input"
        value={value}
        // The select offers only `options` (and "" with anyLabel).
        onChange={(event) => onChange(event.target.value as Value)}
      >
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

interface DayFilterProps extends FieldFrame {
  /** YYYY-MM-DD, or "" for no bound. */
  value: string;
  onChange: (value: string) => void;
}

/** A filter on one calendar day (a range's first or last day). */
export function DayFilter({ label, fieldClassName, value, onChange }: DayFilterProps) {
  return (
    <FilterField label={label} className={fieldClassName}>
      <input
        type="date"
        className="text-input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </FilterField>
  );
}
