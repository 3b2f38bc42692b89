import { ScanStatusBadge } from './scan-status-badge';

interface ScanStatusCellProps {
  status: string;
  failedCode: string;
  failedDescription: string;
}

/** The scan status badge and, for a failure, its `scan_failed_code` in view (meaning on hover). */
export function ScanStatusCell({ status, failedCode, failedDescription }: ScanStatusCellProps) {
  return (
    <span className="scan-status">
      <ScanStatusBadge
        status={status}
        failedCode={failedCode}
        failedDescription={failedDescription}
      />
      {failedCode ? (
        // Cut short in a narrow column: the whole code on hover.
        <code className="scan-status__code" title={failedCode}>
          {failedCode}
        </code>
      ) : null}
    </span>
  );
}
