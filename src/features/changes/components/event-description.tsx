// An event's before → after, in words: levels and statuses by their labels, counts as numbers,
// scan times as times.
import { useTranslation } from 'react-i18next';
import { SeverityBadge } from '../../../components/badges';
import { useFormatters } from '../../../i18n/format';
import { useEnumLabel } from '../../../i18n/enum-labels';
import type { ChangeEvent, ChangeValues } from '../../../shared/contracts/facts';

const RISK_COUNTS = ['vul_num', 'malicious_file_num', 'unsafe_setting_num'] as const;
const text = (values: ChangeValues | null, field: string): string => String(values?.[field] ?? '');

export function EventDescription({ event }: { event: ChangeEvent }) {
  const { t } = useTranslation('changes');
  const format = useFormatters();
  const label = useEnumLabel();
  const { before, after } = event;
  const arrow = <span aria-label={t('to')}> → </span>;
  switch (event.event_type) {
    case 'appeared':
    case 'removed': {
      const values = event.event_type === 'appeared' ? after : before;
      return (
        <span className="changes__what">
          <SeverityBadge level={text(values, 'severity_level')} />{' '}
          {t('counts', {
            vul: Number(values?.vul_num ?? 0),
            malicious: Number(values?.malicious_file_num ?? 0),
            unsafe: Number(values?.unsafe_setting_num ?? 0),
          })}
        </span>
      );
    }
    case 'severity_changed':
      return (
        <span className="changes__what">
          <SeverityBadge level={text(before, 'severity_level')} />
          {arrow}
          <SeverityBadge level={text(after, 'severity_level')} />
        </span>
      );
    case 'risk_changed':
      return (
        <span className="changes__what">
          {RISK_COUNTS.filter((field) => before?.[field] !== after?.[field]).map((field) => (
            <span key={field} className="changes__count">
              {t(`countNames.${field}`)} {format.number(Number(before?.[field] ?? 0))}
              {arrow}
              {format.number(Number(after?.[field] ?? 0))}
            </span>
          ))}
        </span>
      );
    case 'rescanned': {
      const was = before?.latest_scan_time;
      const now = after?.latest_scan_time;
      return (
        <span className="changes__what">
          {was ? format.exactTime(String(was)) : t('neverScanned')}
          {arrow}
          {now ? format.exactTime(String(now)) : ''}
        </span>
      );
    }
    case 'scan_failed':
      return (
        <span className="changes__what">
          {label('scanStatus', text(after, 'scan_status'))}
          {text(after, 'scan_failed_desc') ? `: ${text(after, 'scan_failed_desc')}` : ''}
        </span>
      );
    case 'scan_recovered':
      return (
        <span className="changes__what">
          {label('scanStatus', text(before, 'scan_status'))}
          {arrow}
          {label('scanStatus', text(after, 'scan_status'))}
        </span>
      );
    case 'latest_version_changed':
      return (
        <span className="changes__what">
          {Number(after?.latest_version) === 1 ? t('becameLatest') : t('noLongerLatest')}
        </span>
      );
  }
}
