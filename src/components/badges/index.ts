export { Badge } from './badge';
export { PALETTE, TONES, type Tone } from './palette';
export { ScanStatusBadge, describeScanFailure } from './scan-status-badge';
export { SeverityBadge } from './severity-badge';
