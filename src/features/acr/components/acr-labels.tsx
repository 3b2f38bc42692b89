// Words of the `acr` catalogue for the ACR tables, as components: the tables' columns are module
// constants (built once), so their headings and cells look the words up when they render.
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../../components/cells';
import type { EpochMsValue } from '../../../lib/format';

/** The `columns` messages of the `acr` catalogue: the headings of both ACR tables. */
export type AcrColumnHeadingKey =
  | 'repository'
  | 'status'
  | 'type'
  | 'build'
  | 'summary'
  | 'created'
  | 'modified'
  | 'tag'
  | 'digest'
  | 'imageId'
  | 'size'
  | 'updated'
  | 'namespace'
  | 'instance';

/** A column heading from the `acr` catalogue (the columns are module constants, built once). */
export function AcrColumnHeading({ column }: { column: AcrColumnHeadingKey }) {
  const { t } = useTranslation('acr');
  return <>{t(`columns.${column}`)}</>;
}

/**
 * One of ACR's enum values (RepoType, RepoBuildType) in words, from the catalogue group named
 * after the field; a value the catalogue does not know is shown as ACR sent it.
 */
export function AcrEnumLabel({ group, value }: { group: 'repoType' | 'buildType'; value: string }) {
  const { t, i18n } = useTranslation('acr');
  const key = `${group}.${value}`;
  if (value && i18n.exists(key, { ns: 'acr' })) return <>{t(key)}</>;
  return <>{value || '—'}</>;
}

function RelativeTimeCell({ getValue }: { getValue: () => EpochMsValue | null }) {
  return <RelativeTime epochMs={getValue()} never="—" />;
}

/**
 * A time column of either table (created, modified, updated), `width` wide: how long ago, at the
 * end of the cell, a dash if ACR sent no time.
 */
export function timeColumn(width: string) {
  return { meta: { align: 'end', width } as const, cell: RelativeTimeCell };
}
