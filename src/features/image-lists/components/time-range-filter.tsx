import { useFixedT } from '../../../i18n/translator';
import type { TimeRangeFilter as TimeRangeDefinition } from '../filter-definitions';
import { RELATIVE_RANGE_CODES, withinParam } from '../../../lib/relative-range';
import { fromDateTimeLocal, quickRangePatch, toDateTimeLocal } from '../filter-state';
import { RangeFieldset, type FilterControlProps } from './field-error';

// The API takes epoch ms from 0; a datetime-local input cannot go before the epoch either.
const EPOCH_LOCAL = toDateTimeLocal(0);

function localValue(epochMs: string | undefined): string {
  if (epochMs === undefined) return '';
  const value = Number(epochMs);
  return value <= 8.64e15 ? toDateTimeLocal(value) : '';
}

/** One end of the range: a local date-time input, picked as epoch ms (undefined when cleared). */
function DateTimeBound({
  label,
  value,
  min,
  max,
  onPick,
}: {
  label: string;
  value: string;
  min: string;
  max?: string | undefined;
  onPick: (epochMs: number | undefined) => void;
}) {
  return (
    <label>
      <span className="visually-hidden">{label}</span>
      <input
        className="text-input"
        type="datetime-local"
        value={value}
        min={min}
        max={max}
        onChange={(event) => onPick(fromDateTimeLocal(event.target.value))}
      />
    </label>
  );
}

/**
 * From / to as local date-times, plus quick ranges (kept relative in the URL as
 * `<name>_within`); start never after end.
 */
export function TimeRangeFilter({
  filter,
  record,
  issue,
  onChange,
}: FilterControlProps<TimeRangeDefinition>) {
  const t = useFixedT('lists');
  const label = t(filter.label);
  const startParam = `start_${filter.name}`;
  const endParam = `end_${filter.name}`;
  const start = record[startParam];
  const end = record[endParam];
  const within = record[withinParam(filter.name)];
  // A date typed by hand makes the range absolute.
  const relativeOff = { [withinParam(filter.name)]: null };
  const startLocal = localValue(start);
  const endLocal = localValue(end);
  const setBound = (param: string, epochMs: number | undefined) =>
    onChange({ ...relativeOff, [param]: epochMs === undefined ? null : String(epochMs) });
  return (
    <RangeFieldset
      variant="time"
      label={filter.label}
      issue={issue}
      lower={
        <DateTimeBound
          label={t('filterBar.from', { label })}
          value={startLocal}
          min={EPOCH_LOCAL}
          max={endLocal || undefined}
          onPick={(epochMs) => {
            // Out of range (after the end): ignore rather than send a request the BFF refuses.
            if (end !== undefined && epochMs !== undefined && epochMs > Number(end)) return;
            setBound(startParam, epochMs);
          }}
        />
      }
      upper={
        <DateTimeBound
          label={t('filterBar.to', { label })}
          value={endLocal}
          min={startLocal || EPOCH_LOCAL}
          onPick={(epochMs) => {
            if (start !== undefined && epochMs !== undefined && epochMs < Number(start)) return;
            setBound(endParam, epochMs);
          }}
        />
      }
    >
      <div className="quick-ranges">
        {RELATIVE_RANGE_CODES.map((code) => (
          <button
            key={code}
            type="button"
            className="button button--small"
            aria-label={t('filterBar.quickRange', { label, range: t(`ranges.${code}.words`) })}
            aria-pressed={within === code}
            onClick={() => onChange(quickRangePatch(filter.name, code))}
          >
            {t(`ranges.${code}.short`)}
          </button>
        ))}
      </div>
    </RangeFieldset>
  );
}
