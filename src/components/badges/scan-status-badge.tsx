import { useEnumLabel } from '../../i18n/enum-labels';
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

/** Why a scan failed, in the vendor's words, with what to do about it. */
export function describeScanFailure(code: string, description: string): string | undefined {
  if (isFailedCode(code)) {
    const { meaning, advice } = SCAN_FAILED_CODES[code];
    return `${meaning} ${advice}`;
  }
  return description || undefined;
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
  const title = tone === 'failed' ? describeScanFailure(failedCode, failedDescription) : undefined;
  return <Badge tone={tone} label={label('scanStatus', status)} title={title} />;
}
