// The /audit page: the audit trail, for auditors and admins (the BFF refuses everyone else; a
// viewer opening it by URL is told the role it needs).
import { useTranslation } from 'react-i18next';
import { RoleNeeded } from '../../components/access';
import { AuditPage } from '../../features/audit';
import { API_ROUTES } from '../../shared/contracts/facts';
import { useDocumentTitle } from '../use-document-title';

export default function AuditRoute() {
  const { t } = useTranslation();
  useDocumentTitle('audit');
  return (
    <RoleNeeded method="GET" route={API_ROUTES.audit} action={t('access:roleNeeded.auditLog')}>
      <AuditPage />
    </RoleNeeded>
  );
}
