export { Badge } from './badge';
export { PALETTE, TONES, type Tone } from './palette';
export { ScanStatusBadge, SCAN_STATUS_TONES, describeScanFailure } from './scan-status-badge';
export { SeverityBadge, SEVERITY_TONES } from './severity-badge';
export { RiskCountBadge, countTone, type RiskCountKind } from './count-badge';
export { ScanStatusCell } from './scan-status-cell';
export { SharedImageBadge } from './shared-image-badge';
