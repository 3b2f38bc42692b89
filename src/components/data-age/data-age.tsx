import { RelativeTime } from '../cells';

/** When the list on screen was last mirrored from the cloud. */
export function DataAge({ syncedAt }: { syncedAt: number | null }) {
  if (syncedAt === null) return <span className="muted">not synced yet</span>;
  return (
    <span>
      synced <RelativeTime epochMs={syncedAt} />
    </span>
  );
}
