// The /audit page: the audit trail, for auditors and admins (the BFF refuses everyone else).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditPage } from '../../features/audit';

export function AuditRoute() {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: t('audit:title') });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return <AuditPage />;
}
