// The audit trail (GET /api/audit and its CSV): the /audit page, for auditors and admins.
export { AuditPage } from './components/audit-page';
