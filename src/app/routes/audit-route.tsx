// The /audit page: the audit trail, for auditors and admins (the BFF refuses everyone else; a
// viewer opening it by URL is told the role it needs).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RoleNeeded } from '../../components/access';
import { AuditPage } from '../../features/audit';
import { API_ROUTES } from '../../shared/contracts/facts';

export function AuditRoute() {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: t('audit:title') });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <RoleNeeded method="GET" route={API_ROUTES.audit} action={t('access:roleNeeded.auditLog')}>
      <AuditPage />
    </RoleNeeded>
  );
}
