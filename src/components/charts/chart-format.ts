// The charts' figures in the chosen language: counts, shares of a total, snapshot days and lists
// of figures (a chart's spoken name), all through Intl for the app's locale.
import { useMemo } from 'react';
import { useFormatters } from '../../i18n/format';

export interface ChartFormat {
  number(value: number): string;
  /** `count` as a share of `total` ("12.3%"); a sliver reads "<0.1%", no total "—". */
  share(count: number, total: number): string;
  /** A snapshot day (`YYYY-MM-DD`, a UTC day): short for axis ticks, long with its year. */
  day(day: string, long?: boolean): string;
  /** Items as one phrase ("a, b, and c" / "a、b和c"). */
  list(items: readonly string[]): string;
}

const SLIVER = 0.001;

export function createChartFormat(locale: string, number: (value: number) => string): ChartFormat {
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  // Snapshot days are UTC calendar days: formatted in UTC, they stay the day they are.
  const shortDay = new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const longDay = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
  return {
    number,
    share(count, total) {
      if (total <= 0) return '—';
      const ratio = count / total;
      return ratio > 0 && ratio < SLIVER ? `<${percent.format(SLIVER)}` : percent.format(ratio);
    },
    day: (day, long = false) => (long ? longDay : shortDay).format(new Date(`${day}T00:00:00Z`)),
    list: (items) => list.format(items),
  };
}

/** The chart formats of the language the app speaks now. */
export function useChartFormat(): ChartFormat {
  const format = useFormatters();
  return useMemo(() => createChartFormat(format.locale, format.number), [format]);
}
