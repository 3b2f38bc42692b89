import type { FastifyRequest } from 'fastify';
import { ROLES, roleAtLeast, type Role } from '../../shared/contracts/access-facts';

// The roles and their order live with the route table that uses them (shared with the browser).
export { ROLES, roleAtLeast, type Role };

/**
 * What a user may see: account ids and namespace patterns (`*` matches any run of characters).
 * `null` on an axis means unscoped on it.
 */
export interface Scope {
  readonly accounts: readonly string[] | null;
  readonly namespaces: readonly string[] | null;
}

export const UNSCOPED: Scope = { accounts: null, namespaces: null };

/** Who is making a request, with what they may do and see. */
export interface Principal {
  /** Stable id (the OpenID subject, the proxy's user name, or a fixed id for the dashboard token). */
  readonly user: string;
  readonly name: string;
  readonly role: Role;
  readonly scope: Scope;
}

/** The holder of DASHBOARD_TOKEN, and of the sessions it opens: an unscoped admin. */
export const DASHBOARD_TOKEN_HOLDER: Principal = {
  user: 'dashboard-token',
  name: 'Dashboard token',
  role: 'admin',
  scope: UNSCOPED,
};

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every signed-in `/api` request. */
    principal: Principal | undefined;
  }
}

/** The signed-in principal; only on routes the auth plugin protects. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw new Error(`no principal on ${request.method} ${request.url}`);
  return principal;
}

function patternRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'si');
}

/** Whether a value is allowed on one axis of a scope (`null` = every value). */
export function allowedOnAxis(patterns: readonly string[] | null, value: string): boolean {
  return patterns === null || patterns.some((pattern) => patternRegExp(pattern).test(value));
}

/** Whether an image in this account and namespace is inside the scope. */
export function inScope(scope: Scope, account: string, namespace: string): boolean {
  return allowedOnAxis(scope.accounts, account) && allowedOnAxis(scope.namespaces, namespace);
}
