import { ScanStatusBadge, SeverityBadge } from '../../../components/badges';
import { Count, RelativeTime } from '../../../components/cells';
import { formatExactTime, formatNumber, type EpochMsValue } from '../../../lib/format';
import { SCAN_FAILED_CODES, type ScanFailedCode } from '../../../shared/contracts/facts';
import type { DetailImage } from '../detail-image';
import { DetailSection, Field, FieldList } from './detail-fields';

function isScanFailedCode(value: string): value is ScanFailedCode {
  return Object.prototype.hasOwnProperty.call(SCAN_FAILED_CODES, value);
}

function Time({ epochMs }: { epochMs: EpochMsValue | null }) {
  if (epochMs === null) return <span className="muted">Never</span>;
  return (
    <span>
      <RelativeTime epochMs={epochMs} />
      <span className="muted image-detail__sub"> · {formatExactTime(epochMs)}</span>
    </span>
  );
}

/** Why the scan failed, in the vendor's words, and what to do about it. */
function ScanFailure({ code, description }: { code: string; description: string }) {
  if (!code && !description) return null;
  const known = isScanFailedCode(code) ? SCAN_FAILED_CODES[code] : undefined;
  return (
    <div className="image-detail__failure" role="note" aria-label="Scan failure">
      {code ? (
        <p>
          <code>{code}</code>
          {known ? ` — ${known.meaning}` : null}
        </p>
      ) : null}
      {description && description !== known?.meaning ? (
        <p className="image-detail__failure-desc">{description}</p>
      ) : null}
      {known ? (
        <p>
          <strong>What to do:</strong> {known.advice}
        </p>
      ) : null}
    </div>
  );
}

/** The scan: status, when, why it failed, and the risks it found. */
export function ScanSection({ detail }: { detail: DetailImage }) {
  const { image } = detail;
  return (
    <DetailSection id="scan" title="Scan">
      <FieldList>
        <Field label="Status">
          <ScanStatusBadge
            status={image.scan_status}
            failedCode={image.scan_failed_code}
            failedDescription={image.scan_failed_desc}
          />
        </Field>
        {detail.kind === 'registry' ? (
          <Field label="Scannable">{detail.image.scannable ? 'Yes' : 'No'}</Field>
        ) : null}
        <Field label="Last scanned">
          <Time epochMs={image.latest_scan_time} />
        </Field>
        <Field label="Last updated">
          <Time epochMs={image.latest_update_time} />
        </Field>
        {detail.kind === 'registry' ? (
          <Field label="Last synced">
            <Time epochMs={detail.image.latest_sync_time} />
          </Field>
        ) : null}
      </FieldList>
      <ScanFailure code={image.scan_failed_code} description={image.scan_failed_desc} />
    </DetailSection>
  );
}

/** What the last scan found. */
/** The risk counts an image (or its roll-up, or an architecture) carries, in the order shown. */
export const RISK_COUNTS = [
  { label: 'Vulnerabilities', key: 'vul_num' },
  { label: 'Baseline risks', key: 'unsafe_setting_num' },
  { label: 'Malicious files', key: 'malicious_file_num' },
] as const;

export function RiskSection({ detail }: { detail: DetailImage }) {
  const { image } = detail;
  // A multi-architecture image (manifest list) is never scanned itself: its risk is its members'.
  const rollup =
    detail.kind === 'registry' && detail.image.multi_arch?.role === 'parent'
      ? detail.image.multi_arch.rollup
      : undefined;
  const risk = rollup ?? image;
  return (
    <DetailSection
      id="risk"
      title="Risks"
      {...(rollup ? { aside: `Roll-up of ${formatNumber(rollup.members)} architectures` } : {})}
    >
      <div className="image-detail__risk">
        <div className="image-detail__risk-level">
          <span className="image-detail__risk-label">
            {rollup ? 'Worst risk level' : 'Risk level'}
          </span>
          <SeverityBadge level={risk.severity_level} />
        </div>
        <dl className="image-detail__counts">
          {RISK_COUNTS.map(({ label, key }) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd>
                <Count value={risk[key]} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {rollup ? (
        <p className="image-detail__rollup-note muted" role="note">
          Rolled up from its {formatNumber(rollup.members)} architectures (
          {formatNumber(rollup.members_scanned)} scanned): the worst level and the summed counts.
          The multi-architecture image itself is not scanned; see Architectures below.
        </p>
      ) : null}
    </DetailSection>
  );
}
