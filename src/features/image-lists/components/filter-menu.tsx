import type { ReactNode } from 'react';
import { fixedTranslator, useFixedT, useLanguage } from '../../../i18n/translator';
import { DropdownMenu } from '../../../components/menu';
import { useFormatters } from '../../../i18n/format';

/**
 * A filter's drop-down: its button (label, in the reader's language, and how many values are
 * picked when any are), its panel of choices, named by the filter, and "Any <label>" once
 * something is picked.
 */
export function FilterMenu({
  label,
  selected,
  scroll = false,
  onClear,
  children,
}: {
  label: string;
  selected: number;
  /** "Any <label>": drops every picked value. */
  onClear: () => void;
  /** A long list of choices scrolls inside the panel. */
  scroll?: boolean;
  children: ReactNode;
}) {
  const { i18n, language } = useLanguage();
  const t = fixedTranslator(i18n, language, 'lists');
  return (
    <DropdownMenu
      className="filter-menu"
      summary={
        <summary className="button" data-active={selected > 0 || undefined}>
          {label}
          {selected > 0 ? <span className="accent-chip filter-menu__count">{selected}</span> : null}
          <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <fieldset
        className={`popover filter-menu__panel${scroll ? ' filter-menu__panel--scroll' : ''}`}
      >
        <legend className="visually-hidden">{label}</legend>
        {children}
        {selected > 0 ? (
          <button type="button" className="button button--link" onClick={onClear}>
            {t('filterBar.anyOf', { label: label.toLocaleLowerCase(language) })}
          </button>
        ) : null}
      </fieldset>
    </DropdownMenu>
  );
}

/** How many images a choice would match under the other filters, when the facets have said. */
export function FacetCount({ count }: { count: number | undefined }) {
  const t = useFixedT('lists');
  const format = useFormatters();
  if (count === undefined) return null;
  const figure = format.number(count);
  return (
    <span className="filter-menu__facet" aria-label={t('filterBar.facetCount', { count: figure })}>
      {figure}
    </span>
  );
}
