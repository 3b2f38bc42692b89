import type { QueuedResponse } from '../../../shared/contracts';
import { formatDuration, formatNumber } from '../../../lib/format';

/** The call budget is spent: the request waits in the BFF's queue and the panel asks again. */
export function QueuedNotice({ queued, what }: { queued: QueuedResponse; what: string }) {
  const wait = formatDuration(queued.retry_after_ms);
  return (
    <p className="image-detail__queued" role="status">
      <span className="image-detail__spinner" aria-hidden="true" />
      {queued.position > 0
        ? `Queued behind ${formatNumber(queued.position)} ${queued.position === 1 ? 'call' : 'calls'}: about ${wait}.`
        : `Queued: about ${wait}.`}{' '}
      <span className="muted">
        The API call budget is spent for now; {what} will fill in by itself.
      </span>
    </p>
  );
}
