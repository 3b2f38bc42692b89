// Who may do what: the roles and, in one table, the role each API route needs. Zod-free, so the
// browser reads the same table to hide what the signed-in role cannot do (the BFF refuses it
// regardless: plugins/auth.ts checks every request against `requiredRole`).
import { API_ROUTES } from './bff-facts';

/** Roles from least to most power; each may do what the ones before it may. */
export const ROLES = ['viewer', 'auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Every route that needs more than `viewer`: exports and the audit trail (auditor), refresh, saved views and watch
 * rules writes (operator), ending everyone's sessions (admin). A write not listed here needs
 * `admin` (refused unless someone decides otherwise); a read not listed needs `viewer`.
 */
/** Keyed by method and route pattern, e.g. `POST /api/sync/refresh`. */
export const ROUTE_ROLES: Readonly<Record<string, Role>> = {
  [`GET ${API_ROUTES.registryImagesExport}`]: 'auditor',
  [`GET ${API_ROUTES.cicdImagesExport}`]: 'auditor',
  [`GET ${API_ROUTES.acrTagListExport}`]: 'auditor',
  [`GET ${API_ROUTES.changesExport}`]: 'auditor',
  [`GET ${API_ROUTES.baseImagesExport}`]: 'auditor',
  [`GET ${API_ROUTES.searchExport}`]: 'auditor',
  // The audit trail is for auditors and admins (the route checks it too).
  [`GET ${API_ROUTES.audit}`]: 'auditor',
  [`GET ${API_ROUTES.auditExport}`]: 'auditor',
  [`POST ${API_ROUTES.syncRefresh}`]: 'operator',
  [`POST ${API_ROUTES.views}`]: 'operator',
  [`PUT ${API_ROUTES.view}`]: 'operator',
  [`DELETE ${API_ROUTES.view}`]: 'operator',
  [`POST ${API_ROUTES.rules}`]: 'operator',
  [`PUT ${API_ROUTES.rule}`]: 'operator',
  [`DELETE ${API_ROUTES.rule}`]: 'operator',
  [`POST ${API_ROUTES.ruleTest}`]: 'operator',
  // Everyone signs themselves out and keeps their own tokens; admins see and revoke others'.
  [`POST ${API_ROUTES.sessionLogout}`]: 'viewer',
  [`POST ${API_ROUTES.sessionRevokeAll}`]: 'admin',
  [`POST ${API_ROUTES.tokens}`]: 'viewer',
  [`DELETE ${API_ROUTES.token}`]: 'viewer',
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The role a request to this route (method and pattern) needs. */
export function requiredRole(method: string, route: string): Role {
  const listed = ROUTE_ROLES[`${method.toUpperCase()} ${route}`];
  if (listed !== undefined) return listed;
  return READ_METHODS.has(method.toUpperCase()) ? 'viewer' : 'admin';
}

export interface SessionScope {
  /** Account ids the user may see; null: every account. */
  accounts: readonly string[] | null;
  /** Namespace patterns (`*` = any run of characters); null: every namespace. */
  namespaces: readonly string[] | null;
}

/** GET /api/session. */
export interface SessionInfo {
  user: string;
  name: string;
  role: Role;
  scope: SessionScope;
}

/** A token as listed (never the token itself). */
export interface ApiTokenSummary {
  id: string;
  name: string;
  /** The owner's user id. */
  user: string;
  role: Role;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

/** POST /api/tokens: the only answer that ever carries the token. */
export interface CreatedApiToken extends ApiTokenSummary {
  token: string;
}
