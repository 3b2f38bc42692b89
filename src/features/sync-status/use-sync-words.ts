import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import type { SyncWords } from './describe-sync';

/** The `sync` catalogue and the formats of the language the app speaks now. */
export function useSyncWords(): SyncWords {
  const { t } = useTranslation('sync');
  const format = useFormatters();
  return useMemo(() => ({ t: t, format }), [t, format]);
}
