import { useTranslation } from 'react-i18next';
import { useEnumLabel } from '../../i18n/enum-labels';
import type { Translate } from '../../i18n/i18n';
import {
  isOneOf,
  SCAN_FAILED_CODES,
  SCAN_STATUSES,
  type ScanStatus,
} from '../../shared/contracts/facts';
import { Badge } from './badge';
import type { Tone } from './palette';

/** Exported for the overview's charts, so a chart and a badge never disagree. */
export const SCAN_STATUS_TONES: Record<ScanStatus, Tone> = {
  success: 'ok',
  scanning: 'info',
  waiting_for_scan: 'neutral',
  unscan: 'neutral',
  failed: 'failed',
  download_failed: 'failed',
  image_oversized: 'failed',
};

function isFailedCode(value: string): value is keyof typeof SCAN_FAILED_CODES {
  return Object.prototype.hasOwnProperty.call(SCAN_FAILED_CODES, value);
}

/**
 * Why a scan failed, in HSS's words in the reader's language (`t` reads the `detail` catalogue,
 * the drawer's words), with what to do about it; HSS's own description for a code it has not
 * documented.
 */
export function describeScanFailure(
  code: string,
  description: string,
  t: Translate,
): string | undefined {
  if (isFailedCode(code)) {
    return t('scanFailureTooltip', {
      meaning: t(`scanFailure.${code}.meaning`),
      advice: t(`scanFailure.${code}.advice`),
    });
  }
  return description || undefined;
}

/**
 * A failed scan's badge. Its words are the drawer's (`detail`, not a first-page catalogue): they
 * load when the first failure shows, and the tooltip waits for them rather than show a key.
 */
function FailedScanBadge({
  label,
  failedCode,
  failedDescription,
}: {
  label: string;
  failedCode: string;
  failedDescription: string;
}) {
  const { t, ready } = useTranslation('detail');
  const title = ready
    ? describeScanFailure(failedCode, failedDescription, (key, values) => t(key, values ?? {}))
    : undefined;
  return <Badge tone="failed" label={label} title={title} />;
}

interface ScanStatusBadgeProps {
  status: string;
  failedCode?: string;
  failedDescription?: string;
}

export function ScanStatusBadge({
  status,
  failedCode = '',
  failedDescription = '',
}: ScanStatusBadgeProps) {
  const label = useEnumLabel();
  if (!isOneOf(SCAN_STATUSES, status)) {
    return <Badge tone="neutral" label={status || label('scanStatus', 'unknown')} />;
  }
  const tone = SCAN_STATUS_TONES[status];
  if (tone === 'failed')
    return (
      <FailedScanBadge
        label={label('scanStatus', status)}
        failedCode={failedCode}
        failedDescription={failedDescription}
      />
    );
  return <Badge tone={tone} label={label('scanStatus', status)} />;
}
