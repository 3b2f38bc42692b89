// Pure helpers between the URL's filter parameters and the filter controls: comma lists, local
// date-times, sizes with units, and the active-filter chips.
import type { Formatters } from '../../i18n/format';
import type { EnumLabel } from '../../i18n/enum-labels';
import type { Translate } from '../../i18n/i18n';
import { isRelativeRangeCode, withinParam, type RelativeRangeCode } from '../../lib/relative-range';
import type { SearchPatch } from '../../lib/url-state';
import { filterParams, SEARCH_PARAM, type FilterDefinition } from './filter-definitions';

/** "High,Medium" → ["High", "Medium"]; absent → []. */
export function splitList(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

/** Toggles one value of a comma-separated enum list; an empty list removes the parameter. */
export function toggleListValue(current: string | undefined, value: string): string | undefined {
  const list = splitList(current);
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return next.length > 0 ? next.join(',') : undefined;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Epoch ms → the value of a `datetime-local` input, in the browser's time zone. */
export function toDateTimeLocal(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value → epoch ms (local time), or undefined when empty or invalid. */
export function fromDateTimeLocal(value: string): number | undefined {
  if (!value) return undefined;
  const epochMs = new Date(value).getTime();
  return Number.isFinite(epochMs) && epochMs >= 0 ? epochMs : undefined;
}

export const HOUR_MS = 60 * 60 * 1000;

/**
 * A quick range stays relative in the URL (`<name>_within=7d`), so a shared link means "the last
 * 7 days" tomorrow too; it replaces any absolute bounds.
 */
export function quickRangePatch(name: string, code: RelativeRangeCode): SearchPatch {
  return { [withinParam(name)]: code, [`start_${name}`]: null, [`end_${name}`]: null };
}

export const SIZE_UNITS = [
  { unit: 'KB', bytes: 1024 },
  { unit: 'MB', bytes: 1024 ** 2 },
  { unit: 'GB', bytes: 1024 ** 3 },
] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number]['unit'];

export function unitBytes(unit: SizeUnit): number {
  return SIZE_UNITS.find((entry) => entry.unit === unit)?.bytes ?? 1;
}

/** A size in the unit the user typed it in → whole bytes, or undefined when empty or invalid. */
export function sizeToBytes(amount: string, unit: SizeUnit, max: number): number | undefined {
  if (amount.trim() === '') return undefined;
  const value = Number(amount);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.min(Math.round(value * unitBytes(unit)), max);
}

/** Bytes → the largest unit not above it, to two decimals ("512 MB", "1.5 GB"). */
export function bytesToSize(bytes: number): { amount: string; unit: SizeUnit } {
  const entry = [...SIZE_UNITS].reverse().find((candidate) => bytes >= candidate.bytes);
  const chosen = entry ?? SIZE_UNITS[0];
  return { amount: String(Math.round((bytes / chosen.bytes) * 100) / 100), unit: chosen.unit };
}

export interface FilterChip {
  /** Stable key: the parameter (and value for enum lists). */
  key: string;
  text: string;
  /** What removing the chip writes to the URL. */
  remove: SearchPatch;
}

/** What the chips are written with, in the reader's language. */
export interface ChipWords {
  /** The `lists` catalogue. */
  t: Translate;
  enumLabel: EnumLabel;
  format: Pick<Formatters, 'bytes' | 'exactTime'>;
}

function formatBound({ t, format }: ChipWords, value: string | undefined): string {
  return value === undefined ? t('chips.open') : format.exactTime(value);
}

/** One chip per active filter value (each enum value its own chip, so each can be removed). */
export function activeFilterChips(
  filters: readonly FilterDefinition[],
  record: Readonly<Record<string, string>>,
  words: ChipWords,
): FilterChip[] {
  const { t, enumLabel, format } = words;
  const chips: FilterChip[] = [];
  const q = record[SEARCH_PARAM];
  if (q)
    chips.push({
      key: SEARCH_PARAM,
      text: t('chips.search', { q }),
      remove: { [SEARCH_PARAM]: null },
    });
  for (const filter of filters) {
    const label = t(filter.label);
    switch (filter.kind) {
      case 'text': {
        const value = record[filter.param];
        if (value !== undefined) {
          chips.push({
            key: filter.param,
            text: t('chips.value', { label, value }),
            remove: { [filter.param]: null },
          });
        }
        break;
      }
      case 'enum':
      case 'pick': {
        const current = record[filter.param];
        for (const value of splitList(current)) {
          chips.push({
            key: `${filter.param}=${value}`,
            text: t('chips.value', {
              label,
              value: filter.kind === 'enum' ? enumLabel(filter.group, value) : value,
            }),
            remove: { [filter.param]: toggleListValue(current, value) ?? null },
          });
        }
        break;
      }
      case 'boolean': {
        const value = record[filter.param];
        if (value === 'true' || (value === 'false' && !filter.onlyTrue)) {
          chips.push({
            key: filter.param,
            text: t(value === 'true' ? filter.yes : filter.no),
            remove: { [filter.param]: null },
          });
        }
        break;
      }
      case 'time': {
        const start = record[`start_${filter.name}`];
        const end = record[`end_${filter.name}`];
        const within = record[withinParam(filter.name)];
        if (isRelativeRangeCode(within) && start === undefined && end === undefined) {
          chips.push({
            key: filter.name,
            text: t('chips.value', { label, value: t(`ranges.${within}.words`) }),
            remove: { [withinParam(filter.name)]: null },
          });
        } else if (start !== undefined || end !== undefined) {
          chips.push({
            key: filter.name,
            text: t('chips.value', {
              label,
              value: t('chips.between', {
                from: formatBound(words, start),
                to: end === undefined ? t('chips.now') : formatBound(words, end),
              }),
            }),
            remove: {
              [`start_${filter.name}`]: null,
              [`end_${filter.name}`]: null,
              [withinParam(filter.name)]: null,
            },
          });
        }
        break;
      }
      case 'size': {
        const min = record[filter.minParam];
        const max = record[filter.maxParam];
        if (min !== undefined || max !== undefined) {
          const bytes = (value: string | undefined) => format.bytes(Number(value));
          const value =
            min !== undefined && max !== undefined
              ? t('chips.between', { from: bytes(min), to: bytes(max) })
              : min !== undefined
                ? t('chips.atLeast', { min: bytes(min) })
                : t('chips.atMost', { max: bytes(max) });
          chips.push({
            key: 'image_size',
            text: t('chips.value', { label, value }),
            remove: { [filter.minParam]: null, [filter.maxParam]: null },
          });
        }
        break;
      }
    }
  }
  return chips;
}

/** The patch that removes every filter (and the search), keeping paging and sort to the caller. */
export function clearAllPatch(filters: readonly FilterDefinition[]): SearchPatch {
  const patch: SearchPatch = { [SEARCH_PARAM]: null };
  for (const filter of filters) for (const param of filterParams(filter)) patch[param] = null;
  return patch;
}
