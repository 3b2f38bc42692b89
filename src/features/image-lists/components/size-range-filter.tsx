import { useId, useState } from 'react';
import { useFixedT } from '../../../i18n/translator';
import type { SizeRangeFilter as SizeRangeDefinition } from '../filter-definitions';
import { bytesToSize, SIZE_UNITS, sizeToBytes, unitBytes, type SizeUnit } from '../filter-state';
import { RangeFieldset, type FilterControlProps } from './field-error';

interface BoundProps {
  label: string;
  bytes: string | undefined;
  limit: number;
  onCommit: (bytes: number | undefined) => void;
}

/** One bound: an amount and a unit; applied on change of unit, blur or Enter. */
function SizeBound({ label, bytes, limit, onCommit }: BoundProps) {
  const t = useFixedT('lists');
  const initial =
    bytes === undefined ? { amount: '', unit: 'MB' as SizeUnit } : bytesToSize(Number(bytes));
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState<SizeUnit>(initial.unit);
  const id = useId();
  // Follow the URL when it changes elsewhere (chip removed, back), while rendering.
  const [seenBytes, setSeenBytes] = useState(bytes);
  if (seenBytes !== bytes) {
    setSeenBytes(bytes);
    if (bytes === undefined) setAmount('');
    else {
      const next = bytesToSize(Number(bytes));
      setAmount(next.amount);
      setUnit(next.unit);
    }
  }
  const apply = (nextAmount: string, nextUnit: SizeUnit) => {
    const value = sizeToBytes(nextAmount, nextUnit, limit);
    if (String(value ?? '') !== (bytes ?? '')) onCommit(value);
  };
  return (
    <span className="size-bound">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="text-input"
        type="number"
        inputMode="decimal"
        min={0}
        // The contract's upper bound, in the chosen unit.
        max={Math.floor(limit / unitBytes(unit))}
        step="any"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        onBlur={() => apply(amount, unit)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply(amount, unit);
        }}
      />
      <select
        aria-label={t('filterBar.unit', { label })}
        value={unit}
        onChange={(event) => {
          const nextUnit = event.target.value as SizeUnit;
          setUnit(nextUnit);
          apply(amount, nextUnit);
        }}
      >
        {SIZE_UNITS.map((entry) => (
          <option key={entry.unit} value={entry.unit}>
            {entry.unit}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Image size between a minimum (image_size) and a maximum (max_image_size). */
export function SizeRangeFilter({
  filter,
  record,
  issue,
  onChange,
}: FilterControlProps<SizeRangeDefinition>) {
  const t = useFixedT('lists');
  const label = t(filter.label);
  const min = record[filter.minParam];
  const max = record[filter.maxParam];
  return (
    <RangeFieldset
      variant="size"
      label={filter.label}
      issue={issue}
      lower={
        <SizeBound
          label={t('filterBar.atLeast', { label })}
          bytes={min}
          limit={max === undefined ? filter.max : Number(max)}
          onCommit={(bytes) => onChange({ [filter.minParam]: bytes === undefined ? null : bytes })}
        />
      }
      upper={
        <SizeBound
          label={t('filterBar.atMost', { label })}
          bytes={max}
          limit={filter.max}
          onCommit={(bytes) =>
            onChange({
              [filter.maxParam]: bytes === undefined ? null : bytes,
              // Keep min ≤ max: a smaller maximum pulls the minimum down with it.
              ...(bytes !== undefined && min !== undefined && Number(min) > bytes
                ? { [filter.minParam]: bytes }
                : {}),
            })
          }
        />
      }
    />
  );
}
