import { useFixedT } from '../../i18n/translator';

/** A yes/no field in words, so it reads without colour; "no" stays quiet. */
export function YesNo({ value, yes, no }: { value: boolean; yes?: string; no?: string }) {
  const t = useFixedT('table');
  return value ? (
    <span>{yes ?? t('cells.yes')}</span>
  ) : (
    <span className="muted">{no ?? t('cells.no')}</span>
  );
}

/** Plain text that truncates with the full value on hover; a dash when empty. */
export function Text({ value, mono = false }: { value: string; mono?: boolean }) {
  const t = useFixedT('table');
  if (!value) return <span className="muted">{t('cells.none')}</span>;
  return (
    <span className={mono ? 'truncate mono' : 'truncate'} title={value}>
      {value}
    </span>
  );
}
