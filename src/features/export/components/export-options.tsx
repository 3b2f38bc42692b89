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

const COLUMN_OPTIONS: readonly Option<ExportChoice['columns']>[] = [
  { value: 'shown', labelKey: 'options.columnsShown' },
  { value: 'all', labelKey: 'options.columnsAll' },
];

const VALUE_OPTIONS: readonly Option<ExportChoice['values']>[] = [
  { value: 'labels', labelKey: 'options.valuesLabels' },
  { value: 'codes', labelKey: 'options.valuesCodes' },
];

/** A fieldset of radio buttons: one choice among a few, then anything the group adds. */
function OptionGroup<Value extends string>({
  name,
  legendKey,
  options,
  value,
  onChange,
  children,
}: {
  name: string;
  legendKey: string;
  options: readonly Option<Value>[];
  value: Value;
  onChange: (value: Value) => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation('export');
  return (
    <fieldset className="export-options__group">
      <legend>{t(legendKey)}</legend>
      {options.map((option) => (
        <label key={option.value} className="filter-menu__option">
          <input
            type="radio"
            name={name}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
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
      <div className="filter-menu__panel filter-menu__panel--end">
        <OptionGroup
          name={`${name}-columns`}
          legendKey="options.columns"
          options={COLUMN_OPTIONS}
          value={choice.columns}
          onChange={(columns) => onChange({ columns })}
        >
          <label className="filter-menu__option">
            <input
              type="checkbox"
              checked={choice.identifiers}
              onChange={(event) => onChange({ identifiers: event.target.checked })}
            />
            <span className="filter-menu__label">{t('options.identifiers')}</span>
          </label>
        </OptionGroup>
        <OptionGroup
          name={`${name}-values`}
          legendKey="options.values"
          options={VALUE_OPTIONS}
          value={choice.values}
          onChange={(values) => onChange({ values })}
        />
        <p className="export-options__note muted">
          {t('options.headerLanguage', {
            language: t(`language.names.${i18n.language}`, { ns: 'common' }),
          })}
        </p>
      </div>
    </DropdownMenu>
  );
}
