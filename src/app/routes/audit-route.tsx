// The /audit page: the audit trail, for auditors and admins (the BFF refuses everyone else).
import { AuditPage } from '../../features/audit';
import { useDocumentTitle } from '../use-document-title';

export function AuditRoute() {
  useDocumentTitle('audit');
  return <AuditPage />;
}
