// What the file holds, chosen beside the Export button and kept in the URL (export-choice.ts):
// the columns, the identifiers, and labels or codes. The header row follows the page's language.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DropdownMenu } from '../../../components/menu';
import type { ExportChoice } from '../export-choice';

interface Option<Value extends string> {
  value: Value;
  /** The option's label key in the `export` catalogue. */
  labelKey: string;
}

/** The choices made with radio buttons: each one's legend and options, in the panel's order. */
type RadioChoice = 'columns' | 'values';
const RADIO_CHOICES: { [Choice in RadioChoice]: readonly Option<ExportChoice[Choice]>[] } = {
  columns: [
    { value: 'shown', labelKey: 'options.columnsShown' },
    { value: 'all', labelKey: 'options.columnsAll' },
  ],
  values: [
    { value: 'labels', labelKey: 'options.valuesLabels' },
    { value: 'codes', labelKey: 'options.valuesCodes' },
  ],
};

/** A fieldset of radio buttons for one part of the choice, then anything the group adds. */
function OptionGroup({
  part,
  name,
  choice,
  onChange,
  children,
}: {
  part: RadioChoice;
  name: string;
  choice: ExportChoice;
  onChange: (change: Partial<ExportChoice>) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation('export');
  const options: readonly Option<string>[] = RADIO_CHOICES[part];
  return (
    <fieldset className="export-options__group">
      <legend>{t(`options.${part}`)}</legend>
      {options.map((option) => (
        <label key={option.value} className="filter-menu__option">
          <input
            type="radio"
            name={`${name}-${part}`}
            checked={choice[part] === option.value}
            onChange={() => onChange({ [part]: option.value })}
          />
          <span className="filter-menu__label">{t(option.labelKey)}</span>
        </label>
      ))}
      {children}
    </fieldset>
  );
}

export function ExportOptions({
  choice,
  onChange,
}: {
  choice: ExportChoice;
  onChange: (change: Partial<ExportChoice>) => void;
}) {
  const { t, i18n } = useTranslation('export');
  const name = useId();
  return (
    <DropdownMenu
      className="filter-menu export-options"
      closeOnOutsidePointer={false}
      summary={
        <summary className="button" aria-label={t('options.label')}>
          <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <div className="popover filter-menu__panel filter-menu__panel--end">
        <OptionGroup part="columns" name={name} choice={choice} onChange={onChange}>
          <label className="filter-menu__option">
            <input
              type="checkbox"
              checked={choice.identifiers}
              onChange={(event) => onChange({ identifiers: event.target.checked })}
            />
            <span className="filter-menu__label">{t('options.identifiers')}</span>
          </label>
        </OptionGroup>
        <OptionGroup part="values" name={name} choice={choice} onChange={onChange} />
        <p className="export-options__note muted">
          {t('options.headerLanguage', {
            language: t(`language.names.${i18n.language}`, { ns: 'common' }),
          })}
        </p>
      </div>
    </DropdownMenu>
  );
}
