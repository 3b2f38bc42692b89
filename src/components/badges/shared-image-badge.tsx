import { Badge } from './badge';

const STATUS_LABELS: Record<string, string> = { effective: 'Effective', expired: 'Expired' };

/** A shared image's owner (`domain_name`) and whether the share still holds (`shared_status`). */
export function SharedImageBadge({ owner, status }: { owner: string; status: string }) {
  if (!owner && !status) return <span className="muted">—</span>;
  const label = STATUS_LABELS[status] ?? (status || 'Shared');
  return (
    <span className="shared-image">
      <Badge
        tone={status === 'expired' ? 'neutral' : status === 'effective' ? 'info' : 'neutral'}
        label={label}
        title={`Shared by ${owner || 'an unknown account'}: ${status === 'expired' ? 'the share has expired' : status === 'effective' ? 'the share is in effect' : 'share status unknown'}`}
      />
      {owner ? <span className="shared-image__owner truncate">{owner}</span> : null}
    </span>
  );
}
