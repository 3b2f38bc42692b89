import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnumLabel } from '../../i18n/enum-labels';
import { useFormatters } from '../../i18n/format';
import type { FilterDefinition } from './filter-definitions';
import { activeFilterChips, type FilterChip } from './filter-state';

/** The active-filter chips, in the language the app speaks now. */
export function useFilterChips(
  filters: readonly FilterDefinition[],
  record: Readonly<Record<string, string>>,
): FilterChip[] {
  const { t } = useTranslation('lists');
  const enumLabel = useEnumLabel();
  const format = useFormatters();
  return useMemo(
    () => activeFilterChips(filters, record, { t: t, enumLabel, format }),
    [filters, record, t, enumLabel, format],
  );
}
