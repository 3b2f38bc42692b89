// The signed-in user (GET /api/session), read once: the app shows their name and role, and hides
// what the role cannot do (the BFF refuses it regardless: shared/contracts/access-facts.ts).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from './api-client';
import { API_ROUTES, requiredRole, roleAtLeast, type Role } from '../shared/contracts/facts';

export interface SessionUser {
  user: string;
  name: string;
  role: Role;
  scope: { accounts: string[] | null; namespaces: string[] | null };
}

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: ['session'],
    queryFn: ({ signal }) => apiGet<SessionUser>(API_ROUTES.session, undefined, undefined, signal),
    // A role changes at the next sign-in.
    staleTime: Infinity,
  });
}

export function useSessionUser() {
  return useQuery(sessionQueryOptions());
}

/**
 * Whether the signed-in role may use a route (method and pattern). Until the role is known the
 * answer is yes: the BFF decides anyway, and the dashboard token's admin sees no flicker.
 */
export function useMayUse(method: string, route: string): boolean {
  const { data } = useSessionUser();
  return data === undefined || roleAtLeast(data.role, requiredRole(method, route));
}

/**
 * Whether the signed-in role, once known, may use a route: for what is shown only to some roles
 * (the audit log's link), so that nobody else sees it even for a moment.
 */
export function useRoleKnownToAllow(method: string, route: string): boolean {
  const { data } = useSessionUser();
  return data !== undefined && roleAtLeast(data.role, requiredRole(method, route));
}
