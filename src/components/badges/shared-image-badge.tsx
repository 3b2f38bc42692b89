import { useFixedT } from '../../i18n/translator';
import { Badge } from './badge';
import type { Tone } from './palette';

/** The share states HSS reports (`shared_status`); another reads as "Shared", status unknown. */
const SHARE_TONES: Record<string, Tone> = { effective: 'info', expired: 'neutral' };

/** A shared image's owner (`domain_name`) and whether the share still holds (`shared_status`). */
export function SharedImageBadge({ owner, status }: { owner: string; status: string }) {
  const t = useFixedT('table');
  if (!owner && !status) return <span className="muted">—</span>;
  const known = Object.prototype.hasOwnProperty.call(SHARE_TONES, status);
  // An unknown status HSS may add later shows as itself.
  const label = known
    ? t(`badges.shareStatus.${status}`)
    : status || t('badges.shareStatus.unknown');
  return (
    <span className="shared-image">
      <Badge
        tone={SHARE_TONES[status] ?? 'neutral'}
        label={label}
        title={t('badges.sharedBy', {
          owner: owner || t('badges.unknownOwner'),
          status: known ? status : 'unknown',
        })}
      />
      {owner ? <span className="shared-image__owner truncate">{owner}</span> : null}
    </span>
  );
}
