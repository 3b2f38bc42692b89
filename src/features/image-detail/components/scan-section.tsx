import { useTranslation } from 'react-i18next';
import { ScanStatusBadge, SeverityBadge } from '../../../components/badges';
import { Count, RelativeTime } from '../../../components/cells';
import { useFormatters } from '../../../i18n/format';
import type { EpochMsValue } from '../../../lib/format';
import { SCAN_FAILED_CODES, type ScanFailedCode } from '../../../shared/contracts/facts';
import type { DetailImage } from '../detail-image';
import { DetailSection, Field, FieldList } from './detail-fields';

function isScanFailedCode(value: string): value is ScanFailedCode {
  return Object.prototype.hasOwnProperty.call(SCAN_FAILED_CODES, value);
}

function Time({ epochMs }: { epochMs: EpochMsValue | null }) {
  const { t } = useTranslation('detail');
  const format = useFormatters();
  if (epochMs === null) return <span className="muted">{t('scan.never')}</span>;
  return (
    <span>
      <RelativeTime epochMs={epochMs} />
      <span className="muted image-detail__sub"> · {format.exactTime(epochMs)}</span>
    </span>
  );
}

/**
 * Why the scan failed, in the vendor's words (the `detail` catalogue's `scanFailure.<code>`, in
 * HSS's own Chinese or English), and what to do about it.
 */
function ScanFailure({ code, description }: { code: string; description: string }) {
  const { t } = useTranslation('detail');
  if (!code && !description) return null;
  const known = isScanFailedCode(code) ? code : undefined;
  const meaning = known ? t(`scanFailure.${known}.meaning`) : undefined;
  // HSS's description repeats the meaning (in English) for known codes: shown only when it adds.
  const repeats =
    known !== undefined &&
    (description === SCAN_FAILED_CODES[known].meaning || description === meaning);
  return (
    <div className="image-detail__failure" role="note" aria-label={t('scan.failure')}>
      {code ? (
        <p>
          <code>{code}</code>
          {meaning ? ` — ${meaning}` : null}
        </p>
      ) : null}
      {description && !repeats ? <p className="image-detail__failure-desc">{description}</p> : null}
      {known ? (
        <p>
          <strong>{t('scan.whatToDo')}</strong> {t(`scanFailure.${known}.advice`)}
        </p>
      ) : null}
    </div>
  );
}

/** The scan: status, when, why it failed, and the risks it found. */
export function ScanSection({ detail }: { detail: DetailImage }) {
  const { t } = useTranslation('detail');
  const { image } = detail;
  return (
    <DetailSection id="scan" title={t('scan.title')}>
      <FieldList>
        <Field label={t('scan.status')}>
          <ScanStatusBadge
            status={image.scan_status}
            failedCode={image.scan_failed_code}
            failedDescription={image.scan_failed_desc}
          />
        </Field>
        {detail.kind === 'registry' ? (
          <Field label={t('scan.scannable')}>
            {detail.image.scannable ? t('scan.yes') : t('scan.no')}
          </Field>
        ) : null}
        <Field label={t('scan.lastScanned')}>
          <Time epochMs={image.latest_scan_time} />
        </Field>
        <Field label={t('scan.lastUpdated')}>
          <Time epochMs={image.latest_update_time} />
        </Field>
        {detail.kind === 'registry' ? (
          <Field label={t('scan.lastSynced')}>
            <Time epochMs={detail.image.latest_sync_time} />
          </Field>
        ) : null}
      </FieldList>
      <ScanFailure code={image.scan_failed_code} description={image.scan_failed_desc} />
    </DetailSection>
  );
}

/**
 * The risk counts an image (or its roll-up, or an architecture) carries, in the order shown;
 * `label` is the count's key under `risk.` in the `detail` catalogue.
 */
export const RISK_COUNTS = [
  { label: 'vulnerabilities', key: 'vul_num' },
  { label: 'baselineRisks', key: 'unsafe_setting_num' },
  { label: 'maliciousFiles', key: 'malicious_file_num' },
] as const;

/** What the last scan found. */
export function RiskSection({ detail }: { detail: DetailImage }) {
  const { t } = useTranslation('detail');
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
      title={t('risk.title')}
      {...(rollup ? { aside: t('risk.rollupAside', { members: rollup.members }) } : {})}
    >
      <div className="image-detail__risk">
        <div className="image-detail__risk-level">
          <span className="image-detail__risk-label">
            {rollup ? t('risk.worstLevel') : t('risk.level')}
          </span>
          <SeverityBadge level={risk.severity_level} />
        </div>
        <dl className="image-detail__counts">
          {RISK_COUNTS.map(({ label, key }) => (
            <div key={key}>
              <dt>{t(`risk.${label}`)}</dt>
              <dd>
                <Count value={risk[key]} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {rollup ? (
        <p className="image-detail__rollup-note muted" role="note">
          {t('risk.rollupNote', { members: rollup.members, scanned: rollup.members_scanned })}
        </p>
      ) : null}
    </DetailSection>
  );
}
